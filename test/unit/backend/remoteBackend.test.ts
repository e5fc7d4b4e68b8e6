// What the RemoteBackend refuses before sending anything: a credential that is not a key or
// is for the other environment, an id that could reshape a path, a pasted key that fails
// the offline check. The URL points at a closed port, so any request would be NETWORK.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RemoteBackend, assertCredential } from '../../../src/main/backend/remote';
import { KeywardenError } from '../../../src/shared/errors';
import { formatKey } from '../../../src/shared/keyFormat';

const NOWHERE = 'http://127.0.0.1:9';
const sandboxKey = formatKey('sandbox', randomBytes(20));

function thrown(fn: () => unknown): KeywardenError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeywardenError) return e;
    throw e;
  }
  throw new Error('expected a KeywardenError');
}

describe('assertCredential', () => {
  it("accepts a key of the profile's environment, trimmed", () => {
    expect(assertCredential(` ${sandboxKey}\n`, 'sandbox')).toBe(sandboxKey);
  });

  it('refuses an empty, malformed or wrong-environment credential with what to do, never echoing it', () => {
    expect(thrown(() => assertCredential('', 'sandbox'))).toMatchObject({ code: 'MISSING_KEY' });
    const typo = `${sandboxKey.slice(0, 40)}${sandboxKey[40] === 'a' ? 'b' : 'a'}`;
    const malformed = thrown(() => assertCredential(typo, 'sandbox'));
    expect(malformed.code).toBe('MALFORMED_KEY');
    expect(malformed.message).toMatch(/checksum does not match.*edit the profile/);
    const wrong = thrown(() => assertCredential(sandboxKey, 'production'));
    expect(wrong.code).toBe('WRONG_ENVIRONMENT');
    for (const e of [malformed, wrong]) expect(e.message).not.toContain(sandboxKey.slice(12));
  });
});

describe('RemoteBackend before any request', () => {
  it("is a remote backend of the profile's environment", async () => {
    const b = new RemoteBackend({ url: NOWHERE, environment: 'sandbox' }, sandboxKey);
    expect({ kind: b.kind, environment: b.environment, origin: b.origin }).toEqual({
      kind: 'remote',
      environment: 'sandbox',
      origin: NOWHERE,
    });
    await b.close();
  });

  it('refuses ids that are not positive integers, so nothing can reshape a route', async () => {
    const b = new RemoteBackend({ url: NOWHERE, environment: 'sandbox' }, sandboxKey, { verifyEnvironment: false });
    for (const id of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      await expect(b.getKey(id)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(b.getMembership(1, 0)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await b.close();
  });

  it('checks a pasted key offline first: missing, malformed and wrong-environment keys never reach the server', async () => {
    const b = new RemoteBackend({ url: NOWHERE, environment: 'sandbox' }, sandboxKey);
    expect(await b.checkKey('   ')).toEqual({
      valid: false,
      code: 'MISSING_KEY',
      reason: 'no key was given',
      start: null,
    });
    expect(await b.checkKey('kw_test_short')).toMatchObject({
      valid: false,
      code: 'MALFORMED_KEY',
      start: 'kw_test_shor',
    });
    const live = formatKey('production', randomBytes(20));
    expect(await b.checkKey(live)).toEqual({
      valid: false,
      code: 'WRONG_ENVIRONMENT',
      reason: 'this is a production key; this profile is sandbox',
      start: live.slice(0, 12),
    });
    await b.close();
  });
});
