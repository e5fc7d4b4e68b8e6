// Orgs, members, users, the audit log's reader, pagination and bulk key creation.
import { describe, expect, it } from 'vitest';
import { addMemberSchema, pageQuerySchema } from '../../../src/shared/domain';
import { HOUR, World, expectCode } from './helpers';

const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('orgs', () => {
  it('only a super admin creates orgs', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    expectCode(() => w.engine.directory.createOrg(w.as(admin.key), { name: 'Nope' }), 'FORBIDDEN');
    expectCode(() => w.engine.directory.createOrg(w.as(orgKey.apiKey), { name: 'Nope' }), 'FORBIDDEN');
    expect(w.engine.directory.listOrgs(w.owner).items.map((o) => o.name)).toEqual(['Org A', 'Org B']);
    expect(w.engine.directory.createOrg(w.as(w.ownerKey), { name: 'Org C', allowUserKeys: true })).toMatchObject({
      name: 'Org C',
      allowUserKeys: true,
    });
  });

  it('admins of the org update it; members and admins of other orgs cannot; unknown orgs are 404', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    const adminB = w.person(w.orgB, 'admin');
    expect(
      w.engine.directory.updateOrg(w.as(admin.key), w.orgA, { name: 'Renamed', allowUserKeys: true }),
    ).toMatchObject({
      id: w.orgA,
      name: 'Renamed',
      allowUserKeys: true,
    });
    expect(w.engine.directory.updateOrg(w.as(admin.key), w.orgA, { allowUserKeys: false })).toMatchObject({
      name: 'Renamed',
      allowUserKeys: false,
    });
    expectCode(() => w.engine.directory.updateOrg(w.as(m.key), w.orgA, { name: 'x' }), 'FORBIDDEN');
    expectCode(() => w.engine.directory.updateOrg(w.as(adminB.key), w.orgA, { name: 'x' }), 'FORBIDDEN');
    expectCode(() => w.engine.directory.updateOrg(w.as(admin.key), 4242, { name: 'x' }), 'NOT_FOUND');
    expect(w.engine.directory.getOrg(w.owner, w.orgA).name).toBe('Renamed');
  });

  it('members read their own org; no one reads an org where they have no power; lists show the caller’s orgs', () => {
    const w = new World();
    const m = w.person(w.orgA, 'member');
    expect(w.engine.directory.getOrg(w.as(m.key, 'GET'), w.orgA).id).toBe(w.orgA);
    expectCode(() => w.engine.directory.getOrg(w.as(m.key, 'GET'), w.orgB), 'FORBIDDEN');
    expectCode(() => w.engine.directory.getOrg(w.as(m.key, 'GET'), 4242), 'NOT_FOUND');
    expect(w.engine.directory.listOrgs(w.as(m.key, 'GET')).items.map((o) => o.id)).toEqual([w.orgA]);
    expect(w.engine.directory.listOrgs(w.as(w.ownerKey, 'GET')).items.map((o) => o.id)).toEqual([w.orgA, w.orgB]);
  });
});

