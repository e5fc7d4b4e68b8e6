// docs/policies-and-labels.md labels: stored and validated by the engine, set on create and PATCH (the whole
// map), copied by a roll, and the `label` filter of the key list.
import { describe, expect, it } from 'vitest';
import { createKeySchema, listKeysSchema, updateKeySchema } from '../../../src/shared/domain';
import { World, expectCode } from './helpers';

const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));

/** Each is invalid for its own reason; the engine and the input schemas must both refuse it. */
const BAD_LABELS: [string, Record<string, string>][] = [
  ['11 labels', eleven],
  ['an upper-case key', { Team: 'x' }],
  ['a key starting with -', { '-team': 'x' }],
  ['a key with a colon', { 'team:x': 'x' }],
  ['a key of 41 characters', { ['a'.repeat(41)]: 'x' }],
  ['an empty key', { '': 'x' }],
  ['a control character in a value', { team: 'pay\u0007ments' }],
  ['a newline in a value', { team: 'pay\nments' }],
  ['a C1 control in a value', { team: 'pay\u0085' }],
  ['a bidi control in a value', { team: '\u202Eevil' }],
  ['a zero-width character in a value', { team: 'pay\u200Bments' }],
  ['a lone surrogate in a value', { team: 'x\uD800' }],
  ['a 101-character value', { team: 'x'.repeat(101) }],
  ['an empty value', { team: '' }],
  ['a non-NFC value', { team: 'e\u0301' }],
];

describe('labels', () => {
  it('are set on create (keys sorted), read back, and `{}` when none', () => {
    const w = new World();
    const a = w.person(w.orgA, 'member');
    const k = w.key({ orgUserId: a.orgUserId, name: 'l', labels: { team: 'payments', 'owner.email': 'ada@x.org' } });
    expect(k.labels).toEqual({ 'owner.email': 'ada@x.org', team: 'payments' });
    expect(Object.keys(w.engine.keys.get(w.owner, k.id).labels)).toEqual(['owner.email', 'team']);
    expect(w.engine.keys.get(w.owner, a.keyId).labels).toEqual({});
    // 10 labels, 40-character keys and 100-character values are the limits, not over them.
    const max = w.key({ orgUserId: a.orgUserId, name: 'max', labels: ten });
    expect(Object.keys(max.labels)).toHaveLength(10);
    const long = w.key({ orgUserId: a.orgUserId, name: 'long', labels: { ['a'.repeat(40)]: 'é'.repeat(100) } });
    expect(long.labels['a'.repeat(40)]).toHaveLength(100);
  });

  it('PATCH replaces the whole map; `{}` clears it; a roll copies it', () => {
    const w = new World();
    const a = w.person(w.orgA, 'member');
    const k = w.key({ orgUserId: a.orgUserId, name: 'l', labels: { team: 'payments', env: 'prod' } });
    expect(w.engine.keys.update(w.owner, k.id, { labels: { system: 'billing' } }).labels).toEqual({
      system: 'billing',
    });
    const rolled = w.engine.keys.roll(w.owner, k.id, {});
    expect(rolled.labels).toEqual({ system: 'billing' });
    expect(w.engine.keys.update(w.owner, rolled.id, { labels: {} }).labels).toEqual({});
    expect(w.engine.keys.get(w.owner, rolled.id).labels).toEqual({});
  });

  for (const [what, labels] of BAD_LABELS) {
    it(`${what} → 400 on create and PATCH, and nothing changes`, () => {
      const w = new World();
      const a = w.person(w.orgA, 'member');
      const before = w.countKeys();
      expectCode(() => w.key({ orgUserId: a.orgUserId, name: 'bad', labels }), 'BAD_REQUEST');
      expect(w.countKeys()).toBe(before);
      const k = w.key({ orgUserId: a.orgUserId, name: 'good', labels: { team: 'ok' } });
      expectCode(() => w.engine.keys.update(w.owner, k.id, { labels }), 'BAD_REQUEST');
      expect(w.engine.keys.get(w.owner, k.id).labels).toEqual({ team: 'ok' });
      // The input schemas (HTTP and IPC) refuse it too.
      expect(createKeySchema.safeParse({ orgUserId: 1, name: 'x', labels }).success).toBe(false);
      expect(updateKeySchema.safeParse({ labels }).success).toBe(false);
    });
  }
});

