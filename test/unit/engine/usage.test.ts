// docs/usage-and-rotation.md usage counters: per key per hour, ok and refused, dense buckets, window limits,
// lastUsedFrom — on a real SQLite file with a manual clock.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatKey } from '../../../src/shared/keyFormat';
import { DAY, expectCode, HOUR, SECOND, World } from './helpers';

const world = () => new World('sandbox', { background: false });

describe('docs/usage-and-rotation.md usage counters', () => {
  it('buckets are exact across hour and day boundaries, ok and denied apart', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin', { readOnly: true });
    const from = w.clock.iso();
    // 23:59:59.999 of day 0, then 00:00 of day 1: one call each side of both boundaries.
    w.clock.advance(DAY - 1);
    w.as(p.key, 'GET');
    w.clock.advance(1);
    w.as(p.key, 'GET');
    w.as(p.key, 'GET');
    expectCode(() => w.as(p.key, 'POST'), 'READ_ONLY');
    w.clock.advance(HOUR);
    w.as(p.key, 'GET');
    const to = w.clock.iso(HOUR);

    const hours = w.engine.keys.usage(w.owner, p.keyId, { from, to, granularity: 'hour' });
    expect(hours.items).toHaveLength(26);
    expect(hours.items[23]).toEqual({ at: '2030-01-01T23:00:00.000Z', ok: 1, denied: 0 });
    expect(hours.items[24]).toEqual({ at: '2030-01-02T00:00:00.000Z', ok: 2, denied: 1 });
    expect(hours.items[25]).toEqual({ at: '2030-01-02T01:00:00.000Z', ok: 1, denied: 0 });
    expect(hours.total).toEqual({ ok: 4, denied: 1 });

    const days = w.engine.keys.usage(w.owner, p.keyId, { from, to, granularity: 'day' });
    expect(days.items).toEqual([
      { at: '2030-01-01T00:00:00.000Z', ok: 1, denied: 0 },
      { at: '2030-01-02T00:00:00.000Z', ok: 3, denied: 1 },
    ]);
  });

  it('dense zeros: every bucket of the window is present', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.clock.advance(3 * DAY + 5 * HOUR);
    w.as(p.key, 'GET');
    const u = w.engine.keys.usage(w.owner, p.keyId, {
      from: '2030-01-01T00:00:00.000Z',
      to: '2030-01-08T00:00:00.000Z',
      granularity: 'day',
    });
    expect(u.items.map((b) => b.ok)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect(u.items.every((b) => b.denied === 0)).toBe(true);
    // from inclusive, to exclusive
    const until = w.engine.keys.usage(w.owner, p.keyId, {
      from: '2030-01-01T00:00:00.000Z',
      to: '2030-01-04T00:00:00.000Z',
    });
    expect(until.total.ok).toBe(0);
    expect(until.items).toHaveLength(3);
  });

  it('counts refusals after the key was identified as denied, and unknown keys nowhere', () => {
    const w = world();
    const p = w.person(w.orgA, 'member', { scopes: ['ui'] });
    const imp = w.person(w.orgA, 'admin');
    expectCode(() => w.as(p.key, 'GET'), 'SCOPE_DENIED');
    expectCode(() => w.as(imp.key, 'GET', String(w.ownerUserId)), 'IMPERSONATION_DENIED');
    // An authenticated call the engine then refuses counts as denied, not ok.
    const member = w.person(w.orgA, 'member');
    expectCode(() => w.engine.audit.list(w.as(member.key, 'GET'), { orgId: w.orgA }), 'FORBIDDEN');
    expectCode(() => w.as(formatKey('sandbox', randomBytes(20)), 'GET'), 'UNKNOWN_KEY');
    w.engine.keys.remove(w.owner, member.keyId);
    expectCode(() => w.as(member.key, 'GET'), 'REVOKED');
    const total = (id: number) => w.engine.keys.usage(w.owner, id, {}).total;
    expect(total(p.keyId)).toEqual({ ok: 0, denied: 1 });
    expect(total(imp.keyId)).toEqual({ ok: 0, denied: 1 });
    expect(total(member.keyId)).toEqual({ ok: 0, denied: 2 });
  });

  it('stays exact under concurrent calls from many keys, flushed or pending', async () => {
    const w = world();
    const people = [w.person(w.orgA, 'admin'), w.person(w.orgA, 'member'), w.person(w.orgB, 'admin')];
    const calls = async (key: string, n: number) => {
      for (let i = 0; i < n; i++) {
        w.as(key, 'GET');
        if (i % 50 === 0) w.engine.flush();
        await Promise.resolve();
      }
    };
    await Promise.all(people.map((p, i) => calls(p.key, 300 + i * 7)));
    const batch = w.engine.keys.usageBatch(w.owner, { ids: people.map((p) => p.keyId), granularity: 'hour' });
    expect(batch.items.map((u) => u.total.ok)).toEqual([300, 307, 314]);
    expect(batch.items.map((u) => u.keyId)).toEqual(people.map((p) => p.keyId));
  });

  it('window limits: hour windows up to 31 days, day windows up to 400, else 400', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    const at = (d: number) => new Date(Date.parse('2030-01-01T00:00:00.000Z') + d * DAY).toISOString();
    expect(w.engine.keys.usage(w.owner, p.keyId, { from: at(0), to: at(31), granularity: 'hour' }).items).toHaveLength(
      744,
    );
    expectCode(
      () => w.engine.keys.usage(w.owner, p.keyId, { from: at(0), to: at(32), granularity: 'hour' }),
      'BAD_REQUEST',
    );
    expect(w.engine.keys.usage(w.owner, p.keyId, { from: at(0), to: at(400), granularity: 'day' }).items).toHaveLength(
      400,
    );
    expectCode(
      () => w.engine.keys.usage(w.owner, p.keyId, { from: at(0), to: at(401), granularity: 'day' }),
      'BAD_REQUEST',
    );
    expectCode(() => w.engine.keys.usage(w.owner, p.keyId, { from: at(2), to: at(1) }), 'BAD_REQUEST');
  });

  it('whoever may read the key may read its usage; no one else', () => {
    const w = world();
    const a = w.person(w.orgA, 'member');
    const b = w.person(w.orgA, 'member');
    const other = w.person(w.orgB, 'admin');
    expect(w.engine.keys.usage(w.as(a.key, 'GET'), a.keyId, {}).keyId).toBe(a.keyId);
    expectCode(() => w.engine.keys.usage(w.as(a.key, 'GET'), b.keyId, {}), 'FORBIDDEN');
    expectCode(() => w.engine.keys.usage(w.as(other.key, 'GET'), a.keyId, {}), 'FORBIDDEN');
    expectCode(() => w.engine.keys.usage(w.owner, 999_999, {}), 'NOT_FOUND');
  });

  it('lastUsedFrom is set from the call, pending or written, the user agent cut to 200 characters', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    expect(w.engine.keys.get(w.owner, p.keyId).lastUsedFrom).toBeNull();
    w.engine.authenticate(p.key, { method: 'GET', scope: 'rest', ip: '203.0.113.7', userAgent: 'curl/8.5' });
    expect(w.engine.keys.get(w.owner, p.keyId).lastUsedFrom).toEqual({ ip: '203.0.113.7', userAgent: 'curl/8.5' });
    w.clock.advance(SECOND);
    w.engine.authenticate(p.key, { method: 'GET', scope: 'rest', ip: '198.51.100.1', userAgent: 'x'.repeat(500) });
    w.engine.flush();
    const meta = w.reopen().keys.get(w.owner, p.keyId);
    expect(meta.lastUsedFrom).toEqual({ ip: '198.51.100.1', userAgent: 'x'.repeat(200) });
    expect(meta.lastUsedAt).toBe(w.clock.iso());
  });

  it('usage counters are kept 400 days and then pruned', () => {
    const w = world();
    const p = w.person(w.orgA, 'admin');
    w.as(p.key, 'GET');
    w.clock.advance(399 * DAY);
    w.engine.maintain();
    const first = '2030-01-01T00:00:00.000Z';
    expect(w.engine.keys.usage(w.owner, p.keyId, { from: first, to: w.clock.iso() }).total.ok).toBe(1);
    w.clock.advance(2 * DAY);
    w.engine.maintain();
    const left = w.engine.database.prepare('SELECT count(*) FROM key_usage WHERE key_id = ?').pluck().get(p.keyId);
    expect(left).toBe(0);
  });
});
