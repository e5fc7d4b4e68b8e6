// POST /user/apiKey over HTTP: creating keys, and members creating their own (rule 2).
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

const META_FIELDS = [
  'id',
  'kind',
  'orgId',
  'orgUserId',
  'userId',
  'name',
  'description',
  'start',
  'scopes',
  'readOnly',
  'canImpersonate',
  'status',
  'expiresAt',
  'createdAt',
  'createdBy',
  'lastUsedAt',
  'revokedAt',
];

describe('POST /user/apiKey', () => {
  it('creates a user key: 201 with metadata and the key, once', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const r = expectStatus(
      await c.post(
        '/user/apiKey',
        {
          orgUserId: w.memberA.orgUserId,
          name: 'ci',
          description: 'for CI',
          scopes: ['rest', 'integration'],
          readOnly: true,
          expiresAt,
        },
        o,
      ),
      201,
    );
    for (const f of META_FIELDS) expect(r.json).toHaveProperty(f);
    expect(r.json).toMatchObject({
      kind: 'user',
      orgId: w.orgA,
      orgUserId: w.memberA.orgUserId,
      userId: w.memberA.userId,
      name: 'ci',
      description: 'for CI',
      scopes: ['rest', 'integration'],
      readOnly: true,
      canImpersonate: false,
      status: 'enabled',
      expiresAt,
      createdBy: s.ownerUserId,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(r.json.apiKey).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
    expect(r.json.start).toBe(r.json.apiKey.slice(0, 12));
    expect(r.json).not.toHaveProperty('digest');
    const again = expectStatus(await c.get(`/user/apiKey/${r.json.id}`, o), 200);
    expect(again.json).not.toHaveProperty('apiKey');
    expect(again.text).not.toContain(r.json.apiKey);
  });

  it('replies with the same metadata a later GET returns, for create and roll', async () => {
    const k = expectStatus(
      await c.post(
        '/user/apiKey',
        {
          orgUserId: w.memberA.orgUserId,
          name: 'same',
          description: 'd',
          scopes: ['integration', 'rest'],
          expiresAt: '2998-05-06T07:08:09.123Z',
        },
        o,
      ),
      201,
    ).json;
    const { apiKey, ...meta } = k;
    expect(apiKey).toMatch(/^kw_test_/);
    expect(expectStatus(await c.get(`/user/apiKey/${k.id}`, o), 200).json).toEqual(meta);
    const r = expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, { gracePeriodSeconds: 5 }, o), 201).json;
    const { apiKey: rolledKey, ...rolledMeta } = r;
    expect(rolledKey).not.toBe(apiKey);
    expect(expectStatus(await c.get(`/user/apiKey/${r.id}`, o), 200).json).toEqual(rolledMeta);
    const org = expectStatus(
      await c.post('/user/apiKey', { orgId: w.orgA, kind: 'org', name: 'org same' }, o),
      201,
    ).json;
    const { apiKey: _orgKey, ...orgMeta } = org;
    expect(expectStatus(await c.get(`/user/apiKey/${org.id}`, o), 200).json).toEqual(orgMeta);
  });

  it('defaults scopes to rest and never expires unless asked', async () => {
    const r = expectStatus(await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'plain' }, o), 201);
    expect(r.json.scopes).toEqual(['rest']);
    expect(r.json.expiresAt).toBeNull();
  });

  it('creates an org key for admins of that org only', async () => {
    const r = expectStatus(
      await c.post('/user/apiKey', { orgId: w.orgA, kind: 'org', name: 'site' }, { key: w.adminA.key }),
      201,
    );
    expect(r.json).toMatchObject({ kind: 'org', orgId: w.orgA, orgUserId: null, userId: null });
    expectError(
      await c.post('/user/apiKey', { orgId: w.orgB, kind: 'org', name: 'site' }, { key: w.adminA.key }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await c.post('/user/apiKey', { orgId: w.orgA, kind: 'org', name: 'site' }, { key: w.memberA.key }),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses bad input with 400 and a message naming the field', async () => {
    const bad: [unknown, RegExp][] = [
      [{ orgUserId: w.memberA.orgUserId }, /name/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x'.repeat(201) }, /name/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', description: 'd'.repeat(2001) }, /description/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', scopes: [] }, /scopes/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', scopes: ['admin'] }, /scopes/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', scopes: 'rest' }, /scopes/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', expiresAt: '2000-01-01T00:00:00Z' }, /future/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', expiresAt: 'tomorrow' }, /expiresAt/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', expiresAt: '2100-01-01T00:00:00.1234Z' }, /expiresAt/],
      [{ orgUserId: String(w.memberA.orgUserId), name: 'x' }, /./],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', readOnly: 'yes' }, /readOnly/],
      [{ orgUserId: w.memberA.orgUserId, name: 'x', surprise: 1 }, /surprise/],
      [{ name: 'x' }, /./],
      [[], /./],
    ];
    for (const [body, message] of bad) {
      const r = await c.post('/user/apiKey', body, o);
      expectError(r, 400, 'BAD_REQUEST');
      expect(r.json.error.message).toMatch(message);
    }
  });

  it('is 404 for an unknown membership and 409 for an inactive one', async () => {
    expectError(await c.post('/user/apiKey', { orgUserId: 987654, name: 'x' }, o), 404, 'NOT_FOUND');
    const m = expectStatus(
      await c.post(`/user/org/${w.orgA}/users`, { email: 'asleep@example.com', firstName: 'A', lastName: 'S' }, o),
      201,
    ).json;
    expectStatus(await c.patch(`/user/org/${w.orgA}/user/${m.userId}`, { status: 'inactive' }, o), 200);
    expectError(await c.post('/user/apiKey', { orgUserId: m.id, name: 'x' }, o), 409, 'CONFLICT');
  });

  it("keeps admins to their own org and super admins' memberships to super admins", async () => {
    expectError(
      await c.post('/user/apiKey', { orgUserId: w.adminB.orgUserId, name: 'x' }, { key: w.adminA.key }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await c.post('/user/apiKey', { orgUserId: w.owner.orgUserId, name: 'x' }, { key: w.adminA.key }),
      403,
      'FORBIDDEN',
    );
    expectStatus(
      await c.post('/user/apiKey', { orgUserId: w.memberA.orgUserId, name: 'x' }, { key: w.adminA.key }),
      201,
    );
  });
});