describe('members', () => {
  it('adding creates the user when the email is new; role defaults to member; adding twice is 409', () => {
    const w = new World();
    const m = w.engine.directory.addMember(w.owner, w.orgA, {
      email: 'new@example.com',
      firstName: 'New',
      lastName: 'Person',
    });
    expect(m).toMatchObject({
      orgId: w.orgA,
      role: 'member',
      status: 'active',
      user: { email: 'new@example.com', firstName: 'New', lastName: 'Person', isSuperAdmin: false, status: 'active' },
    });
    expect(m.user.id).toBe(m.userId);
    expectCode(
      () =>
        w.engine.directory.addMember(w.owner, w.orgA, {
          email: 'new@example.com',
          firstName: 'N',
          lastName: 'P',
          role: 'admin',
        }),
      'CONFLICT',
    );
    // The same person joins another org as the same user (emails compare case-insensitively).
    const inB = w.engine.directory.addMember(w.owner, w.orgB, {
      email: 'NEW@example.com',
      firstName: 'Other',
      lastName: 'Name',
      role: 'admin',
    });
    expect(inB).toMatchObject({ userId: m.userId, role: 'admin', user: { firstName: 'New' } });
    expect(inB.id).not.toBe(m.id);
    expect(addMemberSchema.parse({ email: ' Mixed@Example.COM ', firstName: 'a', lastName: 'b' }).email).toBe(
      'mixed@example.com',
    );
    expect(addMemberSchema.safeParse({ email: 'not-an-email', firstName: 'a', lastName: 'b' }).success).toBe(false);
  });

  it('only admins of the org list, add, update and remove members', () => {
    const w = new World();
    const m = w.person(w.orgA, 'member');
    const adminB = w.person(w.orgB, 'admin');
    for (const actor of [w.as(m.key), w.as(adminB.key)]) {
      expectCode(() => w.engine.directory.listMembers(actor, w.orgA), 'FORBIDDEN');
      expectCode(
        () => w.engine.directory.addMember(actor, w.orgA, { email: 'x@example.com', firstName: 'x', lastName: 'x' }),
        'FORBIDDEN',
      );
      expectCode(() => w.engine.directory.updateMember(actor, w.orgA, m.userId, { role: 'admin' }), 'FORBIDDEN');
      expectCode(() => w.engine.directory.removeMember(actor, w.orgA, m.userId), 'FORBIDDEN');
    }
    expect(w.engine.directory.getMembership(w.owner, w.orgA, m.userId)).toMatchObject({
      role: 'member',
      status: 'active',
    });
  });

  it('a membership is loaded by admins or by the user themself', () => {
    const w = new World();
    const m = w.person(w.orgA, 'member');
    const other = w.person(w.orgA, 'member');
    const admin = w.person(w.orgA, 'admin');
    expect(w.engine.directory.getMembership(w.as(m.key, 'GET'), w.orgA, m.userId)).toMatchObject({
      id: m.orgUserId,
      orgId: w.orgA,
      userId: m.userId,
      user: { email: m.email },
    });
    expectCode(() => w.engine.directory.getMembership(w.as(m.key, 'GET'), w.orgA, other.userId), 'FORBIDDEN');
    expect(w.engine.directory.getMembership(w.as(admin.key, 'GET'), w.orgA, other.userId).id).toBe(other.orgUserId);
    expectCode(() => w.engine.directory.getMembership(w.as(admin.key, 'GET'), w.orgB, w.ownerUserId), 'FORBIDDEN');
    expectCode(() => w.engine.directory.getMembership(w.as(admin.key, 'GET'), w.orgA, 4242), 'NOT_FOUND');
  });

  it('an org that does not exist is 404 for everyone, not 403', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const act = () => w.as(admin.key);
    expectCode(() => w.engine.directory.getMembership(act(), 4242, admin.userId), 'NOT_FOUND');
    expectCode(() => w.engine.directory.updateMember(act(), 4242, admin.userId, { role: 'member' }), 'NOT_FOUND');
    expectCode(() => w.engine.directory.removeMember(act(), 4242, admin.userId), 'NOT_FOUND');
    expectCode(() => w.engine.directory.listMembers(act(), 4242), 'NOT_FOUND');
    expectCode(
      () => w.engine.directory.addMember(act(), 4242, { email: 'x@example.com', firstName: 'x', lastName: 'x' }),
      'NOT_FOUND',
    );
    expectCode(() => w.engine.audit.list(act(), { orgId: 4242 }), 'NOT_FOUND');
    expectCode(() => w.key({ orgId: 4242, kind: 'org', name: 'x' }, act()), 'NOT_FOUND');
  });

  it('update changes role and status; a user who is not a member is 404', () => {
    const w = new World();
    const m = w.person(w.orgA, 'member');
    expect(w.engine.directory.updateMember(w.owner, w.orgA, m.userId, { role: 'admin' })).toMatchObject({
      role: 'admin',
      status: 'active',
    });
    expect(w.engine.directory.updateMember(w.owner, w.orgA, m.userId, { status: 'inactive' })).toMatchObject({
      role: 'admin',
      status: 'inactive',
    });
    expect(
      w.engine.directory.updateMember(w.owner, w.orgA, m.userId, { role: 'member', status: 'active' }),
    ).toMatchObject({
      role: 'member',
      status: 'active',
    });
    const inB = w.person(w.orgB, 'member');
    expectCode(() => w.engine.directory.updateMember(w.owner, w.orgA, inB.userId, { role: 'admin' }), 'NOT_FOUND');
  });

  it('removal hides the membership and fails its keys; removing again is 404', () => {
    const w = new World();
    const m = w.person(w.orgA, 'member');
    w.engine.directory.removeMember(w.owner, w.orgA, m.userId);
    expect(w.engine.directory.listMembers(w.owner, w.orgA).items.map((x) => x.userId)).not.toContain(m.userId);
    expectCode(() => w.engine.directory.getMembership(w.owner, w.orgA, m.userId), 'NOT_FOUND');
    expectCode(() => w.engine.directory.removeMember(w.owner, w.orgA, m.userId), 'NOT_FOUND');
    expectCode(() => w.engine.directory.updateMember(w.owner, w.orgA, m.userId, { status: 'active' }), 'NOT_FOUND');
    expectCode(() => w.as(m.key, 'GET'), 'INACTIVE_USER');
  });

  it('re-adding a removed member revives the membership with the new role, but not their old keys', () => {
    const w = new World();
    const m = w.person(w.orgA, 'admin');
    const spare = w.key({ orgUserId: m.orgUserId, name: 'spare' });
    w.engine.directory.removeMember(w.owner, w.orgA, m.userId);
    const again = w.engine.directory.addMember(w.owner, w.orgA, { email: m.email, firstName: 'x', lastName: 'y' });
    expect(again).toMatchObject({ id: m.orgUserId, userId: m.userId, role: 'member', status: 'active' });
    expect(w.engine.directory.listMembers(w.owner, w.orgA).items.map((x) => x.userId)).toContain(m.userId);
    // Keys minted before the removal must not come back to life with the membership.
    expectCode(() => w.as(m.key, 'GET'), 'REVOKED');
    expectCode(() => w.as(spare.apiKey, 'GET'), 'REVOKED');
    const fresh = w.key({ orgUserId: again.id, name: 'fresh' });
    expect(w.as(fresh.apiKey, 'GET')).toMatchObject({ userId: m.userId, role: 'member' });
  });

  it('the list pages through members', () => {
    const w = new World();
    for (let i = 0; i < 5; i++) w.person(w.orgA);
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = w.engine.directory.listMembers(w.owner, w.orgA, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(w.engine.directory.listMembers(w.owner, w.orgA).items.map((m) => m.id));
    expect(new Set(seen).size).toBe(6);
  });
});

