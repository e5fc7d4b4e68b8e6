// What went wrong talking to a Core server, in words a person can act on: each network, TLS
// and timeout failure gets its own code and a message naming the server, never the credential.
import { KeywardenError, type ErrorCode } from '../../../shared/errors';

/** A transport failure; `retryable` says whether a GET may try again. */
export class TransportError extends KeywardenError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(code, message);
  }
}

/** The profile was closed or switched while a request was waiting or in flight. */
export const cancelled = (): TransportError =>
  new TransportError(
    'CANCELLED',
    'the connection to the server was closed (the profile was closed or switched)',
    false,
  );

// Certificate problems, by the OpenSSL/Node codes they arrive with, and what they mean.
const TLS_REASONS: Array<[RegExp, string]> = [
  [/^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/, 'its certificate is self-signed'],
  [/^ERR_TLS_CERT_ALTNAME_INVALID$/, 'its certificate is for another host name'],
  [/^CERT_HAS_EXPIRED$/, 'its certificate has expired'],
  [/^CERT_NOT_YET_VALID$/, 'its certificate is not valid yet'],
  [/^CERT_REVOKED$/, 'its certificate was revoked'],
  [
    /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/,
    'its certificate is not signed by an authority this computer trusts',
  ],
  [/^ERR_SSL_WRONG_VERSION_NUMBER$/, 'it does not speak https on that port (is it plain http?)'],
  [/^(ERR_SSL_|ERR_TLS_|EPROTO$|CERT_|ERR_OSSL_)/, 'the TLS handshake failed'],
];

/** The reply stopped before its end: the server or a proxy dropped the connection. */
export function cutShort(origin: string, what: string): TransportError {
  return new TransportError(
    'NETWORK',
    `the connection to ${origin} closed in the middle of the reply to ${what}: try again; if it keeps happening, check the server and any proxy in front of it`,
    true,
  );
}

/** A socket error, by its code: TLS, refused, no such host, unreachable, timed out. */
export function networkError(
  origin: string,
  e: NodeJS.ErrnoException,
  what: string,
  midReply: boolean,
): TransportError {
  let code = typeof e.code === 'string' ? e.code : '';
  // node:https reports a plain-http peer as EPROTO with OpenSSL's words in the message.
  if (code === 'EPROTO' && /wrong version number/i.test(e.message ?? '')) code = 'ERR_SSL_WRONG_VERSION_NUMBER';
  const tls = TLS_REASONS.find(([re]) => re.test(code));
  if (tls) {
    return new TransportError(
      'TLS',
      `the secure (TLS) connection to ${origin} failed: ${tls[1]} (${code}). Use the server's proper https address, or have its operator install a certificate this computer trusts`,
      false,
    );
  }
  if (midReply || code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test(e.message ?? '')) {
    return cutShort(origin, what);
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError(
        'NETWORK',
        `cannot reach ${origin} (connection refused): is the server running, and are the host and port in the URL right?`,
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError(
        'NETWORK',
        `cannot find the host of ${origin}: check the URL and your network connection`,
        true,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return new TransportError(
        'NETWORK',
        `cannot reach ${origin} (${code}): check your network connection or VPN`,
        true,
      );
    case 'ETIMEDOUT':
      return new TransportError(
        'TIMEOUT',
        `connecting to ${origin} timed out: the server or the network is down; try again later`,
        true,
      );
    default:
      return new TransportError(
        'NETWORK',
        `cannot talk to ${origin} (${code || 'network error'}): check the URL and your network, then try again`,
        true,
      );
  }
}

export function formatBytes(n: number): string {
  return n >= 1048576 ? `${+(n / 1048576).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

// A Node error's message names hosts and codes, never a header value; cut it anyway.
export function safeMessage(e: unknown): string {
  return (e instanceof Error ? e.message : 'unknown error').slice(0, 200);
}
