// docs/rules.md rule 12: who, which key and which impersonator the audit log records.
import { describe, expect, it } from 'vitest';
import { START_LENGTH, formatKey } from '../../../src/shared/keyFormat';
import { World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
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
});
