// docs/usage-and-rotation.md rotation that closes the loop: roll with revokeWhenQuietSeconds, the sweeper
// (run here every 5 simulated seconds, as its timer does), rolledTo/rolledFrom metadata.
import { describe, expect, it } from 'vitest';
import { rollKeySchema } from '../../../src/shared/domain';
import { expectCode, SECOND, World } from './helpers';

const world = () => new World('sandbox', { background: false });

/** Advances the clock in sweeper ticks of 5 s, calling `each` before every tick. */
function run(w: World, seconds: number, each?: (t: number) => void): void {
  for (let t = 0; t < seconds; t += 5) {
    each?.(t);
    w.clock.advance(5 * SECOND);
    w.engine.maintain();
  }
}

describe('docs/usage-and-rotation.md rotation: revokeWhenQuietSeconds', () => {
  it('metadata shows rolledTo, rolledFrom and revokeWhenQuietSeconds', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    const next = w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600, revokeWhenQuietSeconds: 60 });
    expect(next).toMatchObject({ rolledFrom: p.keyId, rolledTo: null, revokeWhenQuietSeconds: null });
    expect(w.engine.keys.get(w.owner, p.keyId)).toMatchObject({
      rolledTo: next.id,
      rolledFrom: null,
      revokeWhenQuietSeconds: 60,
    });
    expect(w.engine.keys.get(w.owner, next.id).rolledFrom).toBe(p.keyId);
  });

  it('accepts 60–86400 seconds only', () => {
    for (const v of [60, 86400]) expect(rollKeySchema.safeParse({ revokeWhenQuietSeconds: v }).success).toBe(true);
    for (const v of [59, 86401, 1.5, '60'])
      expect(rollKeySchema.safeParse({ revokeWhenQuietSeconds: v }).success).toBe(false);
  });

  it('a key used every 30 s is not revoked at 60 s quiet', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600, revokeWhenQuietSeconds: 60 });
    run(w, 600, (t) => {
      if (t % 30 === 0) w.as(p.key, 'GET');
    });
    expect(w.engine.keys.get(w.owner, p.keyId).revokedAt).toBeNull();
    w.as(p.key, 'GET');
  });

  it('one that falls silent is revoked within 10 s of the quiet period, and then fails with REVOKED', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600, revokeWhenQuietSeconds: 60 });
    run(w, 120, (t) => {
      if (t % 30 === 0) w.as(p.key, 'GET');
    });
    // Last use at t = 90 s; quiet from there on.
    const lastUse = Date.parse(w.engine.keys.get(w.owner, p.keyId).lastUsedAt as string);
    let revokedAt: string | null = null;
    for (let i = 0; i < 40 && revokedAt === null; i++) {
      w.clock.advance(5 * SECOND);
      w.engine.maintain();
      revokedAt = w.engine.keys.get(w.owner, p.keyId).revokedAt;
    }
    expect(revokedAt).not.toBeNull();
    const after = Date.parse(revokedAt as string) - lastUse;
    expect(after).toBeGreaterThanOrEqual(60 * SECOND);
    expect(after).toBeLessThanOrEqual(70 * SECOND);
    expectCode(() => w.as(p.key, 'GET'), 'REVOKED');
    const events = w.engine.audit.list(w.owner, { action: 'key.revoke_quiet' }).items;
    expect(events).toEqual([expect.objectContaining({ targetId: p.keyId, outcome: 'ok', orgId: w.orgA })]);
  });

  it('a key never used after the roll is revoked counted from the roll', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 3600, revokeWhenQuietSeconds: 60 });
    run(w, 55);
    expect(w.engine.keys.get(w.owner, p.keyId).revokedAt).toBeNull();
    run(w, 10);
    expect(w.engine.keys.get(w.owner, p.keyId).revokedAt).not.toBeNull();
  });

  it('grace end still wins: a busy key expires when its grace ends', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: 120, revokeWhenQuietSeconds: 60 });
    run(w, 115, (t) => {
      if (t % 30 === 0) w.as(p.key, 'GET');
    });
    w.as(p.key, 'GET');
    w.clock.advance(5 * SECOND);
    expectCode(() => w.as(p.key, 'GET'), 'EXPIRED');
    // Without revokeWhenQuietSeconds nothing is revoked early.
    const q = w.person(w.orgA, 'admin');
    w.engine.keys.roll(w.owner, q.keyId, { gracePeriodSeconds: 600 });
    run(w, 300);
    expect(w.engine.keys.get(w.owner, q.keyId).revokedAt).toBeNull();
  });
});

