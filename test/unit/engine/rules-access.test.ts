// docs/rules.md rules 1–5 and 16: who may create and manage which keys.
import { describe, expect, it } from 'vitest';
import { World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
  describe('rule 1: only admins of an org create keys for its memberships; an admin of org A has no power in org B', () => {
    it('an admin of the org creates keys for any membership of it', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const member = w.person(w.orgA, 'member');
      const k = w.key({ orgUserId: member.orgUserId, name: 'made by admin' }, w.as(admin.key));
      expect(k).toMatchObject({
        kind: 'user',
        orgId: w.orgA,
        orgUserId: member.orgUserId,
        userId: member.userId,
        createdBy: admin.userId,
      });
      expect(w.as(k.apiKey, 'GET').userId).toBe(member.userId);
    });

    it('a member creates no keys for other memberships, even with allowUserKeys on', () => {
      const w = new World();
      const alice = w.person(w.orgA, 'member');
      const bob = w.person(w.orgA, 'member');
      const admin = w.person(w.orgA, 'admin');
      for (const on of [false, true]) {
        w.allowUserKeys(w.orgA, on);
        const before = w.countKeys();
        expectCode(() => w.key({ orgUserId: bob.orgUserId, name: 'x' }, w.as(alice.key)), 'FORBIDDEN');
        expectCode(() => w.key({ orgUserId: admin.orgUserId, name: 'x' }, w.as(alice.key)), 'FORBIDDEN');
        expect(w.countKeys()).toBe(before);
      }
    });

    it('an admin of org A has no power in org B: no keys, no org keys, no lists, no changes there', () => {
      const w = new World();
      const adminA = w.person(w.orgA, 'admin');
      const memberB = w.person(w.orgB, 'member');
      const actor = () => w.as(adminA.key);
      expectCode(() => w.key({ orgUserId: memberB.orgUserId, name: 'x' }, actor()), 'FORBIDDEN');
      expectCode(() => w.key({ orgId: w.orgB, kind: 'org', name: 'x' }, actor()), 'FORBIDDEN');
      expectCode(() => w.engine.keys.list(actor(), { orgId: w.orgB }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.list(actor(), { orgUserId: memberB.orgUserId }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.get(actor(), memberB.keyId), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(actor(), memberB.keyId, { status: 'disabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(actor(), memberB.keyId, {}), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(actor(), memberB.keyId), 'FORBIDDEN');
      expectCode(() => w.engine.directory.listMembers(actor(), w.orgB), 'FORBIDDEN');
      expectCode(
        () =>
          w.engine.directory.addMember(actor(), w.orgB, { email: 'new@example.com', firstName: 'N', lastName: 'N' }),
        'FORBIDDEN',
      );
      expectCode(() => w.engine.directory.updateOrg(actor(), w.orgB, { allowUserKeys: true }), 'FORBIDDEN');
      expectCode(() => w.engine.audit.list(actor(), { orgId: w.orgB }), 'FORBIDDEN');
      expect(w.as(memberB.key, 'GET').userId).toBe(memberB.userId);
      expect(w.engine.keys.get(w.owner, memberB.keyId).status).toBe('enabled');
    });

    it('the power follows the key: an admin of A who is also admin of B acts in B only with a B key', () => {
      const w = new World();
      const x = w.person(w.orgA, 'admin');
      const xInB = w.join(x, w.orgB, 'admin');
      const memberB = w.person(w.orgB, 'member');
      expectCode(() => w.key({ orgUserId: memberB.orgUserId, name: 'x' }, w.as(x.key)), 'FORBIDDEN');
      const bKey = w.key({ orgUserId: xInB, name: 'x in B' });
      expect(w.key({ orgUserId: memberB.orgUserId, name: 'ok' }, w.as(bKey.apiKey)).orgId).toBe(w.orgB);
    });

    it('super admins are admins of every org', () => {
      const w = new World();
      const memberB = w.person(w.orgB, 'member');
      // The owner's key is bound to org A, yet a super admin has admin power in B too.
      const viaKey = w.key({ orgUserId: memberB.orgUserId, name: 'by super admin' }, w.as(w.ownerKey));
      expect(viaKey.orgId).toBe(w.orgB);
      expect(w.key({ orgId: w.orgB, kind: 'org', name: 'org key' }, w.owner).kind).toBe('org');
    });
  });

  describe('rule 2: a member manages keys for their own membership only, only while allowUserKeys is on (default off)', () => {
    it('allowUserKeys is off by default, for the first org and for new orgs', () => {
      const w = new World();
      expect(w.engine.directory.getOrg(w.owner, w.orgA).allowUserKeys).toBe(false);
      expect(w.engine.directory.getOrg(w.owner, w.orgB).allowUserKeys).toBe(false);
      expect(w.engine.directory.createOrg(w.owner, { name: 'C' }).allowUserKeys).toBe(false);
      expect(w.engine.directory.createOrg(w.owner, { name: 'D', allowUserKeys: true }).allowUserKeys).toBe(true);
    });

    it('while it is off, a member may not create, disable, enable, roll or delete their own keys', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      const disabledOne = w.key({ orgUserId: m.orgUserId, name: 'off' });
      w.engine.keys.update(w.owner, disabledOne.id, { status: 'disabled' });
      const me = () => w.as(m.key);
      expectCode(() => w.key({ orgUserId: m.orgUserId, name: 'mine' }, me()), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(me(), m.keyId, { status: 'disabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(me(), disabledOne.id, { status: 'enabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(me(), m.keyId, {}), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(me(), m.keyId), 'FORBIDDEN');
      expect(w.engine.keys.get(w.owner, m.keyId)).toMatchObject({ status: 'enabled', revokedAt: null, rolledTo: null });
    });

    it('while it is on, a member creates, disables, enables, rolls and deletes their own keys', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const me = () => w.as(m.key);
      const own = w.key({ orgUserId: m.orgUserId, name: 'mine', scopes: ['rest'] }, me());
      expect(own).toMatchObject({ orgUserId: m.orgUserId, userId: m.userId, createdBy: m.userId });
      expect(w.engine.keys.update(me(), own.id, { status: 'disabled' }).status).toBe('disabled');
      expect(w.engine.keys.update(me(), own.id, { status: 'enabled' }).status).toBe('enabled');
      const rolled = w.engine.keys.roll(me(), own.id, {});
      expect(rolled.orgUserId).toBe(m.orgUserId);
      w.engine.keys.remove(me(), rolled.id);
      expect(w.engine.keys.get(me(), rolled.id).revokedAt).not.toBeNull();

      // Turned off again, the power is gone at once.
      w.allowUserKeys(w.orgA, false);
      expectCode(() => w.engine.keys.remove(me(), own.id), 'FORBIDDEN');
    });

    it('even while it is on, a member touches no other membership’s keys and no org keys', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      const other = w.person(w.orgA, 'member');
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      w.allowUserKeys(w.orgA, true);
      const me = () => w.as(m.key);
      expectCode(() => w.key({ orgUserId: other.orgUserId, name: 'x' }, me()), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(me(), other.keyId, { status: 'disabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(me(), other.keyId, {}), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(me(), other.keyId), 'FORBIDDEN');
      expectCode(() => w.key({ orgId: w.orgA, kind: 'org', name: 'x' }, me()), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(me(), orgKey.id, { status: 'disabled' }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(me(), orgKey.id), 'FORBIDDEN');
      expect(w.as(other.key, 'GET').userId).toBe(other.userId);
      expect(w.as(orgKey.apiKey, 'GET').key?.kind).toBe('org');
    });

    it('only admins switch allowUserKeys', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      expectCode(() => w.engine.directory.updateOrg(w.as(m.key), w.orgA, { allowUserKeys: true }), 'FORBIDDEN');
      expect(w.engine.directory.getOrg(w.owner, w.orgA).allowUserKeys).toBe(false);
    });

    it('a member may not re-enable a key that an admin disabled; an admin may', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const spare = w.key({ orgUserId: m.orgUserId, name: 'spare' });
      w.engine.keys.update(w.as(admin.key), spare.id, { status: 'disabled' });
      expectCode(() => w.engine.keys.update(w.as(m.key), spare.id, { status: 'enabled' }), 'FORBIDDEN');
      expect(w.engine.keys.get(w.owner, spare.id).status).toBe('disabled');
      expectCode(() => w.as(spare.apiKey, 'GET'), 'DISABLED');

      w.engine.keys.update(w.as(admin.key), spare.id, { status: 'enabled' });
      // Enabled again by an admin, it is the member's to disable and enable once more.
      w.engine.keys.update(w.as(m.key), spare.id, { status: 'disabled' });
      expect(w.engine.keys.update(w.as(m.key), spare.id, { status: 'enabled' }).status).toBe('enabled');
    });

    it('an admin disabling a key the member had already disabled still locks the member out of re-enabling it', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const spare = w.key({ orgUserId: m.orgUserId, name: 'spare' });
      w.engine.keys.update(w.as(m.key), spare.id, { status: 'disabled' });
      w.engine.keys.update(w.as(admin.key), spare.id, { status: 'disabled' });
      expectCode(() => w.engine.keys.update(w.as(m.key), spare.id, { status: 'enabled' }), 'FORBIDDEN');
    });

    it('an admin-disabled key stays admin-disabled when rolled', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const spare = w.key({ orgUserId: m.orgUserId, name: 'spare' });
      w.engine.keys.update(w.owner, spare.id, { status: 'disabled' });
      const rolled = w.engine.keys.roll(w.as(m.key), spare.id, {});
      expect(rolled.status).toBe('disabled');
      expectCode(() => w.engine.keys.update(w.as(m.key), rolled.id, { status: 'enabled' }), 'FORBIDDEN');
    });
  });

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

  describe('rule 16: creating a key for a super admin’s membership needs a super admin', () => {
    it('an org admin, an org key and a member with allowUserKeys cannot create keys for a super admin', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const before = w.countKeys();
      for (const actor of [w.as(admin.key), w.as(orgKey.apiKey), w.as(m.key)]) {
        expectCode(() => w.key({ orgUserId: w.ownerOrgUserId, name: 'x' }, actor), 'FORBIDDEN');
      }
      expect(w.countKeys()).toBe(before);
    });

    it('rolling a super admin’s key mints one for them, so it needs a super admin too', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const ownerKeyId = w.as(w.ownerKey, 'GET').key!.id;
      expectCode(() => w.engine.keys.roll(w.as(admin.key), ownerKeyId, {}), 'FORBIDDEN');
      expect(w.engine.keys.roll(w.owner, ownerKeyId, { gracePeriodSeconds: 60 }).orgUserId).toBe(w.ownerOrgUserId);
    });

    it('a super admin creates keys for another super admin’s membership', () => {
      const w = new World();
      const other = w.person(w.orgB, 'member');
      w.makeSuperAdmin(other.userId);
      const admin = w.person(w.orgB, 'admin');
      expectCode(() => w.key({ orgUserId: other.orgUserId, name: 'x' }, w.as(admin.key)), 'FORBIDDEN');
      expect(w.key({ orgUserId: other.orgUserId, name: 'ok' }, w.as(w.ownerKey)).userId).toBe(other.userId);
      expect(w.key({ orgUserId: w.ownerOrgUserId, name: 'ok' }, w.as(other.key)).userId).toBe(w.ownerUserId);
    });
  });
});
