// How the RemoteBackend reads a Core server's replies: every status and body shape maps to
// one KeywardenError code with a message that says what happened and what to do.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseReply, redactKeys, replyError } from '../../../src/main/backend/remote/replies';
import type { RawReply } from '../../../src/main/backend/remote/transport';
import { keyMetaSchema, pageSchema, orgSchema } from '../../../src/shared/domain';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from '../../../src/shared/errors';
import { formatKey } from '../../../src/shared/keyFormat';
import { keyMeta } from '../../support/keyMeta';

const ORIGIN = 'https://core.example.com';
const WHAT = 'GET /user/apiKey';

function reply(status: number, body: unknown, type = 'application/json; charset=utf-8', attempts = 1): RawReply {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: type ? { 'content-type': type } : {}, body: Buffer.from(text), attempts };
}
const errorBody = (code: string, message: string) => ({ error: { code, message } });

describe('replyError', () => {
  const CREDENTIAL_CODES: ErrorCode[] = [
    'MISSING_KEY',
    'MALFORMED_KEY',
    'WRONG_ENVIRONMENT',
    'UNKNOWN_KEY',
    'REVOKED',
    'DISABLED',
    'EXPIRED',
    'INACTIVE_USER',
  ];

  it.each(CREDENTIAL_CODES)(
    '401 %s keeps the code and says the credential was refused and to edit the profile',
    (code) => {
      const e = replyError(reply(401, errorBody(code, 'server words')), WHAT, ORIGIN);
      expect({ code: e.code, status: e.status }).toEqual({ code, status: 401 });
      expect(e.message).toMatch(
        new RegExp(`^the server refused the profile's credential \\(${code}: server words\\): `),
      );
      expect(e.message).toMatch(
        code === 'WRONG_ENVIRONMENT' ? /check the profile's URL/ : /(edit the profile|ask an admin)/,
      );
    },
  );

  it('401 without a known code is still a refused credential', () => {
    for (const r of [reply(401, errorBody('NEW_REASON', 'later server')), reply(401, 'Unauthorized', 'text/plain')]) {
      const e = replyError(r, WHAT, ORIGIN);
      expect(e.code).toBe('UNKNOWN_KEY');
      expect(e.message).toMatch(/refused the profile's credential \(HTTP 401.*edit the profile and paste a valid key/);
    }
  });

  it.each([
    [403, 'FORBIDDEN', 'only admins of org 3 may do this'],
    [403, 'IMPERSONATION_DENIED', 'the key may not impersonate'],
    [400, 'BAD_REQUEST', 'name: must not be empty'],
    [404, 'NOT_FOUND', 'key 9 does not exist'],
    [405, 'METHOD_NOT_ALLOWED', 'this route allows GET, HEAD'],
    [409, 'CONFLICT', 'key 9 was deleted'],
    [413, 'PAYLOAD_TOO_LARGE', 'the body is larger than 1 MiB'],
  ] as const)("%i %s passes the server's code and message through", (status, code, message) => {
    const e = replyError(reply(status, errorBody(code, message)), WHAT, ORIGIN);
    expect({ code: e.code, status: e.status, message: e.message }).toEqual({
      code,
      status: ERROR_STATUS[code],
      message,
    });
  });

  it("403 SCOPE_DENIED and READ_ONLY say what is wrong with the profile's key", () => {
    expect(
      replyError(reply(403, errorBody('SCOPE_DENIED', 'the key lacks the rest scope')), WHAT, ORIGIN).message,
    ).toBe(
      'the key lacks the rest scope: the profile\'s key lacks the "rest" scope: edit the profile and paste a key that has it',
    );
    expect(
      replyError(reply(403, errorBody('READ_ONLY', 'the key is read-only')), 'POST /user/apiKey', ORIGIN).message,
    ).toMatch(/^the key is read-only: .*paste a key that is not read-only/);
  });

  it('5xx is UNAVAILABLE: the server failed, or is unavailable, and how often it was tried', () => {
    const e500 = replyError(reply(500, errorBody('INTERNAL', 'internal error')), WHAT, ORIGIN);
    expect({ code: e500.code, message: e500.message }).toEqual({
      code: 'UNAVAILABLE',
      message:
        "the server failed (HTTP 500: internal error) on GET /user/apiKey: try again later; if it keeps failing, ask the server's operator to check its log",
    });
    const e503 = replyError(reply(503, 'busy', 'text/plain', 3), WHAT, ORIGIN);
    expect(e503.message).toMatch(
      /^the server \(or a proxy in front of it\) is unavailable \(HTTP 503\) on GET \/user\/apiKey \(tried 3 times\): try again later/,
    );
  });

  it("a proxy's 413 or 429 page maps to PAYLOAD_TOO_LARGE and UNAVAILABLE", () => {
    expect(replyError(reply(413, '<html>too big</html>', 'text/html'), 'POST /user/apiKey', ORIGIN).code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(replyError(reply(429, '', ''), WHAT, ORIGIN)).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/rate-limiting/),
    });
  });

  it('anything else is BAD_RESPONSE pointing at the URL: an HTML 404, a teapot, a code that does not fit its status', () => {
    for (const r of [
      reply(404, '<html>nginx</html>', 'text/html'),
      reply(418, 'teapot', 'text/plain'),
      reply(404, errorBody('FORBIDDEN', 'odd')),
    ]) {
      const e = replyError(r, WHAT, ORIGIN);
      expect(e.code).toBe('BAD_RESPONSE');
      expect(e.message).toMatch(
        /^https:\/\/core\.example\.com answered GET \/user\/apiKey with HTTP \d+ \(.+\), which is not a Keywarden Core reply: check that the URL/,
      );
    }
  });

  it('a redirect is BAD_RESPONSE naming where it pointed', () => {
    const r: RawReply = {
      status: 301,
      headers: { location: 'https://core.example.com/v2/user/apiKey' },
      body: Buffer.alloc(0),
      attempts: 1,
    };
    expect(replyError(r, WHAT, ORIGIN).message).toMatch(
      /redirected GET \/user\/apiKey to https:\/\/core\.example\.com\/v2\/user\/apiKey \(HTTP 301\)/,
    );
  });

  it('cuts anything key-shaped out of a server message, whoever put it there', () => {
    const key = formatKey('sandbox', randomBytes(20));
    const e = replyError(reply(404, errorBody('NOT_FOUND', `no route for ${key}`)), WHAT, ORIGIN);
    expect(e.message).toBe(`no route for ${key.slice(0, 12)}…`);
    expect(redactKeys(`a ${key} b`)).toBe(`a ${key.slice(0, 12)}… b`);
  });
});

