// Verification over HTTP: both auth headers, precedence, every 401/403 code of docs/rules.md,
// scopes per route, read-only keys and impersonation.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKey } from '../../../src/shared/keyFormat';
import { client, expectError, expectStatus, type Running, type World, worldOnServer } from './support';

let s: Running;
let w: World;
let c: ReturnType<typeof client>;

beforeAll(async () => {
  ({ s, w, c } = await worldOnServer());
});
afterAll(() => s.stop());

const newKey = async (body: Record<string, unknown>) =>
  expectStatus(await c.post('/user/apiKey', { name: 'k', ...body }, { key: s.ownerKey }), 201).json as {
    id: number;
    apiKey: string;
  };

describe('who am I', () => {
  it('answers GET /user/users/me with x-api-key', async () => {
    const r = expectStatus(await c.get('/user/users/me', { key: w.adminA.key }), 200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json).toMatchObject({
      id: w.adminA.userId,
      email: 'admin.a@example.com',
      isSuperAdmin: false,
      status: 'active',
      currentOrg: { id: w.orgA, name: 'Alpha', allowUserKeys: false },
      orgUserId: w.adminA.orgUserId,
      role: 'admin',
      key: { id: w.adminA.keyId, kind: 'user', orgId: w.orgA },
      impersonatedBy: null,
    });
    expect(r.json.key).not.toHaveProperty('apiKey');
    expect(r.json.key).not.toHaveProperty('digest');
  });

  it('answers with Authorization: Bearer', async () => {
    const r = expectStatus(await c.get('/user/users/me', { bearer: w.memberA.key }), 200);
    expect(r.json.id).toBe(w.memberA.userId);
    expect(r.json.role).toBe('member');
  });

  it('accepts the Bearer scheme in any case', async () => {
    const r = await c.get('/user/users/me', { headers: { authorization: `bearer ${w.memberA.key}` } });
    expect(expectStatus(r, 200).json.id).toBe(w.memberA.userId);
  });

  it('rule 14: x-api-key and Authorization: Bearer both authenticate; x-api-key wins; a key without the Bearer scheme is malformed', async () => {
    expect(expectStatus(await c.get('/user/users/me', { key: w.memberA.key }), 200).json.id).toBe(w.memberA.userId);
    expect(expectStatus(await c.get('/user/users/me', { bearer: w.memberA.key }), 200).json.id).toBe(w.memberA.userId);
    expect(expectStatus(await c.get('/user/users/me', { key: w.adminA.key, bearer: w.memberA.key }), 200).json.id).toBe(
      w.adminA.userId,
    );
    for (const authorization of [w.memberA.key, `Basic ${w.memberA.key}`, `Token ${w.memberA.key}`]) {
      const r = await c.get('/user/users/me', { headers: { authorization } });
      expectError(r, 401, 'MALFORMED_KEY');
      expect(r.text).not.toContain(w.memberA.key);
    }
  });

  it('lets x-api-key win over Authorization when both are sent', async () => {
    const r = expectStatus(await c.get('/user/users/me', { key: w.memberA.key, bearer: s.ownerKey }), 200);
    expect(r.json.id).toBe(w.memberA.userId);
    // A bad x-api-key is not rescued by a good Bearer key.
    expectError(await c.get('/user/users/me', { key: 'nope', bearer: s.ownerKey }), 401, 'MALFORMED_KEY');
  });

  it('answers HEAD like GET without a body', async () => {
    const r = expectStatus(await c.head('/user/users/me', { key: w.adminA.key }), 200);
    expect(r.text).toBe('');
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
  });

  it('shows an org key as id null with admin power in its org', async () => {
    const org = await newKey({ orgId: w.orgB, kind: 'org' });
    const r = expectStatus(await c.get('/user/users/me', { key: org.apiKey }), 200);
    expect(r.json).toMatchObject({
      id: null,
      email: null,
      currentOrg: { id: w.orgB },
      orgUserId: null,
      role: 'admin',
      key: { kind: 'org' },
    });
    expectStatus(await c.get(`/user/org/${w.orgB}/users`, { key: org.apiKey }), 200);
    expectError(await c.get(`/user/org/${w.orgA}/users`, { key: org.apiKey }), 403, 'FORBIDDEN');
  });
});

