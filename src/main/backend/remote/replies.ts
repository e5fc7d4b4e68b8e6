// Turns a Core server's reply into data or a KeywardenError that says what happened and
// what to do. Server messages are passed on (they are the engine's), but anything
// key-shaped in them is cut to its start first, whoever put it there.
import type { z } from 'zod';
import { describeIssues } from '../../../shared/domain';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from '../../../shared/errors';
import type { RawReply } from './transport';
import { redactKeys } from '../../../shared/keyFormat';

export { redactKeys } from '../../../shared/keyFormat';

/** What to do when the server refuses the credential, per error code (docs/rules.md). */
const CREDENTIAL_HINTS: Partial<Record<ErrorCode, string>> = {
  MISSING_KEY: 'edit the profile and paste its key',
  MALFORMED_KEY: 'edit the profile and paste the whole key, as it was shown when created',
  WRONG_ENVIRONMENT:
    "the key and the server are for different environments: check the profile's URL, then paste a key issued by that server",
  UNKNOWN_KEY: 'the server does not know this key: edit the profile and paste a key issued by this server',
  REVOKED: 'the key was deleted: ask an admin of the org for a new key, then edit the profile and paste it',
  DISABLED: 'the key is disabled: ask an admin to enable it, or edit the profile and paste another key',
  EXPIRED: 'the key has expired (or was rolled): edit the profile and paste its replacement',
  INACTIVE_USER:
    "the key's user or membership is not active: ask an admin to reactivate it, or edit the profile and paste another key",
};

const PERMISSION_HINTS: Partial<Record<ErrorCode, string>> = {
  SCOPE_DENIED: 'the profile\'s key lacks the "rest" scope: edit the profile and paste a key that has it',
  READ_ONLY:
    "the profile's key is read-only, so it can only look: edit the profile and paste a key that is not read-only to make changes",
};

export interface ServerError {
  code: string;
  message: string;
}

/** `{"error": {"code", "message"}}`, or null when the body is not that. */
export function serverError(reply: RawReply): ServerError | null {
  const json = jsonOf(reply);
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return null;
  const error = (json.value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^[A-Z_]{1,40}$/.test(code)) return null;
  return { code, message: typeof message === 'string' ? redactKeys(message).slice(0, 1000) : '' };
}

const isKnown = (code: string): code is ErrorCode => Object.prototype.hasOwnProperty.call(ERROR_STATUS, code);

/** The error for a non-2xx reply. `what` is e.g. "GET /user/orgs"; `origin` the server's. */
export function replyError(reply: RawReply, what: string, origin: string): KeywardenError {
  const { status } = reply;
  const err = serverError(reply);
  const said = err?.message ? `: ${err.message}` : '';

  if (status >= 300 && status < 400) {
    const to = headerOf(reply, 'location');
    const where = to ? ` to ${redactKeys(to).slice(0, 200)}` : '';
    return new KeywardenError(
      'BAD_RESPONSE',
      `${origin} redirected ${what}${where} (HTTP ${status}); the app does not follow redirects, so that the key is never sent elsewhere: put the final address in the profile`,
    );
  }
  if (status >= 500) {
    const tries = reply.attempts > 1 ? ` (tried ${reply.attempts} times)` : '';
    const who = [502, 503, 504].includes(status)
      ? 'the server (or a proxy in front of it) is unavailable'
      : 'the server failed';
    return new KeywardenError(
      'UNAVAILABLE',
      `${who} (HTTP ${status}${said}) on ${what}${tries}: try again later; if it keeps failing, ask the server's operator to check its log`,
    );
  }
  if (err && isKnown(err.code) && ERROR_STATUS[err.code] === status) {
    if (status === 401) {
      const hint = CREDENTIAL_HINTS[err.code] ?? 'edit the profile and paste a valid key';
      return new KeywardenError(err.code, `the server refused the profile's credential (${err.code}${said}): ${hint}`);
    }
    const hint = PERMISSION_HINTS[err.code];
    return new KeywardenError(
      err.code,
      hint ? `${err.message || err.code}: ${hint}` : err.message || defaultMessage(err.code),
    );
  }
  if (status === 413)
    return new KeywardenError('PAYLOAD_TOO_LARGE', `the server (or a proxy) refused ${what}: the request is too large`);
  if (status === 429)
    return new KeywardenError(
      'UNAVAILABLE',
      `the server is rate-limiting requests (HTTP 429) on ${what}: wait a moment and try again`,
    );
  if (status === 401) {
    return new KeywardenError(
      'UNKNOWN_KEY',
      `the server refused the profile's credential (HTTP 401${err ? ` ${err.code}` : ''}${said}): edit the profile and paste a valid key`,
    );
  }
  const body = err ? `${err.code}${said}` : describeBody(reply);
  return new KeywardenError(
    'BAD_RESPONSE',
    `${origin} answered ${what} with HTTP ${status} (${body}), which is not a Keywarden Core reply: check that the URL is the Core server's address`,
  );
}

function defaultMessage(code: ErrorCode): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

/** The body of a 2xx reply, checked against the schema. */
export function parseReply<T extends z.ZodTypeAny>(
  reply: RawReply,
  schema: T,
  what: string,
  origin: string,
): z.output<T> {
  const json = jsonOf(reply);
  if (!json.ok) {
    return badResponse(
      `${origin} answered ${what} with ${describeBody(reply)} instead of JSON: check that the URL is a Keywarden Core server's address`,
    );
  }
  const r = schema.safeParse(json.value);
  if (!r.success) {
    return badResponse(
      `the reply of ${origin} to ${what} is not what this app expects (${describeIssues(r.error)}): is it a Keywarden Core server of a compatible version?`,
    );
  }
  return r.data;
}

function badResponse(message: string): never {
  throw new KeywardenError('BAD_RESPONSE', redactKeys(message));
}

function headerOf(reply: RawReply, name: string): string | undefined {
  const v = reply.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function jsonOf(reply: RawReply): { ok: true; value: unknown } | { ok: false } {
  const type = (headerOf(reply, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(reply.body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function describeBody(reply: RawReply): string {
  const type = (headerOf(reply, 'content-type') ?? '').split(';')[0].trim();
  if (reply.body.length === 0) return 'an empty body';
  if (!type) return 'a body with no content type';
  return /json/i.test(type) ? `${type} that does not parse` : type;
}
