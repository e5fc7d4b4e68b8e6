// docs/estate.md findings, one describe per code (named after it): each threshold exactly at its
// boundary and one second either side, and what excludes a key (revoked, disabled,
// expired, orphaned, in grace). Real SQLite file, a clock moved by hand.
// One file over ~300 lines on purpose: one describe per finding code, all on one clock and
// the same boundary pattern, so a new code is added beside its siblings.
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, type FindingCode, type FindingThresholds } from '../../../src/shared/findings';
import { DAY, HOUR, SECOND, T0, World, expectCode } from './helpers';

/** The findings of one key as the org's admin sees them (walking every page). */
function findingsOf(w: World, orgId: number, keyId: number, t: Partial<FindingThresholds> = {}): FindingCode[] | null {
  let cursor: string | undefined;
  do {
    const page = w.engine.findings.forOrg(w.owner, { orgId, limit: 1000, cursor, ...t });
    const hit = page.items.find((i) => i.key.id === keyId);
    if (hit) return hit.findings;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}

const has = (w: World, orgId: number, keyId: number, code: FindingCode, t: Partial<FindingThresholds> = {}) =>
  (findingsOf(w, orgId, keyId, t) ?? []).includes(code);

const at = (w: World, ms: number) => {
  w.clock.t = ms;
};

/** A plain user key of a fresh member of org A, created at the clock's time. */
let people = 0;
function userKey(w: World, settings: { expiresAt?: string; canImpersonate?: boolean } = {}) {
  const email = `finding${++people}@example.com`;
  const m = w.engine.directory.addMember(w.owner, w.orgA, { email, firstName: 'F', lastName: 'K' });
  const k = w.key({ orgUserId: m.id, name: `k ${email}`, ...settings });
  return { userId: m.userId, orgUserId: m.id, id: k.id, raw: k.apiKey };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('docs/estate.md findings', () => {
  it('counts name every code, 0 included, and match the listed keys', () => {
    const w = new World();
    userKey(w);
    w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    const page = w.engine.findings.forOrg(w.owner, { orgId: w.orgA });
    expect(Object.keys(page.counts).sort()).toEqual([...FINDING_CODES].sort());
    expect(page.counts.ORG_WIDE).toBe(1);
    expect(page.counts.EXPIRED).toBe(0);
    for (const code of FINDING_CODES) {
      expect(page.counts[code]).toBe(page.items.filter((i) => i.findings.includes(code)).length);
    }
    expect(page.orgId).toBe(w.orgA);
  });

  describe('EXPIRING_SOON', () => {
    it('EXPIRING_SOON: expiry exactly expiringDays away counts; one second later does not; one second sooner does', () => {
      const w = new World();
      const exact = userKey(w, { expiresAt: iso(T0 + 14 * DAY) });
      const later = userKey(w, { expiresAt: iso(T0 + 14 * DAY + SECOND) });
      const sooner = userKey(w, { expiresAt: iso(T0 + 14 * DAY - SECOND) });
      const never = userKey(w);
      expect(has(w, w.orgA, exact.id, 'EXPIRING_SOON')).toBe(true);
      expect(has(w, w.orgA, later.id, 'EXPIRING_SOON')).toBe(false);
      expect(has(w, w.orgA, sooner.id, 'EXPIRING_SOON')).toBe(true);
      expect(has(w, w.orgA, never.id, 'EXPIRING_SOON')).toBe(false);
      // The caller's threshold replaces the default.
      expect(has(w, w.orgA, later.id, 'EXPIRING_SOON', { expiringDays: 15 })).toBe(true);
      expect(has(w, w.orgA, exact.id, 'EXPIRING_SOON', { expiringDays: 13 })).toBe(false);
    });

    it('EXPIRING_SOON excludes revoked, disabled, expired, orphaned keys and keys in grace', () => {
      const w = new World();
      const revoked = userKey(w, { expiresAt: iso(T0 + DAY) });
      const disabled = userKey(w, { expiresAt: iso(T0 + DAY) });
      const expired = userKey(w, { expiresAt: iso(T0 + HOUR) });
      const orphan = userKey(w, { expiresAt: iso(T0 + DAY) });
      const rolled = userKey(w, { expiresAt: iso(T0 + 2 * DAY) });
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.engine.directory.updateMember(w.owner, w.orgA, orphan.userId, { status: 'inactive' });
      w.engine.keys.roll(w.owner, rolled.id, { gracePeriodSeconds: 3600 });
      at(w, T0 + HOUR);
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
      expect(has(w, w.orgA, disabled.id, 'EXPIRING_SOON')).toBe(false);
      expect(has(w, w.orgA, expired.id, 'EXPIRING_SOON')).toBe(false);
      expect(has(w, w.orgA, orphan.id, 'EXPIRING_SOON')).toBe(false);
      at(w, T0 + HOUR - SECOND);
      expect(has(w, w.orgA, rolled.id, 'EXPIRING_SOON')).toBe(false);
      expect(has(w, w.orgA, rolled.id, 'IN_GRACE')).toBe(true);
    });
  });

  describe('EXPIRED', () => {
    it('EXPIRED: from exactly the expiry on (as verification refuses it), not one second before', () => {
      const w = new World();
      const k = userKey(w, { expiresAt: iso(T0 + HOUR) });
      at(w, T0 + HOUR - SECOND);
      expect(has(w, w.orgA, k.id, 'EXPIRED')).toBe(false);
      at(w, T0 + HOUR);
      expect(has(w, w.orgA, k.id, 'EXPIRED')).toBe(true);
      expectCode(() => w.as(k.raw, 'GET'), 'EXPIRED');
      at(w, T0 + HOUR + SECOND);
      expect(has(w, w.orgA, k.id, 'EXPIRED')).toBe(true);
    });

    it('EXPIRED: a rolled key whose grace is over; a disabled key past its expiry; not a revoked one', () => {
      const w = new World();
      const rolled = userKey(w);
      const disabled = userKey(w, { expiresAt: iso(T0 + HOUR) });
      const revoked = userKey(w, { expiresAt: iso(T0 + HOUR) });
      w.engine.keys.roll(w.owner, rolled.id, { gracePeriodSeconds: 60 });
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.engine.keys.remove(w.owner, revoked.id);
      at(w, T0 + HOUR);
      expect(findingsOf(w, w.orgA, rolled.id)).toContain('EXPIRED');
      expect(findingsOf(w, w.orgA, rolled.id)).not.toContain('IN_GRACE');
      expect(findingsOf(w, w.orgA, disabled.id)).toContain('EXPIRED');
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
    });
  });

  describe('IN_GRACE', () => {
    it('IN_GRACE: until one second before the grace ends; at its end the key is EXPIRED instead', () => {
      const w = new World();
      const k = userKey(w);
      const created = w.engine.keys.roll(w.owner, k.id, { gracePeriodSeconds: 3600 });
      expect(has(w, w.orgA, k.id, 'IN_GRACE')).toBe(true);
      expect(has(w, w.orgA, created.id, 'IN_GRACE')).toBe(false);
      at(w, T0 + HOUR - SECOND);
      expect(has(w, w.orgA, k.id, 'IN_GRACE')).toBe(true);
      at(w, T0 + HOUR);
      expect(findingsOf(w, w.orgA, k.id)).toContain('EXPIRED');
      expect(has(w, w.orgA, k.id, 'IN_GRACE')).toBe(false);
      at(w, T0 + HOUR + SECOND);
      expect(has(w, w.orgA, k.id, 'IN_GRACE')).toBe(false);
    });

    it('IN_GRACE excludes a key deleted in its grace, a disabled one and an orphaned one (they do not work)', () => {
      const w = new World();
      const deleted = userKey(w);
      const disabled = userKey(w);
      const orphan = userKey(w);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      for (const k of [deleted, disabled, orphan]) w.engine.keys.roll(w.owner, k.id, { gracePeriodSeconds: 3600 });
      w.engine.keys.remove(w.owner, deleted.id);
      w.engine.directory.updateUser(w.owner, orphan.userId, { status: 'disabled' });
      expect(findingsOf(w, w.orgA, deleted.id)).toBeNull();
      expect(has(w, w.orgA, disabled.id, 'IN_GRACE')).toBe(false);
      expect(has(w, w.orgA, orphan.id, 'IN_GRACE')).toBe(false);
    });
  });

  describe('NEVER_USED', () => {
    it('NEVER_USED: created more than neverUsedDays ago and never used; exactly at the threshold is not yet', () => {
      const w = new World();
      const k = userKey(w);
      const used = userKey(w);
      w.as(used.raw, 'GET');
      at(w, T0 + 7 * DAY - SECOND);
      expect(has(w, w.orgA, k.id, 'NEVER_USED')).toBe(false);
      at(w, T0 + 7 * DAY);
      expect(has(w, w.orgA, k.id, 'NEVER_USED')).toBe(false);
      at(w, T0 + 7 * DAY + SECOND);
      expect(has(w, w.orgA, k.id, 'NEVER_USED')).toBe(true);
      expect(has(w, w.orgA, used.id, 'NEVER_USED')).toBe(false);
      at(w, T0 + DAY + SECOND);
      expect(has(w, w.orgA, k.id, 'NEVER_USED', { neverUsedDays: 1 })).toBe(true);
    });

    it('NEVER_USED excludes revoked, disabled, expired and orphaned keys and keys in grace', () => {
      const w = new World();
      const revoked = userKey(w);
      const disabled = userKey(w);
      const expired = userKey(w, { expiresAt: iso(T0 + DAY) });
      const orphan = userKey(w);
      const grace = userKey(w);
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.engine.directory.removeMember(w.owner, w.orgA, orphan.userId);
      at(w, T0 + 7 * DAY);
      w.engine.keys.roll(w.owner, grace.id, { gracePeriodSeconds: 86400 });
      at(w, T0 + 7 * DAY + HOUR);
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
      for (const k of [disabled, expired, orphan, grace]) expect(has(w, w.orgA, k.id, 'NEVER_USED')).toBe(false);
    });
  });

  describe('IDLE', () => {
    it('IDLE: last used more than idleDays ago; exactly idleDays is not yet; never-used keys are not idle', () => {
      const w = new World();
      const k = userKey(w);
      const never = userKey(w);
      w.as(k.raw, 'GET');
      at(w, T0 + 90 * DAY - SECOND);
      expect(has(w, w.orgA, k.id, 'IDLE')).toBe(false);
      at(w, T0 + 90 * DAY);
      expect(has(w, w.orgA, k.id, 'IDLE')).toBe(false);
      at(w, T0 + 90 * DAY + SECOND);
      expect(has(w, w.orgA, k.id, 'IDLE')).toBe(true);
      expect(has(w, w.orgA, never.id, 'IDLE')).toBe(false);
      at(w, T0 + 30 * DAY + SECOND);
      expect(has(w, w.orgA, k.id, 'IDLE', { idleDays: 30 })).toBe(true);
      // A use resets it.
      w.as(k.raw, 'GET');
      expect(has(w, w.orgA, k.id, 'IDLE', { idleDays: 30 })).toBe(false);
    });

    it('IDLE excludes revoked, disabled, expired and orphaned keys', () => {
      const w = new World();
      const keys = [userKey(w), userKey(w), userKey(w, { expiresAt: iso(T0 + DAY) }), userKey(w)];
      for (const k of keys) w.as(k.raw, 'GET');
      const [revoked, disabled, expired, orphan] = keys;
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.engine.directory.updateMember(w.owner, w.orgA, orphan.userId, { status: 'inactive' });
      at(w, T0 + 91 * DAY);
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
      for (const k of [disabled, expired, orphan]) expect(has(w, w.orgA, k.id, 'IDLE')).toBe(false);
    });
  });

  describe('ROTATION_DUE', () => {
    it('ROTATION_DUE: created more than rotationDays ago; a rolled key counts from its own creation', () => {
      const w = new World();
      const k = userKey(w);
      at(w, T0 + 90 * DAY - SECOND);
      expect(has(w, w.orgA, k.id, 'ROTATION_DUE')).toBe(false);
      at(w, T0 + 90 * DAY);
      expect(has(w, w.orgA, k.id, 'ROTATION_DUE')).toBe(false);
      at(w, T0 + 90 * DAY + SECOND);
      expect(has(w, w.orgA, k.id, 'ROTATION_DUE')).toBe(true);
      const fresh = w.engine.keys.roll(w.owner, k.id, { gracePeriodSeconds: 3600 });
      // The old key is in grace, which replaces ROTATION_DUE; the new one starts afresh.
      expect(has(w, w.orgA, k.id, 'ROTATION_DUE')).toBe(false);
      expect(has(w, w.orgA, fresh.id, 'ROTATION_DUE')).toBe(false);
      at(w, T0 + 180 * DAY + SECOND);
      expect(has(w, w.orgA, fresh.id, 'ROTATION_DUE')).toBe(false);
      at(w, T0 + 180 * DAY + 2 * SECOND);
      expect(has(w, w.orgA, fresh.id, 'ROTATION_DUE')).toBe(true);
      expect(has(w, w.orgA, fresh.id, 'ROTATION_DUE', { rotationDays: 100 })).toBe(false);
    });

    it('ROTATION_DUE excludes revoked, disabled, expired and orphaned keys', () => {
      const w = new World();
      const [revoked, disabled, expired, orphan] = [
        userKey(w),
        userKey(w),
        userKey(w, { expiresAt: iso(T0 + DAY) }),
        userKey(w),
      ];
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.engine.directory.updateUser(w.owner, orphan.userId, { status: 'disabled' });
      at(w, T0 + 91 * DAY);
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
      for (const k of [disabled, expired, orphan]) expect(has(w, w.orgA, k.id, 'ROTATION_DUE')).toBe(false);
    });
  });

  describe('NO_EXPIRY', () => {
    it('NO_EXPIRY: a key without expiry in a production database; never in sandbox; not with an expiry', () => {
      const prod = new World('production');
      const bare = userKey(prod);
      const dated = userKey(prod, { expiresAt: iso(T0 + 30 * DAY) });
      const disabled = userKey(prod);
      const revoked = userKey(prod);
      prod.engine.keys.update(prod.owner, disabled.id, { status: 'disabled' });
      prod.engine.keys.remove(prod.owner, revoked.id);
      expect(has(prod, prod.orgA, bare.id, 'NO_EXPIRY')).toBe(true);
      expect(has(prod, prod.orgA, dated.id, 'NO_EXPIRY')).toBe(false);
      // A disabled key can be enabled again and then live for ever: it keeps the finding.
      expect(has(prod, prod.orgA, disabled.id, 'NO_EXPIRY')).toBe(true);
      expect(findingsOf(prod, prod.orgA, revoked.id)).toBeNull();
      const sandbox = new World('sandbox');
      const k = userKey(sandbox);
      expect(has(sandbox, sandbox.orgA, k.id, 'NO_EXPIRY')).toBe(false);
    });
  });

  describe('ORG_WIDE', () => {
    it('ORG_WIDE: org (site-wide) keys only, not user keys, not once deleted', () => {
      const w = new World();
      const site = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      const gone = w.key({ orgId: w.orgA, kind: 'org', name: 'gone' });
      const user = userKey(w);
      w.engine.keys.remove(w.owner, gone.id);
      expect(findingsOf(w, w.orgA, site.id)).toEqual(['ORG_WIDE']);
      expect(has(w, w.orgA, user.id, 'ORG_WIDE')).toBe(false);
      expect(findingsOf(w, w.orgA, gone.id)).toBeNull();
    });
  });

  describe('CAN_IMPERSONATE', () => {
    it('CAN_IMPERSONATE: keys that may impersonate, not others, not once deleted', () => {
      const w = new World();
      const imp = userKey(w, { canImpersonate: true });
      const plain = userKey(w);
      const gone = userKey(w, { canImpersonate: true });
      w.engine.keys.remove(w.owner, gone.id);
      expect(findingsOf(w, w.orgA, imp.id)).toEqual(['CAN_IMPERSONATE']);
      expect(has(w, w.orgA, plain.id, 'CAN_IMPERSONATE')).toBe(false);
      expect(findingsOf(w, w.orgA, gone.id)).toBeNull();
    });
  });

  describe('ORPHANED', () => {
    it('ORPHANED: the key of a disabled user, an inactive membership or a removed one; never an org key', () => {
      const w = new World();
      const [inactive, removed, disabledUser, fine] = [userKey(w), userKey(w), userKey(w), userKey(w)];
      const site = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
      w.engine.directory.removeMember(w.owner, w.orgA, removed.userId);
      w.engine.directory.updateUser(w.owner, disabledUser.userId, { status: 'disabled' });
      for (const k of [inactive, removed, disabledUser]) expect(findingsOf(w, w.orgA, k.id)).toEqual(['ORPHANED']);
      expect(findingsOf(w, w.orgA, fine.id)).toBeNull();
      expect(has(w, w.orgA, site.id, 'ORPHANED')).toBe(false);
      // Reactivated, the key works again and is no longer orphaned.
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'active' });
      expect(findingsOf(w, w.orgA, inactive.id)).toBeNull();
    });

    it('ORPHANED excludes revoked keys', () => {
      const w = new World();
      const k = userKey(w);
      w.engine.directory.updateMember(w.owner, w.orgA, k.userId, { status: 'inactive' });
      w.engine.keys.remove(w.owner, k.id);
      expect(findingsOf(w, w.orgA, k.id)).toBeNull();
      expect(w.engine.findings.forOrg(w.owner, { orgId: w.orgA }).counts.ORPHANED).toBe(0);
    });
  });

  describe('POLICY_VIOLATION', () => {
    it("POLICY_VIOLATION: keys that break the org's current policy, 0 under the default policy", () => {
      const w = new World();
      const bare = userKey(w);
      const dated = userKey(w, { expiresAt: iso(T0 + 10 * DAY) });
      const far = userKey(w, { expiresAt: iso(T0 + 40 * DAY) });
      const revoked = userKey(w);
      w.engine.keys.remove(w.owner, revoked.id);
      const site = w.key({ orgId: w.orgA, kind: 'org', name: 'site', expiresAt: iso(T0 + DAY) });
      expect(w.engine.findings.forOrg(w.owner, { orgId: w.orgA }).counts.POLICY_VIOLATION).toBe(0);
      w.engine.policies.put(w.owner, w.orgA, {
        maxLifetimeDays: 30,
        requireExpiry: true,
        maxGraceSeconds: null,
        allowedScopes: ['ui', 'rest', 'integration'],
        allowOrgKeys: false,
        allowImpersonation: true,
      });
      // Existing keys are not changed by a policy; they show the finding.
      expect(has(w, w.orgA, bare.id, 'POLICY_VIOLATION')).toBe(true);
      expect(has(w, w.orgA, far.id, 'POLICY_VIOLATION')).toBe(true);
      expect(has(w, w.orgA, dated.id, 'POLICY_VIOLATION')).toBe(false);
      expect(has(w, w.orgA, site.id, 'POLICY_VIOLATION')).toBe(true);
      expect(findingsOf(w, w.orgA, revoked.id)).toBeNull();
      const page = w.engine.findings.forOrg(w.owner, { orgId: w.orgA, code: 'POLICY_VIOLATION' });
      expect(page.items.map((i) => i.key.id)).toContain(far.id);
      expect(page.counts.POLICY_VIOLATION).toBe(page.items.length);
      // The policy of org A says nothing about org B.
      expect(w.engine.findings.forOrg(w.owner, { orgId: w.orgB }).counts.POLICY_VIOLATION).toBe(0);
    });
  });

  describe('the keyFindings call', () => {
    it('code narrows the items (not the counts); limit and cursor page through them', () => {
      const w = new World();
      const sites = [0, 1, 2].map((i) => w.key({ orgId: w.orgA, kind: 'org', name: `site ${i}` }).id);
      userKey(w, { canImpersonate: true });
      const first = w.engine.findings.forOrg(w.owner, { orgId: w.orgA, code: 'ORG_WIDE', limit: 2 });
      expect(first.items.map((i) => i.key.id)).toEqual(sites.slice(0, 2));
      expect(first.counts.CAN_IMPERSONATE).toBe(1);
      const second = w.engine.findings.forOrg(w.owner, {
        orgId: w.orgA,
        code: 'ORG_WIDE',
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((i) => i.key.id)).toEqual(sites.slice(2));
      expect(second.nextCursor).toBeNull();
    });

    it("members see only their own keys' findings (rule 13); no power in another org; unknown org 404", () => {
      const w = new World();
      w.allowUserKeys(w.orgA, true);
      const member = w.person(w.orgA, 'member');
      const other = w.person(w.orgA, 'member', { canImpersonate: true });
      const admin = w.person(w.orgA, 'admin');
      w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      const mine = w.engine.findings.forOrg(w.as(member.key, 'GET'), { orgId: w.orgA });
      expect(mine.counts.ORG_WIDE).toBe(0);
      expect(mine.counts.CAN_IMPERSONATE).toBe(0);
      at(w, T0 + 8 * DAY);
      const later = w.engine.findings.forOrg(w.as(member.key, 'GET'), { orgId: w.orgA });
      expect(later.items.every((i) => i.key.orgUserId === member.orgUserId)).toBe(true);
      const all = w.engine.findings.forOrg(w.as(admin.key, 'GET'), { orgId: w.orgA });
      expect(all.counts.ORG_WIDE).toBe(1);
      expect(all.items.some((i) => i.key.id === other.keyId)).toBe(true);
      const outsider = w.person(w.orgB, 'admin');
      expectCode(() => w.engine.findings.forOrg(w.as(outsider.key, 'GET'), { orgId: w.orgA }), 'FORBIDDEN');
      expectCode(() => w.engine.findings.forOrg(w.owner, { orgId: 999 }), 'NOT_FOUND');
    });

    it("findingCountsByOrg gives every org, the empty ones with zeros, equal to each org's own counts", () => {
      const w = new World('production');
      userKey(w);
      w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      const byOrg = w.engine.findings.countsByOrg(w.owner);
      expect(byOrg.map((o) => o.orgId)).toEqual([w.orgA, w.orgB]);
      expect(byOrg[0].counts).toEqual(w.engine.findings.forOrg(w.owner, { orgId: w.orgA }).counts);
      expect(Object.values(byOrg[1].counts).every((n) => n === 0)).toBe(true);
    });
  });
});
