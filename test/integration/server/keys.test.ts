// /user/apiKey over HTTP after creation: list with cursors, read, update, delete, roll and
// extend grace, and the permission rules the engine applies behind each route.
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

describe('GET /user/apiKey', () => {
  let orgUserId: number;
  const ids: number[] = [];
  beforeAll(async () => {
    const m = expectStatus(
      await c.post(`/user/org/${w.orgB}/users`, { email: 'pages@example.com', firstName: 'P', lastName: 'G' }, o),
      201,
    ).json;
    orgUserId = m.id;
    for (let i = 0; i < 7; i++)
      ids.push(expectStatus(await c.post('/user/apiKey', { orgUserId, name: `p${i}` }, o), 201).json.id);
  });

  it("pages through a membership's keys with limit and cursor", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/user/apiKey?orgUserId=${orgUserId}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = expectStatus(await c.get(q, o), 200);
      expect(r.json.items.length).toBeLessThanOrEqual(3);
      seen.push(...r.json.items.map((i: { id: number }) => i.id));
      cursor = r.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('lists by org, for admins of the org only', async () => {
    const r = expectStatus(await c.get(`/user/apiKey?orgId=${w.orgB}`, { key: w.adminB.key }), 200);
    expect(r.json.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining(ids));
    expect(r.json.nextCursor).toBeNull();
    expectError(await c.get(`/user/apiKey?orgId=${w.orgB}`, { key: w.adminA.key }), 403, 'FORBIDDEN');
    expectError(await c.get(`/user/apiKey?orgId=424242`, o), 404, 'NOT_FOUND');
  });

  it('hides revoked keys unless includeRevoked=true', async () => {
    expectStatus(await c.delete(`/user/apiKey/${ids[0]}`, o), 204);
    const without = expectStatus(await c.get(`/user/apiKey?orgUserId=${orgUserId}`, o), 200).json.items.map(
      (i: { id: number }) => i.id,
    );
    expect(without).not.toContain(ids[0]);
    const all = expectStatus(await c.get(`/user/apiKey?orgUserId=${orgUserId}&includeRevoked=true`, o), 200).json.items;
    expect(all.find((i: { id: number }) => i.id === ids[0]).revokedAt).not.toBeNull();
    const explicitFalse = expectStatus(await c.get(`/user/apiKey?orgUserId=${orgUserId}&includeRevoked=false`, o), 200)
      .json.items;
    expect(explicitFalse.map((i: { id: number }) => i.id)).toEqual(without);
  });

  it('refuses bad query strings with 400', async () => {
    for (const q of [
      '',
      `orgId=${w.orgA}&orgUserId=${orgUserId}`,
      'orgId=abc',
      'orgId=1.5',
      'orgId=-1',
      'orgId=0',
      `orgId=${w.orgA}&limit=0`,
      `orgId=${w.orgA}&limit=1001`,
      `orgId=${w.orgA}&limit=ten`,
      `orgId=${w.orgA}&includeRevoked=yes`,
      `orgId=${w.orgA}&includeRevoked`,
      `orgId=${w.orgA}&cursor=garbage`,
      `orgId=${w.orgA}&orgId=${w.orgA}`,
      `orgId=${w.orgA}&sort=name`,
      'orgId=99999999999999999999',
    ]) {
      expectError(await c.get(`/user/apiKey?${q}`, o), 400, 'BAD_REQUEST');
    }
  });
});

describe('GET, PATCH, DELETE /user/apiKey/{id}', () => {
  it('reads, updates and clears expiry, then revokes with 204', async () => {
    const k = expectStatus(
      await c.post(
        '/user/apiKey',
        { orgUserId: w.memberA.orgUserId, name: 'edit me', expiresAt: '2999-01-01T00:00:00.000Z' },
        o,
      ),
      201,
    ).json;
    expectStatus(await c.get('/user/users/me', { key: k.apiKey }), 200);
    const read = expectStatus(await c.get(`/user/apiKey/${k.id}`, { key: w.adminA.key }), 200).json;
    expect(read.lastUsedAt).not.toBeNull();
    const patched = expectStatus(
      await c.patch(
        `/user/apiKey/${k.id}`,
        { name: 'renamed', description: 'd', expiresAt: null },
        { key: w.adminA.key },
      ),
      200,
    ).json;
    expect(patched).toMatchObject({ name: 'renamed', description: 'd', expiresAt: null });
    expectError(await c.patch(`/user/apiKey/${k.id}`, {}, o), 400, 'BAD_REQUEST');
    expectError(await c.patch(`/user/apiKey/${k.id}`, { status: 'paused' }, o), 400, 'BAD_REQUEST');
    expectError(await c.patch(`/user/apiKey/${k.id}`, { scopes: ['ui'] }, o), 400, 'BAD_REQUEST');
    expectError(await c.delete(`/user/apiKey/${k.id}`, { key: w.adminB.key }), 403, 'FORBIDDEN');
    const del = expectStatus(await c.delete(`/user/apiKey/${k.id}`, { key: w.adminA.key }), 204);
    expect(del.text).toBe('');
    expectError(await c.delete(`/user/apiKey/${k.id}`, o), 409, 'CONFLICT');
    expectError(await c.patch(`/user/apiKey/${k.id}`, { name: 'late' }, o), 409, 'CONFLICT');
    expect(expectStatus(await c.get(`/user/apiKey/${k.id}`, o), 200).json.revokedAt).not.toBeNull();
  });

  it('is 404 for an unknown id and 400 for a malformed one', async () => {
    expectError(await c.get('/user/apiKey/424242', o), 404, 'NOT_FOUND');
    expectError(await c.patch('/user/apiKey/424242', { name: 'x' }, o), 404, 'NOT_FOUND');
    expectError(await c.delete('/user/apiKey/424242', o), 404, 'NOT_FOUND');
    for (const id of ['abc', '0', '-1', '1.0', '01', '99999999999999999', '%31']) {
      expectError(await c.get(`/user/apiKey/${id}`, o), 400, 'BAD_REQUEST');
    }
  });
});

describe('POST /user/apiKey/{id}/roll', () => {
  it('returns a new key with the same settings; the old one lives through its grace period', async () => {
    const old = expectStatus(
      await c.post(
        '/user/apiKey',
        {
          orgUserId: w.memberA.orgUserId,
          name: 'rolling',
          scopes: ['rest', 'ui'],
          readOnly: true,
          description: 'keep',
        },
        o,
      ),
      201,
    ).json;
    const r = expectStatus(
      await c.post(`/user/apiKey/${old.id}/roll`, { gracePeriodSeconds: 3600 }, { key: w.adminA.key }),
      201,
    ).json;
    expect(r.apiKey).toMatch(/^kw_test_/);
    expect(r.apiKey).not.toBe(old.apiKey);
    expect(r).toMatchObject({
      name: 'rolling',
      scopes: ['rest', 'ui'],
      readOnly: true,
      description: 'keep',
      orgUserId: w.memberA.orgUserId,
    });
    expectStatus(await c.get('/user/users/me', { key: old.apiKey }), 200);
    expectStatus(await c.get('/user/users/me', { key: r.apiKey }), 200);
    const oldMeta = expectStatus(await c.get(`/user/apiKey/${old.id}`, o), 200).json;
    expect(Date.parse(oldMeta.expiresAt)).toBeGreaterThan(Date.now());
    expectError(await c.post(`/user/apiKey/${old.id}/roll`, {}, o), 409, 'CONFLICT');
    expectError(await c.patch(`/user/apiKey/${old.id}`, { name: 'x' }, o), 409, 'CONFLICT');
    expectStatus(await c.delete(`/user/apiKey/${old.id}`, o), 204);
  });

  it('accepts an empty body as no grace period, and refuses a bad one', async () => {
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'r2' }, o), 201).json;
    for (const body of [
      { gracePeriodSeconds: -1 },
      { gracePeriodSeconds: 604801 },
      { gracePeriodSeconds: 1.5 },
      { gracePeriodSeconds: '60' },
      { grace: 1 },
    ]) {
      expectError(await c.post(`/user/apiKey/${k.id}/roll`, body, o), 400, 'BAD_REQUEST');
    }
    const r = await c.send('POST', `/user/apiKey/${k.id}/roll`, o);
    expectStatus(r, 201);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'EXPIRED');
  });

  it('needs a super admin to roll a key that can impersonate', async () => {
    const k = expectStatus(
      await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'imp', canImpersonate: true }, o),
      201,
    ).json;
    expectError(await c.post(`/user/apiKey/${k.id}/roll`, {}, { key: w.adminA.key }), 403, 'FORBIDDEN');
    expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, {}, o), 201);
  });
});

