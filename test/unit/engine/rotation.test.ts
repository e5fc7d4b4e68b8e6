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