describe('parseReply', () => {
  const meta = keyMeta({ orgId: 2, orgUserId: 3, userId: 4, name: 'n', createdBy: 4 });

  it('returns the data, stripped to the schema: a stray key or digest never gets through', () => {
    const stray = formatKey('sandbox', randomBytes(20));
    const parsed = parseReply(reply(200, { ...meta, apiKey: stray, digest: 'abc' }), keyMetaSchema, WHAT, ORIGIN);
    expect(parsed).toEqual(meta);
  });

  it('accepts +json content types', () => {
    expect(
      parseReply(
        reply(200, { items: [], nextCursor: null }, 'application/vnd.keywarden+json'),
        pageSchema(orgSchema),
        WHAT,
        ORIGIN,
      ),
    ).toEqual({ items: [], nextCursor: null });
  });

  it('is BAD_RESPONSE for a non-JSON body, an empty one, JSON that does not parse, and a wrong shape', () => {
    const cases: Array<[RawReply, RegExp]> = [
      [reply(200, '<html></html>', 'text/html'), /with text\/html instead of JSON/],
      [reply(200, '', 'application/json'), /with an empty body instead of JSON/],
      [reply(200, '{"items":', 'application/json'), /application\/json that does not parse/],
      [reply(200, { items: 'none' }), /not what this app expects \(items: .*\)/],
      [reply(200, { ...meta, scopes: ['root'] }), /scopes\.0/],
    ];
    for (const [r, message] of cases) {
      let e: unknown;
      try {
        parseReply(r, r.body.toString().startsWith('{"id"') ? keyMetaSchema : pageSchema(orgSchema), WHAT, ORIGIN);
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(KeywardenError);
      expect((e as KeywardenError).code).toBe('BAD_RESPONSE');
      expect((e as KeywardenError).message).toMatch(message);
    }
  });
});