describe('docs/usage-and-rotation.md rotation: extend grace', () => {
  const rolled = (w: World, grace = 3600) => {
    const p = w.person(w.orgA, 'member');
    const next = w.engine.keys.roll(w.owner, p.keyId, { gracePeriodSeconds: grace });
    return { p, next };
  };

  it("moves a rolled key's grace end later: the key keeps working past its old end, and the change is audited", () => {
    const w = world();
    const { p } = rolled(w);
    const meta = w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(3 * 3600 * SECOND) });
    expect(meta.expiresAt).toBe(w.clock.iso(3 * 3600 * SECOND));
    w.clock.advance(2 * 3600 * SECOND);
    w.as(p.key, 'GET');
    w.clock.advance(3600 * SECOND);
    expectCode(() => w.as(p.key, 'GET'), 'EXPIRED');
    const events = w.engine.audit.list(w.owner, { action: 'key.extend_grace' }).items;
    expect(events).toEqual([expect.objectContaining({ targetId: p.keyId, outcome: 'ok', orgId: w.orgA })]);
  });

  it('refuses a key that was not rolled, one already revoked, and one whose grace is over (CONFLICT)', () => {
    const w = world();
    const plain = w.person(w.orgA, 'member');
    const later = w.clock.iso(3600 * SECOND);
    expect(
      expectCode(() => w.engine.keys.extendGrace(w.owner, plain.keyId, { graceEndsAt: later }), 'CONFLICT').message,
    ).toMatch(/not rolled/);
    const { p: gone } = rolled(w);
    w.engine.keys.remove(w.owner, gone.keyId);
    expect(
      expectCode(() => w.engine.keys.extendGrace(w.owner, gone.keyId, { graceEndsAt: later }), 'CONFLICT').message,
    ).toMatch(/revoked/);
    const { p: over } = rolled(w, 60);
    w.clock.advance(61 * SECOND);
    expect(
      expectCode(
        () => w.engine.keys.extendGrace(w.owner, over.keyId, { graceEndsAt: w.clock.iso(3600 * SECOND) }),
        'CONFLICT',
      ).message,
    ).toMatch(/over/);
    // A refused call changes nothing and is audited as denied.
    const denied = w.engine.audit.list(w.owner, { action: 'key.extend_grace' }).items;
    expect(denied.every((e) => e.outcome === 'denied' && e.code === 'CONFLICT')).toBe(true);
    expect(denied).toHaveLength(3);
  });

  it('refuses bad input: not a date, not later than the current end, past 7 days from the roll, past the new key (BAD_REQUEST)', () => {
    const w = world();
    const { p, next } = rolled(w);
    const before = w.engine.keys.get(w.owner, p.keyId).expiresAt;
    for (const bad of ['tomorrow', '2030-01-01', '', 42 as unknown as string, undefined as unknown as string])
      expectCode(() => w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: bad }), 'BAD_REQUEST');
    expectCode(
      () => w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(1800 * SECOND) }),
      'BAD_REQUEST',
    );
    expectCode(
      () => w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(3600 * SECOND) }),
      'BAD_REQUEST',
    );
    expectCode(
      () => w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(7 * 86400 * SECOND + SECOND) }),
      'BAD_REQUEST',
    );
    expect(
      w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(7 * 86400 * SECOND) }).expiresAt,
    ).toBe(w.clock.iso(7 * 86400 * SECOND));
    expect(before).toBe(w.clock.iso(3600 * SECOND));
    // The old key may not outlive the key that replaced it.
    const q = w.person(w.orgA, 'member');
    w.engine.keys.update(w.owner, q.keyId, { expiresAt: w.clock.iso(2 * 86400 * SECOND) });
    w.engine.keys.roll(w.owner, q.keyId, { gracePeriodSeconds: 600 });
    expect(
      expectCode(
        () => w.engine.keys.extendGrace(w.owner, q.keyId, { graceEndsAt: w.clock.iso(3 * 86400 * SECOND) }),
        'BAD_REQUEST',
      ).message,
    ).toMatch(/outlive/);
    expect(next.id).toBeGreaterThan(0);
  });

  it("respects the org's key policy: maxGraceSeconds from the roll and maxLifetimeDays (POLICY_VIOLATION)", () => {
    const w = world();
    const { p } = rolled(w, 600);
    const policy = w.engine.policies.get(w.owner, w.orgA);
    w.engine.policies.put(w.owner, w.orgA, { ...policy, maxGraceSeconds: 3600 });
    expect(
      expectCode(
        () => w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(3601 * SECOND) }),
        'POLICY_VIOLATION',
      ).message,
    ).toMatch(/maxGraceSeconds/);
    w.engine.keys.extendGrace(w.owner, p.keyId, { graceEndsAt: w.clock.iso(3600 * SECOND) });
    // A policy set after the roll: the old key's new end must keep it, though the keys were made before it.
    w.engine.policies.put(w.owner, w.orgA, policy);
    const { p: q } = rolled(w, 600);
    w.engine.policies.put(w.owner, w.orgA, { ...policy, maxLifetimeDays: 1 });
    expect(
      expectCode(
        () => w.engine.keys.extendGrace(w.owner, q.keyId, { graceEndsAt: w.clock.iso(2 * 86400 * SECOND) }),
        'POLICY_VIOLATION',
      ).message,
    ).toMatch(/maxLifetimeDays/);
  });

  it('who may: whoever may roll the key (admins; a member for their own key when allowed; rules 4 and 17)', () => {
    const w = world();
    const admin = w.person(w.orgA, 'admin');
    const member = w.person(w.orgA, 'member');
    const other = w.person(w.orgA, 'member');
    const adminB = w.person(w.orgB, 'admin');
    const later = (h: number) => w.clock.iso(h * 3600 * SECOND);
    w.engine.keys.roll(w.owner, member.keyId, { gracePeriodSeconds: 3600 });
    w.engine.keys.roll(w.owner, other.keyId, { gracePeriodSeconds: 3600 });
    expectCode(() => w.engine.keys.extendGrace(w.as(adminB.key), member.keyId, { graceEndsAt: later(2) }), 'FORBIDDEN');
    expectCode(() => w.engine.keys.extendGrace(w.as(member.key), member.keyId, { graceEndsAt: later(2) }), 'FORBIDDEN');
    w.allowUserKeys(w.orgA, true);
    expect(w.engine.keys.extendGrace(w.as(member.key), member.keyId, { graceEndsAt: later(2) }).expiresAt).toBe(
      later(2),
    );
    expectCode(() => w.engine.keys.extendGrace(w.as(member.key), other.keyId, { graceEndsAt: later(2) }), 'FORBIDDEN');
    expect(w.engine.keys.extendGrace(w.as(admin.key), other.keyId, { graceEndsAt: later(3) }).expiresAt).toBe(later(3));
    // Rule 17: the owner's (a super admin's) rolled key, only by a super admin.
    const own = w.engine.keys.roll(w.owner, w.engine.keys.list(w.owner, { orgUserId: w.ownerOrgUserId }).items[0].id, {
      gracePeriodSeconds: 3600,
    });
    expectCode(
      () => w.engine.keys.extendGrace(w.as(admin.key), own.rolledFrom as number, { graceEndsAt: later(2) }),
      'FORBIDDEN',
    );
    expect(w.engine.keys.extendGrace(w.owner, own.rolledFrom as number, { graceEndsAt: later(2) }).expiresAt).toBe(
      later(2),
    );
    expectCode(() => w.engine.keys.extendGrace(w.owner, 999_999, { graceEndsAt: later(2) }), 'NOT_FOUND');
  });
});
