// docs/rules.md rules 11–15: impersonation, audit, listing, roll.
import { describe, expect, it } from 'vitest';
import { rollKeySchema } from '../../../src/shared/domain';
import { START_LENGTH, formatKey } from '../../../src/shared/keyFormat';
import { DAY, HOUR, SECOND, World, expectCode } from './helpers';

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

  describe('rule 12: every authenticated call and lifecycle change is audited as the acting user, with the key and the impersonator; failed authentications with the key’s start only', () => {
    it('lifecycle changes made with a key record the user, the key and its start', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const act = () => w.as(admin.key);
      const k = w.key({ orgUserId: admin.orgUserId, name: 'audited' }, act());
      w.engine.keys.update(act(), k.id, { status: 'disabled' });
      w.engine.keys.update(act(), k.id, { status: 'enabled' });
      w.engine.keys.update(act(), k.id, { name: 'renamed' });
      const rolled = w.engine.keys.roll(act(), k.id, { gracePeriodSeconds: 60 });
      w.engine.keys.remove(act(), rolled.id);
      w.engine.directory.updateOrg(act(), w.orgA, { name: 'Org A2' });
      const added = w.engine.directory.addMember(act(), w.orgA, {
        email: 'audit-me@example.com',
        firstName: 'A',
        lastName: 'M',
      });
      w.engine.directory.updateMember(act(), w.orgA, added.userId, { role: 'admin' });
      w.engine.directory.removeMember(act(), w.orgA, added.userId);

      const mine = w.engine.audit
        .list(w.owner, { orgId: w.orgA, keyId: admin.keyId, outcome: 'ok' })
        .items.filter((e) => e.action !== 'auth');
      const actions = mine.map((e) => e.action).reverse();
      expect(actions).toEqual(
        expect.arrayContaining([
          'key.create',
          'key.disable',
          'key.enable',
          'key.update',
          'key.roll',
          'key.delete',
          'org.update',
          'member.add',
          'member.update',
          'member.remove',
        ]),
      );
      for (const e of mine) {
        expect(e).toMatchObject({
          orgId: w.orgA,
          outcome: 'ok',
          code: null,
          actorUserId: admin.userId,
          impersonatorUserId: null,
          keyId: admin.keyId,
          keyStart: admin.key.slice(0, START_LENGTH),
        });
      }
      expect(mine.find((e) => e.action === 'key.create')).toMatchObject({ targetType: 'apiKey', targetId: k.id });
      expect(mine.find((e) => e.action === 'key.delete')).toMatchObject({ targetType: 'apiKey', targetId: rolled.id });
      expect(mine.find((e) => e.action === 'member.add')).toMatchObject({ targetType: 'user', targetId: added.userId });
    });

    it('org creation and user changes are audited too (outside any org: in the super admin’s whole log)', () => {
      const w = new World();
      const m = w.person(w.orgA);
      const ownerKeyId = w.as(w.ownerKey, 'GET').key!.id;
      const org = w.engine.directory.createOrg(w.as(w.ownerKey), { name: 'Org C' });
      w.engine.directory.updateUser(w.as(w.ownerKey), m.userId, { status: 'disabled' });
      const all = w.engine.audit.list(w.owner, { keyId: ownerKeyId }).items;
      expect(all.find((e) => e.action === 'org.create')).toMatchObject({
        orgId: org.id,
        targetType: 'org',
        targetId: org.id,
        actorUserId: w.ownerUserId,
        outcome: 'ok',
      });
      expect(all.find((e) => e.action === 'user.update')).toMatchObject({
        orgId: null,
        targetType: 'user',
        targetId: m.userId,
        actorUserId: w.ownerUserId,
        outcome: 'ok',
      });
    });

    it('while impersonating, the actor is the impersonated user and the impersonator is recorded', () => {
      const w = new World();
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      const m = w.person(w.orgA, 'member');
      w.allowUserKeys(w.orgA, true);
      const k = w.key(
        { orgUserId: m.orgUserId, name: 'made while impersonating' },
        w.as(imp.key, 'POST', String(m.userId)),
      );
      w.engine.keys.get(w.as(imp.key, 'GET', String(m.userId)), k.id);
      const events = w.engine.audit.list(w.owner, { orgId: w.orgA, keyId: imp.keyId }).items;
      const create = events.find((e) => e.action === 'key.create');
      expect(create).toMatchObject({
        actorUserId: m.userId,
        impersonatorUserId: imp.userId,
        keyId: imp.keyId,
        keyStart: imp.key.slice(0, START_LENGTH),
        targetId: k.id,
        outcome: 'ok',
      });
      expect(events.find((e) => e.action === 'key.read')).toMatchObject({
        actorUserId: m.userId,
        impersonatorUserId: imp.userId,
        targetId: k.id,
      });
      expect(
        w.engine.audit.list(w.owner, { orgId: w.orgA, actorUserId: m.userId }).items.map((e) => e.action),
      ).toContain('key.create');
    });

    it('authenticated reads are audited in their org’s log', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const act = () => w.as(admin.key, 'GET');
      w.engine.keys.get(act(), admin.keyId);
      w.engine.keys.list(act(), { orgId: w.orgA });
      w.engine.directory.listMembers(act(), w.orgA);
      w.engine.me(act());
      w.engine.directory.getOrg(act(), w.orgA);
      const reads = w.engine.audit.list(act(), { orgId: w.orgA, actorUserId: admin.userId }).items.map((e) => e.action);
      expect(reads).toEqual(expect.arrayContaining(['key.read', 'key.list', 'member.list', 'user.me', 'org.read']));
    });

    it('refusals are audited as denied, with the code', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      const other = w.person(w.orgA, 'member');
      expectCode(() => w.engine.keys.remove(w.as(m.key), other.keyId), 'FORBIDDEN');
      expectCode(() => w.engine.directory.listMembers(w.as(m.key, 'GET'), w.orgA), 'FORBIDDEN');
      const denied = w.engine.audit.list(w.owner, { orgId: w.orgA, outcome: 'denied', actorUserId: m.userId }).items;
      expect(denied.map((e) => e.action)).toEqual(['member.list', 'key.delete']);
      expect(denied[1]).toMatchObject({
        code: 'FORBIDDEN',
        keyId: m.keyId,
        targetType: 'apiKey',
        targetId: other.keyId,
      });
    });

    it('the local owner’s changes are audited as the owner, with no key', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      w.engine.keys.update(w.owner, m.keyId, { status: 'disabled' });
      const [e] = w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'key.disable' }).items;
      expect(e).toMatchObject({
        actorUserId: w.ownerUserId,
        keyId: null,
        keyStart: null,
        impersonatorUserId: null,
        targetId: m.keyId,
      });
    });

    it('failed authentications are audited with the key’s start only', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin', { readOnly: true });
      const imp = w.person(w.orgA, 'admin');
      const unknown = formatKey('sandbox', new Uint8Array(20).fill(7));
      const typo = p.key.slice(0, 30) + (p.key[30] === 'a' ? 'b' : 'a') + p.key.slice(31);
      expectCode(() => w.as(unknown, 'GET'), 'UNKNOWN_KEY');
      expectCode(() => w.as(typo, 'GET'), 'MALFORMED_KEY');
      expectCode(() => w.as('', 'GET'), 'MISSING_KEY');
      expectCode(() => w.as(p.key, 'POST'), 'READ_ONLY');
      expectCode(() => w.as(imp.key, 'GET', String(w.ownerUserId)), 'IMPERSONATION_DENIED');
      w.engine.keys.remove(w.owner, p.keyId);
      expectCode(() => w.as(p.key, 'GET'), 'REVOKED');

      const fails = w.engine.audit.list(w.owner, { action: 'auth', outcome: 'denied' }).items;
      expect(fails.map((e) => e.code)).toEqual([
        'REVOKED',
        'IMPERSONATION_DENIED',
        'READ_ONLY',
        'MISSING_KEY',
        'MALFORMED_KEY',
        'UNKNOWN_KEY',
      ]);
      const by = (code: string) => fails.find((e) => e.code === code)!;
      expect(by('UNKNOWN_KEY')).toMatchObject({
        keyStart: unknown.slice(0, START_LENGTH),
        keyId: null,
        orgId: null,
        actorUserId: null,
      });
      expect(by('MALFORMED_KEY')).toMatchObject({ keyStart: typo.slice(0, START_LENGTH), keyId: null, orgId: null });
      expect(by('MISSING_KEY')).toMatchObject({ keyStart: null, keyId: null });
      expect(by('READ_ONLY')).toMatchObject({ keyStart: p.key.slice(0, START_LENGTH), keyId: p.keyId, orgId: w.orgA });
      expect(by('REVOKED')).toMatchObject({ keyStart: p.key.slice(0, START_LENGTH), keyId: p.keyId, orgId: w.orgA });
      expect(by('IMPERSONATION_DENIED')).toMatchObject({ keyId: imp.keyId, orgId: w.orgA });
      for (const e of fails) expect(e.keyStart === null || e.keyStart.length === START_LENGTH).toBe(true);
      // Failures tied to a key show in that org's log; the org-less ones only in the whole log.
      const inA = w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'auth' }).items.map((e) => e.code);
      expect(inA).toEqual(['REVOKED', 'IMPERSONATION_DENIED', 'READ_ONLY']);
    });
  });

  describe('rule 13: keys are listed by membership and by org; members see only their own, admins all of the org’s', () => {
    function setup() {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const m = w.person(w.orgA, 'member');
      const other = w.person(w.orgA, 'member');
      const mSecond = w.key({ orgUserId: m.orgUserId, name: 'second' });
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      const inB = w.person(w.orgB, 'member');
      return { w, admin, m, other, mSecond, orgKey, inB };
    }

    it('admins list every key of the org, and any membership’s keys', () => {
      const { w, admin, m, other, mSecond, orgKey, inB } = setup();
      const ids = w.engine.keys.list(w.as(admin.key, 'GET'), { orgId: w.orgA }).items.map((k) => k.id);
      expect(ids).toEqual(expect.arrayContaining([admin.keyId, m.keyId, other.keyId, mSecond.id, orgKey.id]));
      expect(ids).not.toContain(inB.keyId);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(w.engine.keys.list(w.as(admin.key, 'GET'), { orgUserId: m.orgUserId }).items.map((k) => k.id)).toEqual([
        m.keyId,
        mSecond.id,
      ]);
      expect(
        w.engine.keys.list(w.as(orgKey.apiKey, 'GET'), { orgUserId: other.orgUserId }).items.map((k) => k.id),
      ).toEqual([other.keyId]);
    });

    it('members see only their own keys, by membership and by org, whatever allowUserKeys says', () => {
      const { w, m, other, mSecond } = setup();
      const act = () => w.as(m.key, 'GET');
      expect(w.engine.keys.list(act(), { orgUserId: m.orgUserId }).items.map((k) => k.id)).toEqual([
        m.keyId,
        mSecond.id,
      ]);
      expect(w.engine.keys.list(act(), { orgId: w.orgA }).items.map((k) => k.id)).toEqual([m.keyId, mSecond.id]);
      expectCode(() => w.engine.keys.list(act(), { orgUserId: other.orgUserId }), 'FORBIDDEN');
      expect(w.engine.keys.get(act(), mSecond.id).name).toBe('second');
      expectCode(() => w.engine.keys.get(act(), other.keyId), 'FORBIDDEN');
    });

    it('no one lists another org’s keys; unknown ids are 404', () => {
      const { w, admin, inB } = setup();
      expectCode(() => w.engine.keys.list(w.as(admin.key, 'GET'), { orgId: w.orgB }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.list(w.as(admin.key, 'GET'), { orgUserId: inB.orgUserId }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.list(w.as(admin.key, 'GET'), { orgId: 4242 }), 'NOT_FOUND');
      expectCode(() => w.engine.keys.list(w.as(admin.key, 'GET'), { orgUserId: 4242 }), 'NOT_FOUND');
      expectCode(() => w.engine.keys.get(w.as(admin.key, 'GET'), 4242), 'NOT_FOUND');
      expect(w.engine.keys.list(w.owner, { orgId: w.orgB }).items.map((k) => k.id)).toEqual([inB.keyId]);
    });

    it('revoked keys are listed only with includeRevoked', () => {
      const { w, m, mSecond } = setup();
      w.engine.keys.remove(w.owner, mSecond.id);
      expect(w.engine.keys.list(w.owner, { orgUserId: m.orgUserId }).items.map((k) => k.id)).toEqual([m.keyId]);
      const all = w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, includeRevoked: true }).items;
      expect(all.map((k) => [k.id, k.revokedAt !== null])).toEqual([
        [m.keyId, false],
        [mSecond.id, true],
      ]);
      expect(w.engine.keys.list(w.owner, { orgId: w.orgA }).items.map((k) => k.id)).not.toContain(mSecond.id);
      expect(w.engine.keys.list(w.owner, { orgId: w.orgA, includeRevoked: true }).items.map((k) => k.id)).toContain(
        mSecond.id,
      );
    });
  });

  // Rule 14 (x-api-key and Authorization: Bearer; x-api-key wins) is about HTTP headers:
  // it is tested against the Core HTTP server in test/integration, not here.

  describe('rule 15: roll copies every setting; the old key expires at min(now + grace, its expiresAt) and then fails with EXPIRED; in its grace period it may only be deleted', () => {
    it('the new key copies every setting, expiresAt included, and is a different key', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin');
      const expiresAt = w.clock.iso(30 * DAY);
      const k = w.key({
        orgUserId: p.orgUserId,
        name: 'old',
        description: 'desc',
        scopes: ['ui', 'integration', 'rest'],
        readOnly: true,
        canImpersonate: true,
        expiresAt,
      });
      w.engine.keys.update(w.owner, k.id, { status: 'disabled' });
      w.clock.advance(HOUR);
      const rolled = w.engine.keys.roll(w.owner, k.id, { gracePeriodSeconds: 60 });
      const old = w.engine.keys.get(w.owner, k.id);
      expect(rolled.apiKey).not.toBe(k.apiKey);
      expect(rolled.id).not.toBe(k.id);
      expect(rolled.start).toBe(rolled.apiKey.slice(0, START_LENGTH));
      const copied = [
        'kind',
        'orgId',
        'orgUserId',
        'userId',
        'name',
        'description',
        'scopes',
        'readOnly',
        'canImpersonate',
        'status',
      ] as const;
      const pick = (key: typeof old) => Object.fromEntries(copied.map((field) => [field, key[field]]));
      expect(pick(rolled)).toEqual(pick(old));
      expect(rolled).toMatchObject({
        expiresAt,
        createdBy: w.ownerUserId,
        createdAt: w.clock.iso(),
        revokedAt: null,
        lastUsedAt: null,
        rolledTo: null,
      });
      expect(old.rolledTo).toBe(rolled.id);
      expect(w.engine.keys.list(w.owner, { orgUserId: p.orgUserId }).items.map((x) => x.id)).toEqual(
        expect.arrayContaining([k.id, rolled.id]),
      );
    });

    it('refuses to roll an expired key (its copy would be dead on arrival) or a key whose member was removed: 409', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      const soon = w.key({ orgUserId: p.orgUserId, name: 'soon', expiresAt: w.clock.iso(HOUR) });
      w.clock.advance(2 * HOUR);
      expectCode(() => w.engine.keys.roll(w.owner, soon.id, {}), 'CONFLICT');
      const k = w.key({ orgUserId: p.orgUserId, name: 'orphan' });
      w.engine.directory.removeMember(w.owner, w.orgA, p.userId);
      expectCode(() => w.engine.keys.roll(w.owner, k.id, {}), 'CONFLICT');
      expect(w.engine.keys.get(w.owner, k.id).rolledTo).toBeNull();
    });

    it('an org key rolls into an org key', () => {
      const w = new World();
      const admin = w.person(w.orgA, 'admin');
      const k = w.key({ orgId: w.orgA, kind: 'org', name: 'site', scopes: ['rest', 'integration'] });
      const rolled = w.engine.keys.roll(w.as(admin.key), k.id, {});
      expect(rolled).toMatchObject({
        kind: 'org',
        orgId: w.orgA,
        orgUserId: null,
        userId: null,
        scopes: ['rest', 'integration'],
        name: 'site',
      });
      expect(w.as(rolled.apiKey, 'GET').key?.kind).toBe('org');
    });

    it('with the default grace of 0 the old key fails with EXPIRED at once; the new one works', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const rolled = w.engine.keys.roll(w.owner, p.keyId, {});
      expect(w.engine.keys.get(w.owner, p.keyId).expiresAt).toBe(w.clock.iso());
      expectCode(() => w.as(p.key, 'GET'), 'EXPIRED');
      expect(w.as(rolled.apiKey, 'GET').userId).toBe(p.userId);
    });

    it('the old key works through its grace period, then fails with EXPIRED', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const rolled = w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600 });
      expect(w.engine.keys.get(w.owner, p.keyId).expiresAt).toBe(w.clock.iso(HOUR));
      expect(rolled.expiresAt).toBeNull();
      w.clock.advance(HOUR - 1);
      expect(w.as(p.key, 'GET').key?.id).toBe(p.keyId);
      w.clock.advance(1);
      expectCode(() => w.as(p.key, 'GET'), 'EXPIRED');
      expect(w.as(rolled.apiKey, 'GET').userId).toBe(p.userId);
    });

    it('the old key keeps its own expiresAt when that comes before the grace period ends', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const soon = w.key({ orgUserId: p.orgUserId, name: 'soon', expiresAt: w.clock.iso(10 * SECOND) });
      const late = w.key({ orgUserId: p.orgUserId, name: 'late', expiresAt: w.clock.iso(10 * DAY) });
      const r1 = w.engine.keys.roll(w.owner, soon.id, { gracePeriodSeconds: 604800 });
      const r2 = w.engine.keys.roll(w.owner, late.id, { gracePeriodSeconds: 60 });
      expect(w.engine.keys.get(w.owner, soon.id).expiresAt).toBe(w.clock.iso(10 * SECOND));
      expect(r1.expiresAt).toBe(w.clock.iso(10 * SECOND));
      expect(w.engine.keys.get(w.owner, late.id).expiresAt).toBe(w.clock.iso(60 * SECOND));
      expect(r2.expiresAt).toBe(w.clock.iso(10 * DAY));
    });

    it('gracePeriodSeconds is an integer from 0 to 604800, default 0 (schema)', () => {
      for (const ok of [{}, { gracePeriodSeconds: 0 }, { gracePeriodSeconds: 1 }, { gracePeriodSeconds: 604800 }]) {
        expect(rollKeySchema.safeParse(ok).success, JSON.stringify(ok)).toBe(true);
      }
      for (const bad of [-1, 604801, 1.5, '60', null, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(rollKeySchema.safeParse({ gracePeriodSeconds: bad }).success, String(bad)).toBe(false);
      }
      expect(rollKeySchema.safeParse({ gracePeriodSeconds: 1, extra: true }).success).toBe(false);
    });

    it('a key in its grace period may be deleted, but not edited or rolled (409)', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const rolled = w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600 });
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { name: 'x' }), 'CONFLICT');
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { status: 'disabled' }), 'CONFLICT');
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { expiresAt: null }), 'CONFLICT');
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(DAY) }), 'CONFLICT');
      expectCode(() => w.engine.keys.roll(w.owner, p.keyId, {}), 'CONFLICT');
      expect(w.engine.keys.get(w.owner, p.keyId).expiresAt).toBe(w.clock.iso(HOUR));
      // After the grace period it still cannot be revived.
      w.clock.advance(2 * HOUR);
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(DAY) }), 'CONFLICT');
      w.engine.keys.remove(w.owner, p.keyId);
      expectCode(() => w.as(p.key, 'GET'), 'REVOKED');
      expect(w.as(rolled.apiKey, 'GET').userId).toBe(p.userId);
      // The new key is an ordinary key: it may be edited and rolled.
      expect(w.engine.keys.update(w.owner, rolled.id, { name: 'renamed' }).name).toBe('renamed');
      expect(w.engine.keys.roll(w.owner, rolled.id, {}).name).toBe('renamed');
    });

    it('whoever may delete a key may roll it; no one else', () => {
      const w = new World();
      const m = w.person(w.orgA, 'member');
      const other = w.person(w.orgA, 'member');
      const adminB = w.person(w.orgB, 'admin');
      expectCode(() => w.engine.keys.roll(w.as(m.key), m.keyId, {}), 'FORBIDDEN');
      w.allowUserKeys(w.orgA, true);
      expectCode(() => w.engine.keys.roll(w.as(m.key), other.keyId, {}), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(w.as(adminB.key), m.keyId, {}), 'FORBIDDEN');
      const mine = w.engine.keys.roll(w.as(m.key), m.keyId, { gracePeriodSeconds: 60 });
      expect(mine).toMatchObject({ orgUserId: m.orgUserId, createdBy: m.userId });
      expect(w.engine.keys.roll(w.as(mine.apiKey), mine.id, {}).orgUserId).toBe(m.orgUserId);
    });
  });
});
