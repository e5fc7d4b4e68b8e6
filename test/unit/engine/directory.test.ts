// Orgs, members and users.
import { describe, expect, it } from 'vitest';
import { addMemberSchema } from '../../../src/shared/domain';
import { World, expectCode } from './helpers';

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
