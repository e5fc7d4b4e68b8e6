// createKeys: creating many keys in one call.
import { describe, expect, it } from 'vitest';
import { World, expectCode } from './helpers';

describe('createKeys (bulk)', () => {
  it('creates every key, each with its own value and audit entry', () => {
    const w = new World();
    const a = w.person(w.orgA);
    const b = w.person(w.orgB);
    const made = w.engine.keys.createMany(w.owner, [
      { orgUserId: a.orgUserId, name: 'a1' },
      { orgUserId: b.orgUserId, name: 'b1', scopes: ['ui', 'rest'] },
      { orgId: w.orgA, kind: 'org', name: 'site' },
    ]);
    expect(made.map((k) => [k.name, k.orgId, k.kind])).toEqual([
      ['a1', w.orgA, 'user'],
      ['b1', w.orgB, 'user'],
      ['site', w.orgA, 'org'],
    ]);
    expect(new Set(made.map((k) => k.apiKey)).size).toBe(3);
    for (const k of made) expect(w.as(k.apiKey, 'GET').key?.id).toBe(k.id);
    const created = w.engine.audit.list(w.owner, { action: 'key.create' }).items.map((e) => e.targetId);
    expect(created).toEqual(expect.arrayContaining(made.map((k) => k.id)));
  });

  it('is all or nothing: one refused key leaves no key created', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA);
    const inactive = w.person(w.orgA);
    w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
    const inB = w.person(w.orgB);
    const before = w.countKeys();
    const good = { orgUserId: m.orgUserId, name: 'good' };
    expectCode(
      () => w.engine.keys.createMany(w.as(admin.key), [good, good, { orgUserId: inB.orgUserId, name: 'elsewhere' }]),
      'FORBIDDEN',
    );
    expectCode(
      () =>
        w.engine.keys.createMany(w.as(admin.key), [good, { orgUserId: inactive.orgUserId, name: 'inactive' }, good]),
      'CONFLICT',
    );
    expectCode(
      () =>
        w.engine.keys.createMany(w.owner, [
          good,
          { orgUserId: m.orgUserId, name: 'past', expiresAt: '2001-01-01T00:00:00Z' },
        ]),
      'BAD_REQUEST',
    );
    expectCode(() => w.engine.keys.createMany(w.owner, [good, { orgUserId: 4242, name: 'nobody' }]), 'NOT_FOUND');
    expect(w.countKeys()).toBe(before);
    expect(w.engine.keys.list(w.owner, { orgUserId: m.orgUserId }).items.map((k) => k.name)).not.toContain('good');
  });
});
