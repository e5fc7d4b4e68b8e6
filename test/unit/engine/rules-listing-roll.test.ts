// docs/rules.md rules 13–15: listing keys by membership and by org; roll (rule 14 is HTTP, see below).
import { describe, expect, it } from 'vitest';
import { rollKeySchema } from '../../../src/shared/domain';
import { START_LENGTH } from '../../../src/shared/keyFormat';
import { DAY, HOUR, SECOND, World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
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