describe('verification failures', () => {
  it('is MISSING_KEY without a key, and for an empty one', async () => {
    expectError(await c.get('/user/users/me'), 401, 'MISSING_KEY');
    expectError(await c.get('/user/users/me', { key: '' }), 401, 'MISSING_KEY');
    expectError(await c.get('/user/users/me', { headers: { authorization: 'Bearer ' } }), 401, 'MISSING_KEY');
  });

  it('is MALFORMED_KEY for a typo, a cut key and a non-Bearer Authorization', async () => {
    const k = w.memberA.key;
    const typo = k.slice(0, 20) + (k[20] === 'a' ? 'b' : 'a') + k.slice(21);
    expectError(await c.get('/user/users/me', { key: typo }), 401, 'MALFORMED_KEY');
    expectError(await c.get('/user/users/me', { key: k.slice(0, 40) }), 401, 'MALFORMED_KEY');
    const basic = await c.get('/user/users/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectError(basic, 401, 'MALFORMED_KEY');
    expect(basic.json.error.message).toMatch(/Bearer/);
  });

  it('is WRONG_ENVIRONMENT for a well-formed production key on a sandbox server', async () => {
    expectError(
      await c.get('/user/users/me', { key: formatKey('production', randomBytes(20)) }),
      401,
      'WRONG_ENVIRONMENT',
    );
  });

  it('is UNKNOWN_KEY for a well-formed key that was never issued', async () => {
    expectError(await c.get('/user/users/me', { key: formatKey('sandbox', randomBytes(20)) }), 401, 'UNKNOWN_KEY');
  });

  it('is DISABLED, then works again once enabled', async () => {
    const k = await newKey({ orgUserId: w.member2A.orgUserId });
    expectStatus(await c.patch(`/user/apiKey/${k.id}`, { status: 'disabled' }, { key: s.ownerKey }), 200);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'DISABLED');
    expectStatus(await c.patch(`/user/apiKey/${k.id}`, { status: 'enabled' }, { key: s.ownerKey }), 200);
    expectStatus(await c.get('/user/users/me', { key: k.apiKey }), 200);
  });

  it('is REVOKED after DELETE', async () => {
    const k = await newKey({ orgUserId: w.member2A.orgUserId });
    expectStatus(await c.delete(`/user/apiKey/${k.id}`, { key: s.ownerKey }), 204);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'REVOKED');
  });

  it('is EXPIRED for a rolled key past its grace period', async () => {
    const k = await newKey({ orgUserId: w.member2A.orgUserId });
    expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, { gracePeriodSeconds: 0 }, { key: s.ownerKey }), 201);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'EXPIRED');
  });

  it('is INACTIVE_USER when the membership is inactive, and works again when active', async () => {
    const o = { key: s.ownerKey };
    const m = expectStatus(
      await c.post(`/user/org/${w.orgA}/users`, { email: 'flip@example.com', firstName: 'F', lastName: 'L' }, o),
      201,
    ).json;
    const k = await newKey({ orgUserId: m.id });
    expectStatus(await c.patch(`/user/org/${w.orgA}/user/${m.userId}`, { status: 'inactive' }, o), 200);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'INACTIVE_USER');
    expectStatus(await c.patch(`/user/org/${w.orgA}/user/${m.userId}`, { status: 'active' }, o), 200);
    expectStatus(await c.get('/user/users/me', { key: k.apiKey }), 200);
  });
});

describe('scopes (rule 10)', () => {
  it('refuses a ui-only key on every REST route', async () => {
    const k = await newKey({ orgUserId: w.member2A.orgUserId, scopes: ['ui'] });
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 403, 'SCOPE_DENIED');
    expectError(await c.get(`/user/apiKey?orgId=${w.orgA}`, { key: k.apiKey }), 403, 'SCOPE_DENIED');
    expectError(await c.post('/creation/import/json', { records: [] }, { key: k.apiKey }), 403, 'SCOPE_DENIED');
  });

  it('needs integration on top of rest for /creation/import/*', async () => {
    const rest = await newKey({ orgUserId: w.adminA.orgUserId, scopes: ['rest'] });
    expectError(
      await c.post('/creation/import/json', { records: [{ a: 1 }] }, { key: rest.apiKey }),
      403,
      'SCOPE_DENIED',
    );
    const integrationOnly = await newKey({ orgUserId: w.adminA.orgUserId, scopes: ['integration'] });
    expectError(
      await c.post('/creation/import/json', { records: [{ a: 1 }] }, { key: integrationOnly.apiKey }),
      403,
      'SCOPE_DENIED',
    );
    const both = await newKey({ orgUserId: w.adminA.orgUserId, scopes: ['rest', 'integration'] });
    const r = expectStatus(
      await c.post('/creation/import/json', { records: [{ a: 1 }, { b: 2 }] }, { key: both.apiKey }),
      200,
    );
    expect(r.json).toEqual({ imported: 2 });
  });
});

