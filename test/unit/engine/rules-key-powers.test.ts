// docs/rules.md rules 3–5: what a key may do: org keys, canImpersonate, and acting with its
// user's permissions at the time of use.
import { describe, expect, it } from 'vitest';
import { World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
  describe('rule 3: org keys are managed by admins only, act as admins of their org only, have no user, cannot impersonate, survive their creator', () => {
    it('an admin creates, disables and deletes org keys; a member cannot, even with allowUserKeys on', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' }, w.as(admin.key));
      expect(k).toMatchObject({
        kind: 'org',
        orgId: w.orgA,
        orgUserId: null,
        userId: null,
        canImpersonate: false,
        createdBy: admin.userId,
      });
      expectCode(() => w.key({ orgId: w.orgA, kind: 'org', name: 'x' }, w.as(m.key)), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(w.as(m.key), k.id, { status: 'disabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(w.as(m.key), k.id), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(w.as(m.key), k.id, {}), 'FORBIDDEN');
      expect(w.engine.keys.update(w.as(admin.key), k.id, { status: 'disabled' }).status).toBe('disabled');
      expectCode(() => w.as(k.apiKey, 'GET'), 'DISABLED');
      w.engine.keys.update(w.as(admin.key), k.id, { status: 'enabled' });
      w.engine.keys.remove(w.as(admin.key), k.id);
      expectCode(() => w.as(k.apiKey, 'GET'), 'REVOKED');
    });

    it('an org key acts with full admin power in its org', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' });
      const act = () => w.as(k.apiKey);
      expect(w.engine.directory.listMembers(act(), w.orgA).items.length).toBeGreaterThan(0);
      const added = w.engine.directory.addMember(act(), w.orgA, {
        email: 'via-org-key@example.com',
        firstName: 'V',
        lastName: 'K',
      });
      expect(w.key({ orgUserId: added.id, name: 'for new member' }, act()).orgId).toBe(w.orgA);
      expect(w.engine.keys.list(act(), { orgId: w.orgA }).items.map((i) => i.id)).toContain(m.keyId);
      w.engine.keys.update(act(), m.keyId, { status: 'disabled' });
      expect(w.engine.directory.updateOrg(act(), w.orgA, { allowUserKeys: true }).allowUserKeys).toBe(true);
      expect(w.engine.audit.list(act(), { orgId: w.orgA }).items.length).toBeGreaterThan(0);
      expect(w.key({ orgId: w.orgA, kind: 'org', name: 'another' }, act()).kind).toBe('org');
    });

    it('an org key has no power in any other org', () => {
      const w = new World();
      const memberB = w.person(w.orgB, 'member');
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' });
      const act = () => w.as(k.apiKey);
      expectCode(() => w.engine.directory.listMembers(act(), w.orgB), 'FORBIDDEN');
      expectCode(() => w.key({ orgUserId: memberB.orgUserId, name: 'x' }, act()), 'FORBIDDEN');
      expectCode(() => w.key({ orgId: w.orgB, kind: 'org', name: 'x' }, act()), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(act(), memberB.keyId), 'FORBIDDEN');
      expectCode(() => w.engine.directory.getOrg(act(), w.orgB), 'FORBIDDEN');
      expect(w.engine.directory.listOrgs(act()).items.map((o) => o.id)).toEqual([w.orgA]);
    });

    it('an org key has no user', () => {
      const w = new World();
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' });
      const actor = w.as(k.apiKey, 'GET');
      expect(actor).toMatchObject({ userId: null, orgUserId: null, isSuperAdmin: false, orgId: w.orgA });
      expect(w.engine.me(actor)).toMatchObject({
        id: null,
        email: null,
        orgUserId: null,
        impersonatedBy: null,
        key: { id: k.id, kind: 'org' },
      });
    });

    it('an org key cannot impersonate: never created with canImpersonate, and the header is refused', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      const before = w.countKeys();
      expectCode(
        () => w.key({ orgId: w.orgA, kind: 'org', name: 'x', canImpersonate: true }, w.as(admin.key)),
        'FORBIDDEN',
      );
      // Even a super admin cannot make one: an org key has no user to impersonate from.
      expectCode(() => w.key({ orgId: w.orgA, kind: 'org', name: 'x', canImpersonate: true }), 'BAD_REQUEST');
      expect(w.countKeys()).toBe(before);
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' });
      expectCode(() => w.as(k.apiKey, 'GET', String(m.userId)), 'IMPERSONATION_DENIED');
    });

    it('an org key survives its creator’s demotion, deactivation and removal', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site-wide' }, w.as(admin.key));
      w.engine.directory.updateMember(w.owner, w.orgA, admin.userId, { role: 'member' });
      expect(w.engine.directory.listMembers(w.as(k.apiKey, 'GET'), w.orgA).items.length).toBeGreaterThan(0);
      expectCode(() => w.engine.directory.listMembers(w.as(admin.key, 'GET'), w.orgA), 'FORBIDDEN');
      w.engine.directory.updateMember(w.owner, w.orgA, admin.userId, { status: 'inactive' });
      w.engine.directory.updateUser(w.owner, admin.userId, { status: 'disabled' });
      w.engine.directory.removeMember(w.owner, w.orgA, admin.userId);
      expect(w.engine.directory.listMembers(w.as(k.apiKey, 'GET'), w.orgA).items.length).toBeGreaterThan(0);
    });
  });

  describe('rule 4: canImpersonate is set only by a super admin; anyone else gets 403, never a downgraded key; rolling such a key needs a super admin', () => {
    it('an org admin asking for canImpersonate gets 403 and no key at all', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      const before = w.countKeys();
      expectCode(
        () => w.key({ orgUserId: m.orgUserId, name: 'x', canImpersonate: true }, w.as(admin.key)),
        'FORBIDDEN',
      );
      expectCode(
        () => w.key({ orgUserId: admin.orgUserId, name: 'x', canImpersonate: true }, w.as(admin.key)),
        'FORBIDDEN',
      );
      expectCode(
        () =>
          w.engine.keys.createMany(w.as(admin.key), [
            { orgUserId: m.orgUserId, name: 'fine' },
            { orgUserId: m.orgUserId, name: 'x', canImpersonate: true },
          ]),
        'FORBIDDEN',
      );
      expect(w.countKeys()).toBe(before);
      expect(w.engine.keys.list(w.owner, { orgUserId: m.orgUserId }).items.every((k) => !k.canImpersonate)).toBe(true);
    });

    it('a member with allowUserKeys asking for canImpersonate on their own key gets 403', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const before = w.countKeys();
      expectCode(() => w.key({ orgUserId: m.orgUserId, name: 'x', canImpersonate: true }, w.as(m.key)), 'FORBIDDEN');
      expect(w.countKeys()).toBe(before);
    });

    it('canImpersonate: false is not a request for it, and is allowed to anyone who may create the key', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      expect(w.key({ orgUserId: m.orgUserId, name: 'x', canImpersonate: false }, w.as(admin.key)).canImpersonate).toBe(
        false,
      );
    });

    it('a super admin sets it, directly or through a key', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      expect(w.key({ orgUserId: admin.orgUserId, name: 'imp', canImpersonate: true }).canImpersonate).toBe(true);
      expect(
        w.key({ orgUserId: admin.orgUserId, name: 'imp2', canImpersonate: true }, w.as(w.ownerKey)).canImpersonate,
      ).toBe(true);
    });

    it('rolling a canImpersonate key needs a super admin, even for an admin of its org', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const imp = w.key({ orgUserId: admin.orgUserId, name: 'imp', canImpersonate: true });
      expectCode(() => w.engine.keys.roll(w.as(admin.key), imp.id, {}), 'FORBIDDEN');
      expect(w.engine.keys.get(w.owner, imp.id).rolledTo).toBeNull();
      expect(w.as(imp.apiKey, 'GET').key?.canImpersonate).toBe(true);
      const rolled = w.engine.keys.roll(w.owner, imp.id, {});
      expect(rolled.canImpersonate).toBe(true);
      // The admin may still delete it (rule 15's "may roll" is about who may delete, plus rule 4).
      w.engine.keys.remove(w.as(admin.key), rolled.id);
    });
  });

  describe('rule 5: a key acts with its user’s permissions at the time of use; inactive users and memberships fail with INACTIVE_USER; creating keys for them is 409', () => {
    it('a demoted user’s key loses admin power at once, and a promoted one gains it', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      expect(w.engine.directory.listMembers(w.as(admin.key, 'GET'), w.orgA).items.length).toBeGreaterThan(0);
      w.engine.directory.updateMember(w.owner, w.orgA, admin.userId, { role: 'member' });
      expectCode(() => w.engine.directory.listMembers(w.as(admin.key, 'GET'), w.orgA), 'FORBIDDEN');
      expectCode(() => w.key({ orgUserId: m.orgUserId, name: 'x' }, w.as(admin.key)), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(w.as(admin.key), m.keyId, { status: 'disabled' }), 'FORBIDDEN');
      expect(w.as(admin.key, 'GET').role).toBe('member');

      w.engine.directory.updateMember(w.owner, w.orgA, m.userId, { role: 'admin' });
      expect(w.key({ orgUserId: admin.orgUserId, name: 'by the new admin' }, w.as(m.key)).orgUserId).toBe(
        admin.orgUserId,
      );
    });

    it('a disabled user’s keys fail with INACTIVE_USER in every org, and work again when re-enabled', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin');
      const inB = w.join(p, w.orgB);
      const bKey = w.key({ orgUserId: inB, name: 'b' });
      w.engine.directory.updateUser(w.owner, p.userId, { status: 'disabled' });
      expectCode(() => w.as(p.key, 'GET'), 'INACTIVE_USER');
      expectCode(() => w.as(bKey.apiKey, 'GET'), 'INACTIVE_USER');
      w.engine.directory.updateUser(w.owner, p.userId, { status: 'active' });
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
      expect(w.as(bKey.apiKey, 'GET').orgId).toBe(w.orgB);
    });

    it('an inactive membership’s keys fail with INACTIVE_USER; other memberships of the user are unaffected', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      const bKey = w.key({ orgUserId: w.join(p, w.orgB), name: 'b' });
      w.engine.directory.updateMember(w.owner, w.orgA, p.userId, { status: 'inactive' });
      expectCode(() => w.as(p.key, 'GET'), 'INACTIVE_USER');
      expect(w.as(bKey.apiKey, 'GET').orgId).toBe(w.orgB);
      w.engine.directory.updateMember(w.owner, w.orgA, p.userId, { status: 'active' });
      expect(w.as(p.key, 'GET').orgId).toBe(w.orgA);
    });

    it('a removed membership’s keys fail with INACTIVE_USER', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin');
      w.engine.directory.removeMember(w.owner, w.orgA, p.userId);
      expectCode(() => w.as(p.key, 'GET'), 'INACTIVE_USER');
      expect(w.engine.checkKey(p.key)).toMatchObject({ valid: false, code: 'INACTIVE_USER' });
    });

    it('creating a key for an inactive membership or a disabled user is 409 CONFLICT', () => {
      const w = new World();
      const inactive = w.person(w.orgA, 'member');
      const disabled = w.person(w.orgA, 'member');
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
      w.engine.directory.updateUser(w.owner, disabled.userId, { status: 'disabled' });
      const before = w.countKeys();
      expectCode(() => w.key({ orgUserId: inactive.orgUserId, name: 'x' }), 'CONFLICT');
      expectCode(() => w.key({ orgUserId: disabled.orgUserId, name: 'x' }), 'CONFLICT');
      const admin = w.person(w.orgA, 'admin');
      expectCode(() => w.key({ orgUserId: inactive.orgUserId, name: 'x' }, w.as(admin.key)), 'CONFLICT');
      // Rolling mints a key for the membership too.
      expectCode(() => w.engine.keys.roll(w.owner, inactive.keyId, {}), 'CONFLICT');
      expectCode(() => w.engine.keys.roll(w.owner, disabled.keyId, {}), 'CONFLICT');
      expect(w.countKeys()).toBe(before + 1);
    });

    it('a removed membership takes no new keys (404: it no longer exists)', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      w.engine.directory.removeMember(w.owner, w.orgA, p.userId);
      expectCode(() => w.key({ orgUserId: p.orgUserId, name: 'x' }), 'NOT_FOUND');
    });
  });
});
