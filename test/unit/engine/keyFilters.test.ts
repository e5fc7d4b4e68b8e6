// docs/estate.md: GET /user/apiKey's server-side filters (q, status, kind, expiresBefore,
// lastUsedBefore, neverUsed), in the engine on a real SQLite file with a hand-moved clock.
import { describe, expect, it } from 'vitest';
import type { ListKeysQuery } from '../../../src/shared/domain';
import { listKeysSchema } from '../../../src/shared/domain';
import { DAY, HOUR, SECOND, T0, World } from './helpers';

const iso = (ms: number) => new Date(ms).toISOString();

function names(w: World, q: Omit<ListKeysQuery, 'orgId'>, orgId = w.orgB, actor = w.owner): string[] {
  return w.engine.keys
    .list(actor, { orgId, limit: 1000, ...q })
    .items.map((k) => k.name)
    .sort();
}

function world() {
  const w = new World();
  const m = w.engine.directory.addMember(w.owner, w.orgB, { email: 'f@example.com', firstName: 'F', lastName: 'F' });
  const mk = (name: string, extra: { expiresAt?: string } = {}) => w.key({ orgUserId: m.id, name, ...extra });
  const keys = {
    payments: mk('Payments Ünïcode'),
    billing: mk('billing-cron', { expiresAt: iso(T0 + 2 * DAY) }),
    soon: mk('expiring', { expiresAt: iso(T0 + HOUR) }),
    off: mk('switched off'),
    site: w.key({ orgId: w.orgB, kind: 'org', name: 'Site wide' }),
  };
  w.engine.keys.update(w.owner, keys.off.id, { status: 'disabled' });
  return { w, m, keys };
}

describe('docs/estate.md key list filters', () => {
  it('q: case-insensitive substring of the name (Unicode too) or of the start', () => {
    const { w, keys } = world();
    expect(names(w, { q: 'PAYMENTS' })).toEqual(['Payments Ünïcode']);
    expect(names(w, { q: 'üNÏ' })).toEqual(['Payments Ünïcode']);
    expect(names(w, { q: keys.billing.start.slice(4).toLowerCase() })).toContain('billing-cron');
    expect(names(w, { q: 'nothing like it' })).toEqual([]);
    // No wildcard semantics: % and _ are plain characters.
    expect(names(w, { q: '%' })).toEqual([]);
  });

  it('status: enabled (works), disabled, expired (grace over included) partition the keys', () => {
    const { w, keys } = world();
    w.engine.keys.roll(w.owner, keys.payments.id, { gracePeriodSeconds: 60 });
    w.clock.t = T0 + HOUR;
    const enabled = names(w, { status: 'enabled' });
    const disabled = names(w, { status: 'disabled' });
    const expired = names(w, { status: 'expired' });
    expect(expired).toEqual(['Payments Ünïcode', 'expiring']);
    expect(disabled).toEqual(['switched off']);
    expect(enabled).toEqual(['Payments Ünïcode', 'Site wide', 'billing-cron'].sort());
    expect(enabled.length + disabled.length + expired.length).toBe(names(w, {}).length);
    w.clock.t = T0 + HOUR - SECOND;
    expect(names(w, { status: 'expired' })).toEqual(['Payments Ünïcode']);
  });

  it('kind: user or org keys', () => {
    const { w } = world();
    expect(names(w, { kind: 'org' })).toEqual(['Site wide']);
    expect(names(w, { kind: 'user' })).not.toContain('Site wide');
  });

  it('expiresBefore: keys with an expiry strictly before the instant; keys without one never match', () => {
    const { w } = world();
    expect(names(w, { expiresBefore: iso(T0 + HOUR) })).toEqual([]);
    expect(names(w, { expiresBefore: iso(T0 + HOUR + 1) })).toEqual(['expiring']);
    expect(names(w, { expiresBefore: iso(T0 + 3 * DAY) })).toEqual(['billing-cron', 'expiring']);
  });

  it('lastUsedBefore and neverUsed: judged on lastUsedAt, pending uses included', () => {
    const { w, keys } = world();
    w.as(keys.payments.apiKey, 'GET');
    w.clock.t = T0 + DAY;
    w.as(keys.billing.apiKey, 'GET');
    expect(names(w, { lastUsedBefore: iso(T0 + 1) })).toEqual(['Payments Ünïcode']);
    expect(names(w, { lastUsedBefore: iso(T0) })).toEqual([]);
    expect(names(w, { lastUsedBefore: iso(T0 + 2 * DAY) })).toEqual(['Payments Ünïcode', 'billing-cron']);
    expect(names(w, { neverUsed: true })).toEqual(['Site wide', 'expiring', 'switched off']);
    expect(names(w, { neverUsed: false })).toEqual(['Payments Ünïcode', 'billing-cron']);
  });

  it('filters combine (all must match), page with a cursor, and apply to orgUserId lists and to members', () => {
    const { w, m } = world();
    expect(names(w, { kind: 'user', status: 'enabled', q: 'N' })).toEqual([
      'Payments Ünïcode',
      'billing-cron',
      'expiring',
    ]);
    const first = w.engine.keys.list(w.owner, { orgId: w.orgB, kind: 'user', status: 'enabled', limit: 2 });
    const rest = w.engine.keys.list(w.owner, {
      orgId: w.orgB,
      kind: 'user',
      status: 'enabled',
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...rest.items].map((k) => k.name)).toEqual([
      'Payments Ünïcode',
      'billing-cron',
      'expiring',
    ]);
    expect(w.engine.keys.list(w.owner, { orgUserId: m.id, q: 'BILL' }).items.map((k) => k.name)).toEqual([
      'billing-cron',
    ]);
    const member = w.person(w.orgA, 'member');
    expect(names(w, { q: 'k' }, w.orgA, w.as(member.key, 'GET'))).toEqual([`key of ${member.email}`]);
  });

  it('bad filter values are refused by the schema with the field named', () => {
    for (const bad of [
      { orgId: 1, status: 'working' },
      { orgId: 1, kind: 'team' },
      { orgId: 1, expiresBefore: 'tomorrow' },
      { orgId: 1, lastUsedBefore: '2030-02-30T00:00:00Z' },
      { orgId: 1, neverUsed: 'yes' },
      { orgId: 1, q: 'x'.repeat(201) },
    ]) {
      const r = listKeysSchema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path[0]).toBe(Object.keys(bad)[1]);
    }
  });
});
