import { KeywardenError } from '../../../shared/errors';

/** A Core server's base URL: http(s), with no credential in it. */
export function parseServerUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new KeywardenError('BAD_REQUEST', 'the server URL is not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new KeywardenError('BAD_REQUEST', 'the server URL must be http or https');
  if (u.username || u.password)
    throw new KeywardenError('BAD_REQUEST', 'put the credential in its own field, not in the URL');
  return u;
}

/** Production remotes carry production keys: plain http is allowed only to this machine. */
export function assertRemoteUrl(raw: string, environment: 'sandbox' | 'production'): void {
  const u = parseServerUrl(raw);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) || /^127\./.test(u.hostname);
  if (environment === 'production' && u.protocol !== 'https:' && !loopback) {
    throw new KeywardenError('BAD_REQUEST', 'a production server must use https (plain http only to this machine)');
  }
}
