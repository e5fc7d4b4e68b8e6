// docs/rules.md rule 11: impersonation.
import { describe, expect, it } from 'vitest';
import { World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
  describe('rule 11: impersonation needs canImpersonate and an active target with an active membership in the key’s org; a super-admin target needs a super-admin key; else IMPERSONATION_DENIED', () => {
    it('a canImpersonate key runs the call as the target, with the target’s permissions', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      const m = w.person(w.orgA, 'member');
      const actor = w.as(imp.key, 'GET', String(m.userId));
      expect(actor).toMatchObject({
        userId: m.userId,
        orgUserId: m.orgUserId,
        role: 'member',
        orgId: w.orgA,
        isSuperAdmin: false,
        impersonatorUserId: imp.userId,
      });
      expect(actor.key?.id).toBe(imp.keyId);
      // The admin's own power is not lent to the target.
      expectCode(() => w.engine.directory.listMembers(w.as(imp.key, 'GET', String(m.userId)), w.orgA), 'FORBIDDEN');
      expect(w.engine.directory.listMembers(w.as(imp.key, 'GET'), w.orgA).items.length).toBeGreaterThan(0);
      expect(w.engine.me(w.as(imp.key, 'GET', String(m.userId)))).toMatchObject({
        id: m.userId,
        email: m.email,
        orgUserId: m.orgUserId,
        role: 'member',
        impersonatedBy: { id: imp.userId, email: imp.email },
      });
      // The target's own keys are theirs to manage only if the org allows it.
      w.allowUserKeys(w.orgA, true);
      expect(
        w.key({ orgUserId: m.orgUserId, name: 'via impersonation' }, w.as(imp.key, 'POST', String(m.userId))).createdBy,
      ).toBe(m.userId);
    });

    it('a member key that can impersonate an admin gets the admin’s power while impersonating', () => {
      const w = new World();
      const helper = w.person(w.orgA, 'member', { canImpersonate: true });
      const admin = w.person(w.orgA, 'admin');
      expectCode(() => w.engine.directory.listMembers(w.as(helper.key, 'GET'), w.orgA), 'FORBIDDEN');
      expect(
        w.engine.directory.listMembers(w.as(helper.key, 'GET', String(admin.userId)), w.orgA).items.length,
      ).toBeGreaterThan(0);
    });

    it('a header that is not a positive integer user id is IMPERSONATION_DENIED', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      const m = w.person(w.orgA, 'member');
      for (const h of [
        'abc',
        '',
        ' ',
        '0',
        '-1',
        `${m.userId}.0`,
        `${m.userId}.5`,
        '1e3',
        '0x10',
        `0${m.userId}`,
        `${m.userId}abc`,
        '+2',
        '99999999999999999999',
        `${m.userId},${imp.userId}`,
      ]) {
        const e = expectCode(() => w.as(imp.key, 'GET', h), 'IMPERSONATION_DENIED');
        expect(e.status, JSON.stringify(h)).toBe(403);
      }
      expect(w.as(imp.key, 'GET', ` ${m.userId} `).userId).toBe(m.userId);
    });

    it('a key without canImpersonate is denied, whoever owns it', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      expectCode(() => w.as(admin.key, 'GET', String(m.userId)), 'IMPERSONATION_DENIED');
      expectCode(() => w.as(w.ownerKey, 'GET', String(m.userId)), 'IMPERSONATION_DENIED');
      expect(w.as(admin.key, 'GET', null).userId).toBe(admin.userId);
      expect(w.as(admin.key, 'GET', undefined).userId).toBe(admin.userId);
    });

    it('the target must exist, be active, and have an active membership in the key’s org', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      const onlyInB = w.person(w.orgB, 'member');
      const inactive = w.person(w.orgA, 'member');
      const disabled = w.person(w.orgA, 'member');
      const removed = w.person(w.orgA, 'member');
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
      w.engine.directory.updateUser(w.owner, disabled.userId, { status: 'disabled' });
      w.engine.directory.removeMember(w.owner, w.orgA, removed.userId);
      for (const target of [onlyInB.userId, inactive.userId, disabled.userId, removed.userId, 999999]) {
        expectCode(() => w.as(imp.key, 'GET', String(target)), 'IMPERSONATION_DENIED');
      }
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'active' });
      expect(w.as(imp.key, 'GET', String(inactive.userId)).userId).toBe(inactive.userId);
    });

    it('impersonating a super admin needs a super-admin key', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      const otherSuper = w.person(w.orgA, 'member');
      w.makeSuperAdmin(otherSuper.userId);
      expectCode(() => w.as(imp.key, 'GET', String(w.ownerUserId)), 'IMPERSONATION_DENIED');
      expectCode(() => w.as(imp.key, 'GET', String(otherSuper.userId)), 'IMPERSONATION_DENIED');
      const superImp = w.key({ orgUserId: w.ownerOrgUserId, name: 'super imp', canImpersonate: true });
      const actor = w.as(superImp.apiKey, 'GET', String(otherSuper.userId));
      expect(actor).toMatchObject({ userId: otherSuper.userId, isSuperAdmin: true, impersonatorUserId: w.ownerUserId });
      // A super admin impersonating an ordinary member has only the member's power.
      const m = w.person(w.orgA, 'member');
      const asMember = w.as(superImp.apiKey, 'GET', String(m.userId));
      expect(asMember.isSuperAdmin).toBe(false);
      expectCode(() => w.engine.directory.listMembers(asMember, w.orgB), 'FORBIDDEN');
    });

    it('impersonation is checked last: a key failing an earlier check reports that check', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true, readOnly: true });
      expectCode(() => w.as(imp.key, 'POST', 'garbage'), 'READ_ONLY');
      w.engine.keys.update(w.owner, imp.keyId, { status: 'disabled' });
      expectCode(() => w.as(imp.key, 'GET', 'garbage'), 'DISABLED');
    });
  });
});
