// docs/rules.md rules 1, 2 and 16: who may create and manage keys for which membership.
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