describe('users', () => {
  it('only a super admin changes a user', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    expectCode(() => w.engine.directory.updateUser(w.as(admin.key), m.userId, { status: 'disabled' }), 'FORBIDDEN');
    expectCode(() => w.engine.directory.updateUser(w.as(orgKey.apiKey), m.userId, { status: 'disabled' }), 'FORBIDDEN');
    expect(w.as(m.key, 'GET').userId).toBe(m.userId);
    expect(w.engine.directory.updateUser(w.as(w.ownerKey), m.userId, { status: 'disabled' })).toMatchObject({
      id: m.userId,
      status: 'disabled',
    });
    expect(w.engine.directory.updateUser(w.owner, m.userId, { status: 'active' }).status).toBe('active');
    expectCode(() => w.engine.directory.updateUser(w.owner, 4242, { status: 'disabled' }), 'NOT_FOUND');
  });

  it('no one disables themself, not even while impersonating someone else', () => {
    const w = new World();
    expectCode(() => w.engine.directory.updateUser(w.owner, w.ownerUserId, { status: 'disabled' }), 'CONFLICT');
    expectCode(
      () => w.engine.directory.updateUser(w.as(w.ownerKey), w.ownerUserId, { status: 'disabled' }),
      'CONFLICT',
    );
    const other = w.person(w.orgA, 'member');
    w.makeSuperAdmin(other.userId);
    const imp = w.key({ orgUserId: w.ownerOrgUserId, name: 'imp', canImpersonate: true });
    expectCode(
      () =>
        w.engine.directory.updateUser(w.as(imp.apiKey, 'PATCH', String(other.userId)), w.ownerUserId, {
          status: 'disabled',
        }),
      'CONFLICT',
    );
    expect(w.engine.directory.updateUser(w.owner, w.ownerUserId, { status: 'active' }).status).toBe('active');
    expect(w.as(w.ownerKey, 'GET').userId).toBe(w.ownerUserId);
  });
});

