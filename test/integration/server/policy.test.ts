// docs/policies-and-labels.md over HTTP: GET/PUT /user/orgs/{orgId}/policy (and its dry run), enforcement
// with 400 POLICY_VIOLATION naming the setting, and labels with the repeatable `label` filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, expectStatus, type Running, type World, worldOnServer } from './support';

let s: Running;
let w: World;
let c: ReturnType<typeof client>;
let o: { key: string };

beforeAll(async () => {
  ({ s, w, c, o } = await worldOnServer());
});
afterAll(() => s.stop());

const OPEN = {
  maxLifetimeDays: null,
  requireExpiry: false,
  maxGraceSeconds: null,
  allowedScopes: ['ui', 'rest', 'integration'],
  allowOrgKeys: true,
  allowImpersonation: true,
};
const put = (orgId: number, body: unknown, key = o.key) => c.send('PUT', `/user/orgs/${orgId}/policy`, { key, body });

describe('GET/PUT /user/orgs/{orgId}/policy', () => {
  it('members read it; admins and org keys replace it; others are refused', async () => {
    expect(expectStatus(await c.get(`/user/orgs/${w.orgA}/policy`, { key: w.memberA.key }), 200).json).toEqual(OPEN);
    expectError(await put(w.orgA, OPEN, w.memberA.key), 403, 'FORBIDDEN');
    expectError(await c.get(`/user/orgs/${w.orgA}/policy`, { key: w.adminB.key }), 403, 'FORBIDDEN');
    expectError(await c.get('/user/orgs/4242/policy', o), 404, 'NOT_FOUND');
    const strict = { ...OPEN, maxGraceSeconds: 60 };
    expect(expectStatus(await put(w.orgA, strict, w.adminA.key), 200).json).toEqual(strict);
    const site = expectStatus(
      await c.post('/user/apiKey', { orgId: w.orgA, kind: 'org', name: 'site' }, { key: w.adminA.key }),
      201,
    ).json;
    expect(expectStatus(await put(w.orgA, OPEN, site.apiKey), 200).json).toEqual(OPEN);
    const audit = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&action=org.policy&outcome=ok`, o), 200).json;
    expect(audit.items.filter((e: { action: string }) => e.action === 'org.policy')).toHaveLength(2);
  });

  it('bad PUT (unknown field, empty allowedScopes, maxLifetimeDays 0, partial) → 400, nothing changed', async () => {
    for (const body of [
      { ...OPEN, extra: true },
      { ...OPEN, allowedScopes: [] },
      { ...OPEN, maxLifetimeDays: 0 },
      { requireExpiry: true },
    ]) {
      expectError(await put(w.orgB, body), 400, 'BAD_REQUEST');
    }
    expectError(await c.send('PUT', `/user/orgs/${w.orgB}/policy`, { key: o.key }), 400, 'BAD_REQUEST');
    expect(expectStatus(await c.get(`/user/orgs/${w.orgB}/policy`, o), 200).json).toEqual(OPEN);
  });

  it('the dry run counts the keys a policy would break and stores nothing', async () => {
    const r = expectStatus(
      await c.post(`/user/orgs/${w.orgB}/policy/preview`, { ...OPEN, requireExpiry: true }, o),
      200,
    ).json;
    expect(r).toEqual({ orgId: w.orgB, violating: 1 });
    expect(expectStatus(await c.get(`/user/orgs/${w.orgB}/policy`, o), 200).json).toEqual(OPEN);
  });

  it('a create that breaks the policy is 400 POLICY_VIOLATION naming the setting', async () => {
    expectStatus(await put(w.orgB, { ...OPEN, allowOrgKeys: false, allowedScopes: ['rest'] }), 200);
    const orgKey = await c.post('/user/apiKey', { orgId: w.orgB, kind: 'org', name: 'site' }, o);
    expectError(orgKey, 400, 'POLICY_VIOLATION');
    expect(orgKey.json.error.message).toContain('allowOrgKeys');
    const wide = await c.post('/user/apiKey', { orgUserId: w.adminB.orgUserId, name: 'w', scopes: ['ui'] }, o);
    expectError(wide, 400, 'POLICY_VIOLATION');
    expect(wide.json.error.message).toContain('allowedScopes');
    expectStatus(await put(w.orgB, OPEN), 200);
  });

  it('roll accepts expiresAt for the new key', async () => {
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: w.member2A.orgUserId, name: 'r' }, o), 201).json;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const rolled = expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, { expiresAt }, o), 201).json;
    expect(rolled.expiresAt).toBe(expiresAt);
  });
});

describe('labels over HTTP', () => {
  it('are set on create and PATCH, and `label` filters (repeatable, all must match; key alone = any value)', async () => {
    const mk = async (name: string, labels: Record<string, string>) =>
      expectStatus(await c.post('/user/apiKey', { orgUserId: w.member2A.orgUserId, name, labels }, o), 201).json;
    const a = await mk('la', { team: 'payments', env: 'prod' });
    const b = await mk('lb', { team: 'payments', env: 'dev' });
    await mk('lc', { team: 'search' });
    const names = async (q: string) =>
      expectStatus(await c.get(`/user/apiKey?orgUserId=${w.member2A.orgUserId}&${q}`, o), 200).json.items.map(
        (k: { name: string }) => k.name,
      );
    expect(await names('label=team:payments')).toEqual(['la', 'lb']);
    expect(await names('label=team:payments&label=env:prod')).toEqual(['la']);
    expect(await names('label=env')).toEqual(['la', 'lb']);
    expect(await names(`label=${encodeURIComponent('team:search')}`)).toEqual(['lc']);
    const patched = expectStatus(await c.patch(`/user/apiKey/${b.id}`, { labels: {} }, o), 200).json;
    expect(patched.labels).toEqual({});
    expect(await names('label=env')).toEqual(['la']);
    expect(expectStatus(await c.get(`/user/apiKey/${a.id}`, o), 200).json.labels).toEqual({
      env: 'prod',
      team: 'payments',
    });
  });

  it('invalid labels and filters → 400', async () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    for (const labels of [eleven, { Bad: 'x' }, { ok: 'a\u0000b' }, { ok: 'x'.repeat(101) }]) {
      expectError(
        await c.post('/user/apiKey', { orgUserId: w.member2A.orgUserId, name: 'bad', labels }, o),
        400,
        'BAD_REQUEST',
      );
    }
    expectError(await c.get(`/user/apiKey?orgId=${w.orgA}&label=Team`, o), 400, 'BAD_REQUEST');
  });
});