describe('POST /user/apiKey/{id}/extendGrace (docs/usage-and-rotation.md)', () => {
  it("moves a rolled key's grace end later (200, the key's metadata); 409 for a key not rolled; 400 for a bad body", async () => {
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'eg' }, o), 201).json;
    const path = `/user/apiKey/${k.id}/extendGrace`;
    const until = new Date(Date.now() + 2 * 3600_000).toISOString();
    expectError(await c.post(path, { graceEndsAt: until }, o), 409, 'CONFLICT');
    expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, { gracePeriodSeconds: 600 }, o), 201);
    for (const body of [{}, { graceEndsAt: 'soon' }, { graceEndsAt: until, more: true }, []])
      expectError(await c.post(path, body, o), 400, 'BAD_REQUEST');
    expectError(await c.send('POST', path, o), 400, 'BAD_REQUEST');
    const r = expectStatus(await c.post(path, { graceEndsAt: until }, o), 200).json;
    expect(r).toMatchObject({ id: k.id, expiresAt: until, revokedAt: null });
    expect(r.apiKey).toBeUndefined();
    expectError(await c.post(path, { graceEndsAt: until }, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectError(await c.post('/user/apiKey/424242/extendGrace', { graceEndsAt: until }, o), 404, 'NOT_FOUND');
  });
});