describe('audit log reader', () => {
  it('needs orgId unless the caller is a super admin; only admins of that org read it', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    expectCode(() => w.engine.audit.list(w.as(admin.key, 'GET'), {}), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(orgKey.apiKey, 'GET'), {}), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgB }), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(m.key, 'GET'), { orgId: w.orgA }), 'FORBIDDEN');
    const mine = w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgA }).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.orgId === w.orgA)).toBe(true);
    expect(w.engine.audit.list(w.as(orgKey.apiKey, 'GET'), { orgId: w.orgA }).items.length).toBeGreaterThan(0);
    // The whole log, org-less failed authentications included, is the super admin's.
    expectCode(() => w.as('kw_test_nothing', 'GET'), 'MALFORMED_KEY');
    const all = w.engine.audit.list(w.as(w.ownerKey, 'GET'), {}).items;
    expect(all.some((e) => e.orgId === null && e.action === 'auth')).toBe(true);
    expect(all.some((e) => e.orgId === w.orgB)).toBe(true);
  });

  it('is newest first and filters by action, outcome, key, actor and time', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    w.clock.advance(HOUR);
    const t1 = w.clock.iso();
    w.engine.keys.update(w.as(admin.key), m.keyId, { status: 'disabled' });
    w.clock.advance(HOUR);
    const t2 = w.clock.iso();
    w.engine.keys.update(w.as(admin.key), m.keyId, { status: 'enabled' });
    expectCode(() => w.engine.directory.listMembers(w.as(m.key, 'GET'), w.orgA), 'FORBIDDEN');

    const all = w.engine.audit.list(w.owner, { orgId: w.orgA }).items;
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const q = (extra: object) => w.engine.audit.list(w.owner, { orgId: w.orgA, ...extra }).items;
    expect(q({ action: 'key.disable' }).map((e) => e.targetId)).toEqual([m.keyId]);
    expect(q({ outcome: 'denied' }).map((e) => [e.action, e.code])).toEqual([['member.list', 'FORBIDDEN']]);
    expect(q({ keyId: admin.keyId }).map((e) => e.action)).toEqual(['key.enable', 'key.disable']);
    expect(q({ actorUserId: m.userId }).every((e) => e.actorUserId === m.userId)).toBe(true);
    expect(q({ since: t1, until: t2 }).map((e) => e.action)).toEqual(['key.disable']);
    expect(q({ since: t2 }).map((e) => e.action)).toEqual(['member.list', 'key.enable']);
    expect(q({ until: t1 })).toHaveLength(all.length - 3);
  });

  it('pages newest first without gaps or repeats', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (let i = 0; i < 7; i++) w.engine.keys.update(w.owner, m.keyId, { name: `n${i}` });
    const full = w.engine.audit.list(w.owner, { orgId: w.orgA }).items.map((e) => e.id);
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const page = w.engine.audit.list(w.owner, { orgId: w.orgA, limit: 3, cursor });
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(full);
    expect(full.length).toBeGreaterThan(7);
  });

  it('records file reads under the file’s org', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const f = w.engine.files.upload(w.as(admin.key), {
      filename: 'a.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('hi'),
    });
    expect(w.engine.files.content(w.as(admin.key, 'GET'), f.id).bytes.toString()).toBe('hi');
    const reads = w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgA, action: 'file.read' }).items;
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ targetType: 'file', targetId: f.id, actorUserId: admin.userId });
  });
});

