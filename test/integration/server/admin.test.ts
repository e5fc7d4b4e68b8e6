// The administration routes (docs/api.md, "ours") and who may call each, plus the audit log.
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

const ids = (r: { json: { items: { id: number }[] } }) => r.json.items.map((i) => i.id);

describe('orgs', () => {
  it("lists every org for a super admin and only the key's org for anyone else", async () => {
    expect(ids(expectStatus(await c.get('/user/orgs', o), 200))).toEqual(expect.arrayContaining([w.orgA, w.orgB]));
    expect(ids(expectStatus(await c.get('/user/orgs', { key: w.adminA.key }), 200))).toEqual([w.orgA]);
    expect(ids(expectStatus(await c.get('/user/orgs', { key: w.memberA.key }), 200))).toEqual([w.orgA]);
    const page = expectStatus(await c.get('/user/orgs?limit=1', o), 200).json;
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = expectStatus(await c.get(`/user/orgs?limit=1&cursor=${page.nextCursor}`, o), 200).json;
    expect(next.items[0].id).toBeGreaterThan(page.items[0].id);
  });

  it('reads one org for anyone with power in it', async () => {
    expect(expectStatus(await c.get(`/user/orgs/${w.orgA}`, { key: w.memberA.key }), 200).json).toMatchObject({
      id: w.orgA,
      name: 'Alpha',
      allowUserKeys: false,
    });
    expectError(await c.get(`/user/orgs/${w.orgB}`, { key: w.adminA.key }), 403, 'FORBIDDEN');
    expectError(await c.get('/user/orgs/777777', o), 404, 'NOT_FOUND');
  });

  it('creates orgs for super admins only', async () => {
    const r = expectStatus(await c.post('/user/orgs', { name: 'Gamma', allowUserKeys: true }, o), 201);
    expect(r.json).toMatchObject({ name: 'Gamma', allowUserKeys: true });
    expect(typeof r.json.id).toBe('number');
    expectError(await c.post('/user/orgs', { name: 'Delta' }, { key: w.adminA.key }), 403, 'FORBIDDEN');
    expectError(await c.post('/user/orgs', { name: '' }, o), 400, 'BAD_REQUEST');
    expectError(await c.post('/user/orgs', { name: 'x'.repeat(201) }, o), 400, 'BAD_REQUEST');
  });

  it('updates an org for its admins only', async () => {
    const r = expectStatus(await c.patch(`/user/orgs/${w.orgB}`, { name: 'Beta Two' }, { key: w.adminB.key }), 200);
    expect(r.json).toMatchObject({ id: w.orgB, name: 'Beta Two' });
    expectError(await c.patch(`/user/orgs/${w.orgB}`, { name: 'Hijack' }, { key: w.adminA.key }), 403, 'FORBIDDEN');
    expectError(await c.patch(`/user/orgs/${w.orgA}`, { name: 'Hijack' }, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectError(await c.patch('/user/orgs/777777', { name: 'Nobody' }, o), 404, 'NOT_FOUND');
    expectError(await c.patch(`/user/orgs/${w.orgB}`, {}, o), 400, 'BAD_REQUEST');
  });
});

describe('memberships', () => {
  it('loads a membership for admins of the org and for the user themself', async () => {
    const path = `/user/org/${w.orgA}/user/${w.memberA.userId}`;
    const r = expectStatus(await c.get(path, { key: w.memberA.key }), 200);
    expect(r.json).toMatchObject({
      id: w.memberA.orgUserId,
      orgId: w.orgA,
      userId: w.memberA.userId,
      role: 'member',
      status: 'active',
      user: { id: w.memberA.userId, email: 'member.a@example.com' },
    });
    expectStatus(await c.get(path, { key: w.adminA.key }), 200);
    expectError(await c.get(`/user/org/${w.orgA}/user/${w.member2A.userId}`, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectError(await c.get(path, { key: w.adminB.key }), 403, 'FORBIDDEN');
    expectError(await c.get(`/user/org/${w.orgA}/user/555555`, { key: w.adminA.key }), 404, 'NOT_FOUND');
  });

  it('lists members for admins of the org only', async () => {
    const r = expectStatus(await c.get(`/user/org/${w.orgA}/users`, { key: w.adminA.key }), 200);
    expect(r.json.items.map((m: { userId: number }) => m.userId)).toEqual(
      expect.arrayContaining([w.owner.userId, w.adminA.userId, w.memberA.userId]),
    );
    expectError(await c.get(`/user/org/${w.orgA}/users`, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectError(await c.get(`/user/org/${w.orgA}/users`, { key: w.adminB.key }), 403, 'FORBIDDEN');
    const p1 = expectStatus(await c.get(`/user/org/${w.orgA}/users?limit=2`, { key: w.adminA.key }), 200).json;
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).not.toBeNull();
  });

  it('adds a member (creating the user), refuses a duplicate with 409, and only for admins', async () => {
    const body = { email: 'New.Person@Example.com', firstName: 'New', lastName: 'Person' };
    const r = expectStatus(await c.post(`/user/org/${w.orgA}/users`, body, { key: w.adminA.key }), 201);
    expect(r.json).toMatchObject({
      orgId: w.orgA,
      role: 'member',
      status: 'active',
      user: { email: 'new.person@example.com' },
    });
    expectError(await c.post(`/user/org/${w.orgA}/users`, body, { key: w.adminA.key }), 409, 'CONFLICT');
    // The same person joins another org as the same user.
    const inB = expectStatus(
      await c.post(`/user/org/${w.orgB}/users`, { ...body, role: 'admin' }, { key: w.adminB.key }),
      201,
    );
    expect(inB.json.userId).toBe(r.json.userId);
    expect(inB.json.role).toBe('admin');
    expectError(
      await c.post(`/user/org/${w.orgA}/users`, { ...body, email: 'x@example.com' }, { key: w.memberA.key }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await c.post(`/user/org/${w.orgA}/users`, { ...body, email: 'not-an-email' }, { key: w.adminA.key }),
      400,
      'BAD_REQUEST',
    );
    expectError(
      await c.post(`/user/org/${w.orgA}/users`, { ...body, role: 'owner' }, { key: w.adminA.key }),
      400,
      'BAD_REQUEST',
    );
  });

  it("changes role and status for admins only; a demoted admin's key loses admin power at once", async () => {
    const u = expectStatus(
      await c.post(
        `/user/org/${w.orgA}/users`,
        { email: 'demote@example.com', firstName: 'D', lastName: 'M', role: 'admin' },
        o,
      ),
      201,
    ).json;
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: u.id, name: 'd' }, o), 201).json;
    expectStatus(await c.get(`/user/org/${w.orgA}/users`, { key: k.apiKey }), 200);
    expectError(
      await c.patch(`/user/org/${w.orgA}/user/${u.userId}`, { role: 'member' }, { key: w.memberA.key }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await c.patch(`/user/org/${w.orgA}/user/${u.userId}`, { role: 'member' }, { key: w.adminB.key }),
      403,
      'FORBIDDEN',
    );
    const r = expectStatus(
      await c.patch(`/user/org/${w.orgA}/user/${u.userId}`, { role: 'member' }, { key: w.adminA.key }),
      200,
    );
    expect(r.json.role).toBe('member');
    expectError(await c.get(`/user/org/${w.orgA}/users`, { key: k.apiKey }), 403, 'FORBIDDEN');
    expectError(
      await c.patch(`/user/org/${w.orgA}/user/${u.userId}`, { status: 'gone' }, { key: w.adminA.key }),
      400,
      'BAD_REQUEST',
    );
  });

  it('removes a member with 204; their keys then fail INACTIVE_USER', async () => {
    const u = expectStatus(
      await c.post(`/user/org/${w.orgA}/users`, { email: 'leaver@example.com', firstName: 'L', lastName: 'V' }, o),
      201,
    ).json;
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: u.id, name: 'l' }, o), 201).json;
    expectError(await c.delete(`/user/org/${w.orgA}/user/${u.userId}`, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectStatus(await c.delete(`/user/org/${w.orgA}/user/${u.userId}`, { key: w.adminA.key }), 204);
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'INACTIVE_USER');
    expectError(await c.delete(`/user/org/${w.orgA}/user/${u.userId}`, { key: w.adminA.key }), 404, 'NOT_FOUND');
  });
});

describe('users', () => {
  it('lets only a super admin disable a user, whose keys then fail everywhere', async () => {
    const u = expectStatus(
      await c.post(`/user/org/${w.orgB}/users`, { email: 'off@example.com', firstName: 'O', lastName: 'F' }, o),
      201,
    ).json;
    const k = expectStatus(await c.post('/user/apiKey', { orgUserId: u.id, name: 'o' }, o), 201).json;
    expectError(
      await c.patch(`/user/users/${u.userId}`, { status: 'disabled' }, { key: w.adminB.key }),
      403,
      'FORBIDDEN',
    );
    const r = expectStatus(await c.patch(`/user/users/${u.userId}`, { status: 'disabled' }, o), 200);
    expect(r.json).toMatchObject({ id: u.userId, status: 'disabled' });
    expectError(await c.get('/user/users/me', { key: k.apiKey }), 401, 'INACTIVE_USER');
    expectStatus(await c.patch(`/user/users/${u.userId}`, { status: 'active' }, o), 200);
    expectStatus(await c.get('/user/users/me', { key: k.apiKey }), 200);
    expectError(await c.patch('/user/users/888888', { status: 'active' }, o), 404, 'NOT_FOUND');
    expectError(await c.patch(`/user/users/${u.userId}`, { status: 'asleep' }, o), 400, 'BAD_REQUEST');
    expectError(await c.patch(`/user/users/${w.owner.userId}`, { status: 'disabled' }, o), 409, 'CONFLICT');
  });
});

describe('GET /user/audit', () => {
  it("shows an org's events, newest first, to its admins only", async () => {
    await c.get('/user/users/me', { key: w.memberA.key });
    const r = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&limit=50`, { key: w.adminA.key }), 200);
    const items = r.json.items as { id: number; orgId: number; action: string; at: string }[];
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((e) => e.orgId === w.orgA)).toBe(true);
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort((a, b) => b - a));
    expect(items.some((e) => e.action === 'user.me')).toBe(true);
    for (const f of [
      'id',
      'at',
      'orgId',
      'action',
      'outcome',
      'code',
      'actorUserId',
      'impersonatorUserId',
      'keyId',
      'keyStart',
      'targetType',
      'targetId',
    ]) {
      expect(items[0]).toHaveProperty(f);
    }
    expectError(await c.get(`/user/audit?orgId=${w.orgA}`, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectError(await c.get(`/user/audit?orgId=${w.orgA}`, { key: w.adminB.key }), 403, 'FORBIDDEN');
  });

  it('shows everything, failed authentications with no org included, to super admins only', async () => {
    await c.get('/user/users/me', { key: 'kw_test_thisIsNotAKeyAtAll' });
    const r = expectStatus(await c.get('/user/audit?action=auth&outcome=denied', o), 200);
    const failed = r.json.items.find((e: { code: string }) => e.code === 'MALFORMED_KEY');
    expect(failed).toMatchObject({ orgId: null, outcome: 'denied', actorUserId: null, keyStart: 'kw_test_this' });
    expectError(await c.get('/user/audit', { key: w.adminA.key }), 403, 'FORBIDDEN');
  });

  it('rule 12: an authenticated call refused for bad input is audited once, as the caller, with its code', async () => {
    const bad = [
      await c.post('/user/apiKey', { orgUserId: w.adminA.orgUserId, name: 'x'.repeat(201) }, { key: w.adminA.key }),
      await c.get(`/user/apiKey?orgId=${w.orgA}&limit=0`, { key: w.adminA.key }),
      await c.get(`/user/apiKey?orgId=${w.orgA}&cursor=zzz`, { key: w.adminA.key }),
      await c.get('/user/apiKey?orgUserId=999999', { key: w.adminA.key }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 404]);
    const r = expectStatus(
      await c.get(`/user/audit?orgId=${w.orgA}&outcome=denied&keyId=${w.adminA.keyId}&limit=20`, o),
      200,
    );
    const mine = r.json.items.slice(0, 4) as { action: string; code: string; actorUserId: number; keyId: number }[];
    expect(mine.map((e) => e.code).sort()).toEqual(['BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'NOT_FOUND']);
    expect(mine.every((e) => e.actorUserId === w.adminA.userId)).toBe(true);
    expect(mine.find((e) => e.code === 'BAD_REQUEST')?.action).toMatch(/^request:|^key\./);
    // The engine's own refusals are not logged a second time by the server.
    await c.post(
      '/user/apiKey',
      { orgUserId: w.adminA.orgUserId, name: 'x', expiresAt: '2001-01-01T00:00:00Z' },
      { key: w.adminA.key },
    );
    const after = expectStatus(
      await c.get(`/user/audit?orgId=${w.orgA}&outcome=denied&keyId=${w.adminA.keyId}&limit=2`, o),
      200,
    ).json.items;
    expect(after[0].action).toBe('key.create');
    expect(after[1].id).toBe(r.json.items[0].id);
  });

  it('rule 12: aboutKeyId gives a key’s lifecycle and its calls; action matches part of a word', async () => {
    const made = expectStatus(
      await c.post('/user/apiKey', { orgUserId: w.adminA.orgUserId, name: 'story' }, { key: w.adminA.key }),
      201,
    ).json;
    expectStatus(await c.patch(`/user/apiKey/${made.id}`, { status: 'disabled' }, { key: w.adminA.key }), 200);
    const story = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&aboutKeyId=${made.id}`, o), 200).json.items;
    expect(story.map((e: { action: string }) => e.action)).toEqual(['key.disable', 'key.create']);
    const part = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&action=DISAB&aboutKeyId=${made.id}`, o), 200)
      .json.items;
    expect(part.map((e: { action: string }) => e.action)).toEqual(['key.disable']);
    expectError(await c.get('/user/audit?aboutKeyId=x', o), 400, 'BAD_REQUEST');
  });

  it('pages with a cursor and filters, and refuses bad filters', async () => {
    const p1 = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&limit=2`, o), 200).json;
    expect(p1.items).toHaveLength(2);
    const p2 = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&limit=2&cursor=${p1.nextCursor}`, o), 200).json;
    expect(p2.items[0].id).toBeLessThan(p1.items[1].id);
    const since = expectStatus(await c.get(`/user/audit?orgId=${w.orgA}&since=2999-01-01T00:00:00Z`, o), 200).json;
    expect(since.items).toEqual([]);
    for (const q of ['outcome=maybe', 'since=yesterday', 'keyId=x', 'orgId=0', 'limit=5000', 'who=me']) {
      expectError(await c.get(`/user/audit?${q}`, o), 400, 'BAD_REQUEST');
    }
  });
});