describe('read-only keys (rule 9)', () => {
  it('may GET and HEAD but not change anything', async () => {
    const k = await newKey({ orgUserId: w.adminA.orgUserId, readOnly: true });
    expectStatus(await c.get(`/user/apiKey?orgId=${w.orgA}`, { key: k.apiKey }), 200);
    expectStatus(await c.head('/user/users/me', { key: k.apiKey }), 200);
    expectError(
      await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'x' }, { key: k.apiKey }),
      403,
      'READ_ONLY',
    );
    expectError(await c.patch(`/user/apiKey/${w.memberA.keyId}`, { name: 'x' }, { key: k.apiKey }), 403, 'READ_ONLY');
    expectError(await c.delete(`/user/apiKey/${w.memberA.keyId}`, { key: k.apiKey }), 403, 'READ_ONLY');
    const still = expectStatus(await c.get(`/user/apiKey/${w.memberA.keyId}`, { key: s.ownerKey }), 200);
    expect(still.json.name).not.toBe('x');
    expect(still.json.revokedAt).toBeNull();
  });
});

describe('impersonation (rule 11)', () => {
  let imp: { id: number; apiKey: string };
  beforeAll(async () => {
    imp = await newKey({ orgUserId: w.adminA.orgUserId, canImpersonate: true });
  });

  it('runs the request as the target, naming the impersonator', async () => {
    const r = expectStatus(
      await c.get('/user/users/me', { key: imp.apiKey, headers: { 'impersonate-user-id': String(w.memberA.userId) } }),
      200,
    );
    expect(r.json).toMatchObject({
      id: w.memberA.userId,
      role: 'member',
      orgUserId: w.memberA.orgUserId,
      impersonatedBy: { id: w.adminA.userId, email: 'admin.a@example.com' },
    });
    // With the member's permissions: the member list is for admins only.
    expectError(
      await c.get(`/user/org/${w.orgA}/users`, {
        key: imp.apiKey,
        headers: { 'impersonate-user-id': String(w.memberA.userId) },
      }),
      403,
      'FORBIDDEN',
    );
    expectStatus(await c.get(`/user/org/${w.orgA}/users`, { key: imp.apiKey }), 200);
  });

  it('is audited as the target with the impersonator', async () => {
    await c.get(`/user/apiKey?orgUserId=${w.memberA.orgUserId}`, {
      key: imp.apiKey,
      headers: { 'impersonate-user-id': String(w.memberA.userId) },
    });
    const audit = expectStatus(
      await c.get(`/user/audit?orgId=${w.orgA}&keyId=${imp.id}&action=key.list`, { key: s.ownerKey }),
      200,
    );
    expect(audit.json.items[0]).toMatchObject({
      actorUserId: w.memberA.userId,
      impersonatorUserId: w.adminA.userId,
      keyId: imp.id,
      outcome: 'ok',
    });
  });

  it('is IMPERSONATION_DENIED for a key without canImpersonate, a bad header, a stranger or a super admin', async () => {
    const as = (key: string, header: string) =>
      c.get('/user/users/me', { key, headers: { 'impersonate-user-id': header } });
    expectError(await as(w.adminA.key, String(w.memberA.userId)), 403, 'IMPERSONATION_DENIED');
    for (const bad of ['abc', '1.5', '-3', '0', '', ' ', `${w.memberA.userId},${w.memberA.userId}`]) {
      expectError(await as(imp.apiKey, bad), 403, 'IMPERSONATION_DENIED');
    }
    expectError(await as(imp.apiKey, String(w.adminB.userId)), 403, 'IMPERSONATION_DENIED');
    expectError(await as(imp.apiKey, '999999'), 403, 'IMPERSONATION_DENIED');
    expectError(await as(imp.apiKey, String(s.ownerUserId)), 403, 'IMPERSONATION_DENIED');
  });

  it('refuses canImpersonate to anyone but a super admin, with 403 not a weaker key', async () => {
    const r = await c.post(
      '/user/apiKey',
      { orgUserId: w.memberA.orgUserId, name: 'x', canImpersonate: true },
      { key: w.adminA.key },
    );
    expectError(r, 403, 'FORBIDDEN');
  });
});