describe('label filter on the key list', () => {
  function world() {
    const w = new World();
    const a = w.person(w.orgA, 'member');
    const pay = w.key({ orgUserId: a.orgUserId, name: 'pay', labels: { team: 'payments', env: 'prod' } });
    const payDev = w.key({ orgUserId: a.orgUserId, name: 'pay-dev', labels: { team: 'payments', env: 'dev' } });
    const search = w.key({ orgUserId: a.orgUserId, name: 'search', labels: { team: 'search', 'cost.center': 'a:b' } });
    const names = (label: string[], q: { orgUserId?: number } = {}) =>
      w.engine.keys
        .list(w.owner, q.orgUserId ? { orgUserId: q.orgUserId, label } : { orgId: w.orgA, label })
        .items.map((k) => k.name);
    return { w, a, pay, payDev, search, names };
  }

  it('one label key:value', () => {
    const { names, a } = world();
    expect(names(['team:payments'])).toEqual(['pay', 'pay-dev']);
    expect(names(['team:payments'], { orgUserId: a.orgUserId })).toEqual(['pay', 'pay-dev']);
    expect(names(['team:nobody'])).toEqual([]);
  });

  it('two labels: every one must match', () => {
    const { names } = world();
    expect(names(['team:payments', 'env:prod'])).toEqual(['pay']);
    expect(names(['team:search', 'env:prod'])).toEqual([]);
  });

  it('label=key without a value matches any value; a value may hold colons', () => {
    const { names } = world();
    expect(names(['env'])).toEqual(['pay', 'pay-dev']);
    expect(names(['cost.center'])).toEqual(['search']);
    expect(names(['cost.center:a:b'])).toEqual(['search']);
    expect(names(['team', 'cost.center'])).toEqual(['search']);
  });

  it('a member filtering sees only their own keys; pages walk the filtered list', () => {
    const { w, names } = world();
    const b = w.person(w.orgA, 'member');
    w.key({ orgUserId: b.orgUserId, name: 'b pay', labels: { team: 'payments' } });
    const mine = w.engine.keys.list(w.as(b.key, 'GET'), { orgId: w.orgA, label: ['team:payments'] });
    expect(mine.items.map((k) => k.name)).toEqual(['b pay']);
    const first = w.engine.keys.list(w.owner, { orgId: w.orgA, label: ['team:payments'], limit: 2 });
    expect(first.items.map((k) => k.name)).toEqual(['pay', 'pay-dev']);
    const second = w.engine.keys.list(w.owner, {
      orgId: w.orgA,
      label: ['team:payments'],
      limit: 2,
      cursor: first.nextCursor as string,
    });
    expect(second.items.map((k) => k.name)).toEqual(['b pay']);
    expect(names(['team:payments'])).toHaveLength(3);
  });

  it('a malformed filter → 400', () => {
    const { w } = world();
    for (const bad of ['Team:x', ':x', 'team:', '', 'team:\u0000', `team:${'x'.repeat(101)}`]) {
      expectCode(() => w.engine.keys.list(w.owner, { orgId: w.orgA, label: [bad] }), 'BAD_REQUEST');
      expect(listKeysSchema.safeParse({ orgId: 1, label: [bad] }).success).toBe(false);
    }
  });
});

describe('label filter in findings', () => {
  it('narrows the counts and items of GET /user/keyFindings like the key list', () => {
    const w = new World();
    const a = w.person(w.orgA, 'member');
    const pay = w.key({ orgId: w.orgA, kind: 'org', name: 'pay', labels: { team: 'payments' } });
    w.key({ orgId: w.orgA, kind: 'org', name: 'search', labels: { team: 'search' } });
    w.key({ orgUserId: a.orgUserId, name: 'unlabelled' });
    const all = w.engine.findings.forOrg(w.owner, { orgId: w.orgA });
    expect(all.counts.ORG_WIDE).toBe(2);
    const only = w.engine.findings.forOrg(w.owner, { orgId: w.orgA, label: ['team:payments'] });
    expect(only.counts.ORG_WIDE).toBe(1);
    expect(only.items.map((i) => i.key.id)).toEqual([pay.id]);
    expect(w.engine.findings.forOrg(w.owner, { orgId: w.orgA, label: ['team'] }).counts.ORG_WIDE).toBe(2);
    expectCode(() => w.engine.findings.forOrg(w.owner, { orgId: w.orgA, label: ['Bad:x'] }), 'BAD_REQUEST');
  });
});