describe('members and their own keys (rule 2)', () => {
  it('lets a member manage their own keys only while the org allows it', async () => {
    const mine = { orgUserId: w.memberA.orgUserId, name: 'mine' };
    expectError(await c.post('/user/apiKey', mine, { key: w.memberA.key }), 403, 'FORBIDDEN');
    expectStatus(await c.patch(`/user/orgs/${w.orgA}`, { allowUserKeys: true }, { key: w.adminA.key }), 200);
    try {
      const k = expectStatus(await c.post('/user/apiKey', mine, { key: w.memberA.key }), 201).json;
      expectError(
        await c.post('/user/apiKey', { orgUserId: w.member2A.orgUserId, name: 'theirs' }, { key: w.memberA.key }),
        403,
        'FORBIDDEN',
      );
      // A member's org-wide list is their own keys.
      const list = expectStatus(
        await c.get(`/user/apiKey?orgId=${w.orgA}&limit=1000`, { key: w.memberA.key }),
        200,
      ).json;
      expect(list.items.length).toBeGreaterThan(0);
      expect(list.items.every((i: { orgUserId: number }) => i.orgUserId === w.memberA.orgUserId)).toBe(true);
      expectError(
        await c.get(`/user/apiKey?orgUserId=${w.member2A.orgUserId}`, { key: w.memberA.key }),
        403,
        'FORBIDDEN',
      );
      expectError(await c.get(`/user/apiKey/${w.adminA.keyId}`, { key: w.memberA.key }), 403, 'FORBIDDEN');
      // An admin's disable sticks.
      expectStatus(await c.patch(`/user/apiKey/${k.id}`, { status: 'disabled' }, { key: w.adminA.key }), 200);
      expectError(
        await c.patch(`/user/apiKey/${k.id}`, { status: 'enabled' }, { key: w.memberA.key }),
        403,
        'FORBIDDEN',
      );
      expectStatus(await c.delete(`/user/apiKey/${k.id}`, { key: w.memberA.key }), 204);
    } finally {
      expectStatus(await c.patch(`/user/orgs/${w.orgA}`, { allowUserKeys: false }, { key: w.adminA.key }), 200);
    }
  });
});
