// HTTP to a Core server on node:http(s), not fetch: fetch refuses the "bad ports" of the
// Fetch standard (6000, 6665…), and an Agent per backend lets close() drop its sockets.
// Every attempt has a deadline that covers the whole reply, body included. Only GET is
// retried: a POST/PATCH/DELETE that timed out may already have happened on the server.
import http from 'node:http';
import https from 'node:https';
import { parseServerUrl } from './serverUrl';
import {
  TransportError,
  cancelled,
  cutShort,
  formatBytes,
  formatSeconds,
  networkError,
  safeMessage,
} from './transportErrors';

export type { HttpMethod as Method } from '../../../shared/vocabulary';
import type { HttpMethod as Method } from '../../../shared/vocabulary';

export interface TransportOptions {
  /** Deadline of one attempt, from connecting to the last byte of the reply. */
  timeoutMs?: number;
  /** Extra attempts for a GET after a network error, a timeout or HTTP 502/503/504. */
  retries?: number;
  /** First backoff; it doubles per retry, with jitter, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A reply body larger than this is refused as BAD_RESPONSE. */
  maxReplyBytes?: number;
  /** Extra CA certificates to trust for https (PEM), e.g. a company's own CA. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export const TRANSPORT_DEFAULTS = {
  timeoutMs: 10_000,
  retries: 2,
  retryBaseMs: 250,
  retryMaxMs: 2_000,
  maxReplyBytes: 64 * 1024 * 1024,
} as const;

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** How many attempts it took, for messages ("tried 3 times"). */
  attempts: number;
}

export interface RawRequest {
  method: Method;
  /** Path and query, relative to the server's base URL, e.g. `/user/apiKey?orgId=3`. */
  path: string;
  credential: string;
  body?: unknown;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

export class Transport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly closing = new AbortController();
  private readonly o: Required<Omit<TransportOptions, 'ca'>>;
  /** `https://host:port`, for messages: never a path, query or credential. */
  readonly origin: string;

  constructor(baseUrl: string, opts: TransportOptions = {}) {
    const base = parseServerUrl(baseUrl);
    base.search = '';
    base.hash = '';
    this.base = base;
    this.origin = base.origin;
    this.o = {
      timeoutMs: opts.timeoutMs ?? TRANSPORT_DEFAULTS.timeoutMs,
      retries: opts.retries ?? TRANSPORT_DEFAULTS.retries,
      retryBaseMs: opts.retryBaseMs ?? TRANSPORT_DEFAULTS.retryBaseMs,
      retryMaxMs: opts.retryMaxMs ?? TRANSPORT_DEFAULTS.retryMaxMs,
      maxReplyBytes: opts.maxReplyBytes ?? TRANSPORT_DEFAULTS.maxReplyBytes,
    };
    this.agent =
      base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 8, ca: opts.ca })
        : new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Sends a request, retrying a GET when that can help. Never includes the credential in an error. */
  async send(req: RawRequest): Promise<RawReply> {
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
    const maxAttempts = req.method === 'GET' ? this.o.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      this.assertOpen();
      let reply: RawReply | undefined;
      let failure: TransportError | undefined;
      try {
        reply = { ...(await this.attempt(req, payload)), attempts: attempt };
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        failure = e;
      }
      const retry = attempt < maxAttempts && (failure ? failure.retryable : RETRY_STATUSES.has(reply!.status));
      if (!retry) {
        if (failure)
          throw attempt > 1
            ? new TransportError(failure.code, `${failure.message} (tried ${attempt} times)`, false)
            : failure;
        return reply!;
      }
      await this.pause(this.backoff(attempt, reply?.headers['retry-after']));
    }
  }

  /** Drops pooled sockets and fails every request in flight with CANCELLED. */
  close(): void {
    this.closing.abort();
    this.agent.destroy();
  }

  private assertOpen(): void {
    if (this.closed) throw cancelled();
  }

  /** Exponential backoff with "equal jitter"; a Retry-After in seconds is honoured up to the cap. */
  private backoff(attempt: number, retryAfter: string | string[] | undefined): number {
    const exp = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** (attempt - 1));
    const jittered = exp / 2 + Math.random() * (exp / 2);
    const hinted = typeof retryAfter === 'string' && /^\d{1,4}$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    return Math.min(this.o.retryMaxMs, Math.max(jittered, hinted));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.closing.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort);
    });
  }

  private url(pathAndQuery: string): URL {
    const u = new URL(this.base.href);
    const q = pathAndQuery.indexOf('?');
    u.pathname = this.base.pathname.replace(/\/+$/, '') + (q === -1 ? pathAndQuery : pathAndQuery.slice(0, q));
    u.search = q === -1 ? '' : pathAndQuery.slice(q);
    return u;
  }

  private attempt(req: RawRequest, payload: Buffer | undefined): Promise<Omit<RawReply, 'attempts'>> {
    const url = this.url(req.path);
    const what = `${req.method} ${url.pathname}`;
    const mod = url.protocol === 'https:' ? https : http;
    const headers: http.OutgoingHttpHeaders = {
      accept: 'application/json',
      'user-agent': 'keywarden-desktop',
      'x-api-key': req.credential,
    };
    if (payload) {
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = payload.length;
    }

    return new Promise((resolve, reject) => {
      let settled = false;
      let client: http.ClientRequest | undefined;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.closing.signal.removeEventListener('abort', onClose);
        fn();
      };
      const fail = (e: TransportError) =>
        finish(() => {
          client?.destroy();
          reject(e);
        });
      const onClose = () => fail(cancelled());
      const timer = setTimeout(
        () =>
          fail(
            new TransportError(
              'TIMEOUT',
              `${this.origin} did not answer ${what} within ${formatSeconds(this.o.timeoutMs)}: the server or the network is slow or down; try again later`,
              true,
            ),
          ),
        this.o.timeoutMs,
      );
      this.closing.signal.addEventListener('abort', onClose);

      try {
        client = mod.request(url, { method: req.method, headers, agent: this.agent });
      } catch (e) {
        fail(new TransportError('NETWORK', `cannot send ${what} to ${this.origin}: ${safeMessage(e)}`, false));
        return;
      }
      client.on('error', (e) => fail(networkError(this.origin, e as NodeJS.ErrnoException, what, false)));
      client.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let ended = false;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.o.maxReplyBytes) {
            fail(
              new TransportError(
                'BAD_RESPONSE',
                `${this.origin} sent a reply to ${what} larger than ${formatBytes(this.o.maxReplyBytes)}: is the URL a Keywarden Core server?`,
                false,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          ended = true;
          if (!res.complete) fail(cutShort(this.origin, what));
          else
            finish(() =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) }),
            );
        });
        res.on('error', (e) => fail(networkError(this.origin, e as NodeJS.ErrnoException, what, true)));
        res.on('close', () => {
          if (!ended) fail(cutShort(this.origin, what));
        });
      });
      client.end(payload);
    });
  }
}