describe('pagination', () => {
  it('limit and nextCursor walk a list in id order; the last page has nextCursor null', () => {
    const w = new World();
    for (let i = 0; i < 5; i++) w.engine.directory.createOrg(w.owner, { name: `Org ${i}` });
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = w.engine.directory.listOrgs(w.owner, { limit: 3, cursor });
      pages.push(page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(w.engine.directory.listOrgs(w.owner).items.map((o) => o.id));
    expect(w.engine.directory.listOrgs(w.owner, { limit: 7 }).nextCursor).toBeNull();
    expect(w.engine.directory.listOrgs(w.owner, { limit: 6 }).nextCursor).not.toBeNull();
  });

  it('the default page is 100 items', () => {
    const w = new World();
    const m = w.person(w.orgA);
    w.engine.keys.createMany(
      w.owner,
      Array.from({ length: 120 }, (_, i) => ({ orgUserId: m.orgUserId, name: `k${i}` })),
    );
    const first = w.engine.keys.list(w.owner, { orgUserId: m.orgUserId });
    expect(first.items).toHaveLength(100);
    const second = w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items).toHaveLength(21);
    expect(new Set([...first.items, ...second.items].map((k) => k.id)).size).toBe(121);
  });

  it('a cursor this engine did not issue is 400', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (const cursor of [
      'garbage!',
      'c:1',
      cursorOf('c:-1'),
      cursorOf('x:5'),
      cursorOf('c:1.5'),
      cursorOf('c:9999999999999999'),
      cursorOf('c:'),
    ]) {
      expectCode(() => w.engine.directory.listOrgs(w.owner, { cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.audit.list(w.owner, { cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.directory.listMembers(w.owner, w.orgA, { cursor }), 'BAD_REQUEST');
    }
    expect(w.engine.directory.listOrgs(w.owner, { cursor: cursorOf('c:1') }).items.map((o) => o.id)).toEqual([w.orgB]);
  });

  it('limits outside 1..1000 are 400 in the engine too', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (const limit of [0, -1, 1001, 1.5, Number.NaN]) {
      expectCode(() => w.engine.directory.listOrgs(w.owner, { limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.audit.list(w.owner, { limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.directory.listMembers(w.owner, w.orgA, { limit }), 'BAD_REQUEST');
    }
    expect(w.engine.directory.listOrgs(w.owner, { limit: 1000 }).items).toHaveLength(2);
    expect(w.engine.directory.listOrgs(w.owner, { limit: 1 }).items).toHaveLength(1);
  });

  it('limits outside 1..1000 are refused by the schema', () => {
    for (const limit of [0, -1, 1001, 1.5])
      expect(pageQuerySchema.safeParse({ limit }).success, String(limit)).toBe(false);
    for (const limit of [1, 1000]) expect(pageQuerySchema.safeParse({ limit }).success).toBe(true);
  });
});

describe('createKeys (bulk)', () => {
  it('creates every key, each with its own value and audit entry', () => {
    const w = new World();
    const a = w.person(w.orgA);
    const b = w.person(w.orgB);
    const made = w.engine.keys.createMany(w.owner, [
      { orgUserId: a.orgUserId, name: 'a1' },
      { orgUserId: b.orgUserId, name: 'b1', scopes: ['ui', 'rest'] },
      { orgId: w.orgA, kind: 'org', name: 'site' },
    ]);
    expect(made.map((k) => [k.name, k.orgId, k.kind])).toEqual([
      ['a1', w.orgA, 'user'],
      ['b1', w.orgB, 'user'],
      ['site', w.orgA, 'org'],
    ]);
    expect(new Set(made.map((k) => k.apiKey)).size).toBe(3);
    for (const k of made) expect(w.as(k.apiKey, 'GET').key?.id).toBe(k.id);
    const created = w.engine.audit.list(w.owner, { action: 'key.create' }).items.map((e) => e.targetId);
    expect(created).toEqual(expect.arrayContaining(made.map((k) => k.id)));
  });

  it('is all or nothing: one refused key leaves no key created', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA);
    const inactive = w.person(w.orgA);
    w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
    const inB = w.person(w.orgB);
    const before = w.countKeys();
    const good = { orgUserId: m.orgUserId, name: 'good' };
    expectCode(
      () => w.engine.keys.createMany(w.as(admin.key), [good, good, { orgUserId: inB.orgUserId, name: 'elsewhere' }]),
      'FORBIDDEN',
    );
    expectCode(
      () =>
        w.engine.keys.createMany(w.as(admin.key), [good, { orgUserId: inactive.orgUserId, name: 'inactive' }, good]),
      'CONFLICT',
    );
    expectCode(
      () =>
        w.engine.keys.createMany(w.owner, [
          good,
          { orgUserId: m.orgUserId, name: 'past', expiresAt: '2001-01-01T00:00:00Z' },
        ]),
      'BAD_REQUEST',
    );
    expectCode(() => w.engine.keys.createMany(w.owner, [good, { orgUserId: 4242, name: 'nobody' }]), 'NOT_FOUND');
    expect(w.countKeys()).toBe(before);
    expect(w.engine.keys.list(w.owner, { orgUserId: m.orgUserId }).items.map((k) => k.name)).not.toContain('good');
  });
});
