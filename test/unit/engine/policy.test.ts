// docs/policies-and-labels.md: org key policies — one describe per setting, each with compliant and
// non-compliant create, roll and PATCH expiresAt; who may read and change a policy; and
// that a policy never touches the keys that already exist.
// One file over ~300 lines on purpose: one describe per policy setting, each the same
// create/roll/PATCH pattern; split, the settings would lose their side-by-side comparison.
import { describe, expect, it } from 'vitest';
import { keyBreaksPolicySql, type Actor } from '../../../src/main/engine';
import { DEFAULT_POLICY, type Policy } from '../../../src/shared/domain';
import { DAY, HOUR, SECOND, World, expectCode } from './helpers';

const policy = (p: Partial<Policy>): Policy => ({
  ...DEFAULT_POLICY,
  allowedScopes: ['ui', 'rest', 'integration'],
  ...p,
});

function setup(p: Partial<Policy>) {
  const w = new World();
  const admin = w.person(w.orgA, 'admin');
  const member = w.person(w.orgA, 'member');
  const asAdmin = (): Actor => w.as(admin.key);
  const put = () => w.engine.policies.put(w.owner, w.orgA, policy(p));
  return { w, admin, member, asAdmin, put };
}

/** A violation must be a 400 POLICY_VIOLATION whose message names the setting. */
function refused(fn: () => unknown, setting: keyof Policy): void {
  const e = expectCode(fn, 'POLICY_VIOLATION');
  expect(e.status).toBe(400);
  expect(e.message).toContain(setting);
}

describe('policy: reading and changing it', () => {
  it('an org without a policy has the default, which allows everything', () => {
    const { w, member } = setup({});
    expect(w.engine.policies.get(w.as(member.key, 'GET'), w.orgA)).toEqual({
      maxLifetimeDays: null,
      requireExpiry: false,
      maxGraceSeconds: null,
      allowedScopes: ['ui', 'rest', 'integration'],
      allowOrgKeys: true,
      allowImpersonation: true,
    });
  });

  it('members may read the policy but not change it; admins of another org may do neither', () => {
    const { w, member, put } = setup({ requireExpiry: true });
    put();
    expect(w.engine.policies.get(w.as(member.key, 'GET'), w.orgA).requireExpiry).toBe(true);
    expectCode(() => w.engine.policies.put(w.as(member.key), w.orgA, policy({})), 'FORBIDDEN');
    expect(w.engine.policies.get(w.owner, w.orgA).requireExpiry).toBe(true);
    const adminB = w.person(w.orgB, 'admin');
    expectCode(() => w.engine.policies.get(w.as(adminB.key, 'GET'), w.orgA), 'FORBIDDEN');
    expectCode(() => w.engine.policies.put(w.as(adminB.key), w.orgA, policy({})), 'FORBIDDEN');
    expectCode(() => w.engine.policies.get(w.owner, 4242), 'NOT_FOUND');
  });

  it('an org key (admin power) may change its own org’s policy, not another’s', () => {
    const { w, asAdmin } = setup({});
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, asAdmin());
    const got = w.engine.policies.put(w.as(orgKey.apiKey), w.orgA, policy({ maxLifetimeDays: 30 }));
    expect(got.maxLifetimeDays).toBe(30);
    expectCode(() => w.engine.policies.put(w.as(orgKey.apiKey), w.orgB, policy({})), 'FORBIDDEN');
  });

  it('a change is audited as org.policy, committed with it', () => {
    const { w, asAdmin } = setup({});
    w.engine.policies.put(asAdmin(), w.orgA, policy({ allowOrgKeys: false }));
    const events = w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'org.policy' }).items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'org.policy', outcome: 'ok', targetType: 'org', targetId: w.orgA });
  });

  it('bad PUT (unknown field, empty allowedScopes, maxLifetimeDays 0, a partial object) → 400 and nothing changed', () => {
    const { w, asAdmin } = setup({});
    w.engine.policies.put(asAdmin(), w.orgA, policy({ maxLifetimeDays: 90 }));
    const before = w.engine.policies.get(w.owner, w.orgA);
    const bad: unknown[] = [
      { ...policy({}), extra: true },
      policy({ allowedScopes: [] }),
      policy({ maxLifetimeDays: 0 }),
      policy({ maxLifetimeDays: 3651 }),
      policy({ maxGraceSeconds: -1 }),
      policy({ maxGraceSeconds: 604801 }),
      policy({ allowedScopes: ['rest', 'admin' as never] }),
      { requireExpiry: true },
      null,
    ];
    for (const body of bad) expectCode(() => w.engine.policies.put(asAdmin(), w.orgA, body as Policy), 'BAD_REQUEST');
    expect(w.engine.policies.get(w.owner, w.orgA)).toEqual(before);
    expect(w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'org.policy', outcome: 'ok' }).items).toHaveLength(1);
  });

  it('a policy change never alters an existing key', () => {
    const { w, admin, member, asAdmin } = setup({});
    w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, asAdmin());
    w.key({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true, scopes: ['integration'] });
    w.key({ orgUserId: admin.orgUserId, name: 'long', expiresAt: w.clock.iso(400 * DAY) });
    const snapshot = () => w.engine.database.prepare('SELECT * FROM api_keys ORDER BY id').all();
    const before = snapshot();
    w.engine.policies.put(
      asAdmin(),
      w.orgA,
      policy({
        maxLifetimeDays: 1,
        requireExpiry: true,
        maxGraceSeconds: 0,
        allowedScopes: ['ui'],
        allowOrgKeys: false,
        allowImpersonation: false,
      }),
    );
    expect(snapshot()).toEqual(before);
    // Every key still works as it did.
    expect(w.as(member.key, 'GET').userId).toBe(member.userId);
  });

  it('previewPolicy counts the live keys a proposed policy would break, and stores nothing', () => {
    const { w, member, asAdmin } = setup({});
    w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, asAdmin());
    const gone = w.key({ orgId: w.orgA, kind: 'org', name: 'deleted' }, asAdmin());
    w.engine.keys.remove(asAdmin(), gone.id);
    w.key({ orgUserId: member.orgUserId, name: 'soon', expiresAt: w.clock.iso(DAY) });
    expect(w.engine.policies.preview(asAdmin(), w.orgA, policy({ allowOrgKeys: false }))).toEqual({
      orgId: w.orgA,
      violating: 1,
    });
    // Owner, admin and member keys have no expiry; "soon" complies; the org key too breaks it.
    expect(w.engine.policies.preview(asAdmin(), w.orgA, policy({ maxLifetimeDays: 2 })).violating).toBe(4);
    expect(w.engine.policies.get(w.owner, w.orgA)).toEqual(policy({}));
    expectCode(() => w.engine.policies.preview(w.as(member.key), w.orgA, policy({})), 'FORBIDDEN');
    expectCode(() => w.engine.policies.preview(asAdmin(), w.orgA, policy({ allowedScopes: [] })), 'BAD_REQUEST');
  });
});

describe('policy setting maxLifetimeDays', () => {
  it('create: exactly maxLifetimeDays is allowed, one second over or no expiry is refused', () => {
    const { w, member, asAdmin, put } = setup({ maxLifetimeDays: 30 });
    put();
    const ok = w.key({ orgUserId: member.orgUserId, name: 'ok', expiresAt: w.clock.iso(30 * DAY) }, asAdmin());
    expect(ok.expiresAt).toBe(w.clock.iso(30 * DAY));
    refused(
      () => w.key({ orgUserId: member.orgUserId, name: 'over', expiresAt: w.clock.iso(30 * DAY + SECOND) }, asAdmin()),
      'maxLifetimeDays',
    );
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'forever' }, asAdmin()), 'maxLifetimeDays');
  });

  it('roll: a copied expiry within the limit rolls; beyond it is refused unless the roll gives a compliant one', () => {
    const { w, member, asAdmin, put } = setup({ maxLifetimeDays: 30 });
    const inside = w.key({ orgUserId: member.orgUserId, name: 'in', expiresAt: w.clock.iso(10 * DAY) });
    const outside = w.key({ orgUserId: member.orgUserId, name: 'out', expiresAt: w.clock.iso(300 * DAY) });
    put();
    expect(w.engine.keys.roll(asAdmin(), inside.id, {}).expiresAt).toBe(inside.expiresAt);
    refused(() => w.engine.keys.roll(asAdmin(), outside.id, {}), 'maxLifetimeDays');
    refused(
      () => w.engine.keys.roll(asAdmin(), outside.id, { expiresAt: w.clock.iso(30 * DAY + SECOND) }),
      'maxLifetimeDays',
    );
    expect(w.engine.keys.get(w.owner, outside.id).rolledTo).toBeNull();
    const fixed = w.engine.keys.roll(asAdmin(), outside.id, { expiresAt: w.clock.iso(30 * DAY) });
    expect(fixed.expiresAt).toBe(w.clock.iso(30 * DAY));
  });

  it('PATCH expiresAt: within the limit is allowed; beyond it, or clearing it, is refused', () => {
    const { w, member, asAdmin, put } = setup({ maxLifetimeDays: 30 });
    const k = w.key({ orgUserId: member.orgUserId, name: 'k', expiresAt: w.clock.iso(DAY) });
    put();
    w.clock.advance(5 * DAY);
    expect(w.engine.keys.update(asAdmin(), k.id, { expiresAt: w.clock.iso(30 * DAY) }).expiresAt).toBe(
      w.clock.iso(30 * DAY),
    );
    refused(
      () => w.engine.keys.update(asAdmin(), k.id, { expiresAt: w.clock.iso(30 * DAY + SECOND) }),
      'maxLifetimeDays',
    );
    refused(() => w.engine.keys.update(asAdmin(), k.id, { expiresAt: null }), 'maxLifetimeDays');
    expect(w.engine.keys.get(w.owner, k.id).expiresAt).toBe(w.clock.iso(30 * DAY));
    // Other fields are not policy matters.
    expect(w.engine.keys.update(asAdmin(), k.id, { name: 'renamed' }).name).toBe('renamed');
  });
});

describe('policy setting requireExpiry', () => {
  it('create: with an expiry is allowed, without is refused', () => {
    const { w, member, asAdmin, put } = setup({ requireExpiry: true });
    put();
    w.key({ orgUserId: member.orgUserId, name: 'ok', expiresAt: w.clock.iso(3000 * DAY) }, asAdmin());
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'no' }, asAdmin()), 'requireExpiry');
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'null', expiresAt: null }, asAdmin()), 'requireExpiry');
  });

  it('roll: a key without expiry rolls only when the roll gives the new key one', () => {
    const { w, member, asAdmin, put } = setup({ requireExpiry: true });
    const k = w.key({ orgUserId: member.orgUserId, name: 'k' });
    put();
    refused(() => w.engine.keys.roll(asAdmin(), k.id, {}), 'requireExpiry');
    refused(() => w.engine.keys.roll(asAdmin(), k.id, { expiresAt: null }), 'requireExpiry');
    const next = w.engine.keys.roll(asAdmin(), k.id, { expiresAt: w.clock.iso(DAY) });
    expect(next.expiresAt).toBe(w.clock.iso(DAY));
  });

  it('PATCH expiresAt: setting one is allowed, clearing it with null is refused', () => {
    const { w, member, asAdmin, put } = setup({ requireExpiry: true });
    const k = w.key({ orgUserId: member.orgUserId, name: 'k', expiresAt: w.clock.iso(DAY) });
    put();
    w.engine.keys.update(asAdmin(), k.id, { expiresAt: w.clock.iso(2 * DAY) });
    refused(() => w.engine.keys.update(asAdmin(), k.id, { expiresAt: null }), 'requireExpiry');
    expect(w.engine.keys.get(w.owner, k.id).expiresAt).toBe(w.clock.iso(2 * DAY));
  });
});

describe('policy setting maxGraceSeconds', () => {
  it('roll: a grace up to the limit is allowed, one second more is refused', () => {
    const { w, member, asAdmin, put } = setup({ maxGraceSeconds: 3600 });
    const a = w.key({ orgUserId: member.orgUserId, name: 'a' });
    const b = w.key({ orgUserId: member.orgUserId, name: 'b' });
    put();
    refused(() => w.engine.keys.roll(asAdmin(), a.id, { gracePeriodSeconds: 3601 }), 'maxGraceSeconds');
    expect(w.engine.keys.get(w.owner, a.id)).toMatchObject({ rolledTo: null, expiresAt: null });
    w.engine.keys.roll(asAdmin(), a.id, { gracePeriodSeconds: 3600 });
    expect(w.engine.keys.get(w.owner, a.id).expiresAt).toBe(w.clock.iso(HOUR));
    w.engine.keys.roll(asAdmin(), b.id, {});
  });

  it('create and PATCH are not limited by it (it is about rolls)', () => {
    const { w, member, asAdmin, put } = setup({ maxGraceSeconds: 0 });
    put();
    const k = w.key({ orgUserId: member.orgUserId, name: 'k' }, asAdmin());
    w.engine.keys.update(asAdmin(), k.id, { expiresAt: w.clock.iso(DAY) });
    refused(() => w.engine.keys.roll(asAdmin(), k.id, { gracePeriodSeconds: 1 }), 'maxGraceSeconds');
  });
});

describe('policy setting allowedScopes', () => {
  it('create: allowed scopes pass, any other scope (the default rest included) is refused', () => {
    const { w, member, asAdmin, put } = setup({ allowedScopes: ['ui', 'integration'] });
    put();
    w.key({ orgUserId: member.orgUserId, name: 'ok', scopes: ['ui'] }, asAdmin());
    refused(
      () => w.key({ orgUserId: member.orgUserId, name: 'rest', scopes: ['ui', 'rest'] }, asAdmin()),
      'allowedScopes',
    );
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'default' }, asAdmin()), 'allowedScopes');
  });

  it('roll: a key whose scopes are allowed rolls; one holding another scope is refused', () => {
    const { w, member, asAdmin, put } = setup({ allowedScopes: ['rest'] });
    const ok = w.key({ orgUserId: member.orgUserId, name: 'ok' });
    const wide = w.key({ orgUserId: member.orgUserId, name: 'wide', scopes: ['rest', 'integration'] });
    put();
    w.engine.keys.roll(asAdmin(), ok.id, {});
    refused(() => w.engine.keys.roll(asAdmin(), wide.id, {}), 'allowedScopes');
  });

  it('PATCH expiresAt: allowed for a compliant key, refused for a key that would still break it', () => {
    const { w, member, asAdmin, put } = setup({ allowedScopes: ['rest'] });
    const ok = w.key({ orgUserId: member.orgUserId, name: 'ok' });
    const wide = w.key({ orgUserId: member.orgUserId, name: 'wide', scopes: ['integration'] });
    put();
    w.engine.keys.update(asAdmin(), ok.id, { expiresAt: w.clock.iso(DAY) });
    refused(() => w.engine.keys.update(asAdmin(), wide.id, { expiresAt: w.clock.iso(DAY) }), 'allowedScopes');
    // Disabling or deleting a non-compliant key is always possible.
    w.engine.keys.update(asAdmin(), wide.id, { status: 'disabled' });
    w.engine.keys.remove(asAdmin(), wide.id);
  });
});

describe('policy setting allowOrgKeys', () => {
  it('create: user keys pass, org keys are refused', () => {
    const { w, member, asAdmin, put } = setup({ allowOrgKeys: false });
    put();
    w.key({ orgUserId: member.orgUserId, name: 'user key' }, asAdmin());
    refused(() => w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, asAdmin()), 'allowOrgKeys');
    refused(() => w.key({ orgId: w.orgA, kind: 'org', name: 'site' }), 'allowOrgKeys');
  });

  it('roll and PATCH expiresAt: user keys pass, an existing org key is refused', () => {
    const { w, member, asAdmin, put } = setup({ allowOrgKeys: false });
    const site = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    const user = w.key({ orgUserId: member.orgUserId, name: 'user' });
    put();
    w.engine.keys.roll(asAdmin(), user.id, {});
    refused(() => w.engine.keys.roll(asAdmin(), site.id, {}), 'allowOrgKeys');
    refused(() => w.engine.keys.update(asAdmin(), site.id, { expiresAt: w.clock.iso(DAY) }), 'allowOrgKeys');
  });
});

describe('policy setting allowImpersonation', () => {
  it('create: binds super admins too; keys that cannot impersonate pass', () => {
    const { w, member, put } = setup({ allowImpersonation: false });
    put();
    w.key({ orgUserId: member.orgUserId, name: 'plain' });
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }), 'allowImpersonation');
    // Through a super admin's key as well as the local owner.
    refused(
      () => w.key({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }, w.as(w.ownerKey)),
      'allowImpersonation',
    );
  });

  it('roll and PATCH expiresAt of a key that can impersonate are refused, even for a super admin', () => {
    const { w, member, put } = setup({ allowImpersonation: false });
    const imp = w.key({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true });
    const plain = w.key({ orgUserId: member.orgUserId, name: 'plain' });
    put();
    refused(() => w.engine.keys.roll(w.owner, imp.id, {}), 'allowImpersonation');
    refused(() => w.engine.keys.update(w.owner, imp.id, { expiresAt: w.clock.iso(DAY) }), 'allowImpersonation');
    w.engine.keys.roll(w.owner, plain.id, {});
  });
});

describe('policy: the other ways keys are made', () => {
  it('a member creating their own key is bound too', () => {
    const { w, member, put } = setup({ requireExpiry: true });
    w.allowUserKeys(w.orgA, true);
    put();
    refused(() => w.key({ orgUserId: member.orgUserId, name: 'mine' }, w.as(member.key)), 'requireExpiry');
    w.key({ orgUserId: member.orgUserId, name: 'mine', expiresAt: w.clock.iso(DAY) }, w.as(member.key));
  });

  it('bulk create reports every refused key by position and name, and creates none', () => {
    const { w, member, asAdmin, put } = setup({ requireExpiry: true, allowOrgKeys: false });
    put();
    const before = w.countKeys();
    const e = expectCode(
      () =>
        w.engine.keys.createMany(asAdmin(), [
          { orgUserId: member.orgUserId, name: 'fine', expiresAt: w.clock.iso(DAY) },
          { orgUserId: member.orgUserId, name: 'no expiry' },
          { orgId: w.orgA, kind: 'org', name: 'site', expiresAt: w.clock.iso(DAY) },
        ]),
      'POLICY_VIOLATION',
    );
    expect(e.message).toContain('2 of 3 keys');
    expect(e.message).toMatch(/key 2 \("no expiry"\).*requireExpiry/);
    expect(e.message).toMatch(/key 3 \("site"\).*allowOrgKeys/);
    expect(e.message).not.toContain('"fine"');
    expect(w.countKeys()).toBe(before);
  });

  it('a policy of one org does not bind another', () => {
    const { w, put } = setup({ allowOrgKeys: false });
    put();
    w.key({ orgId: w.orgB, kind: 'org', name: 'fine in B' });
  });
});

describe('keyBreaksPolicySql: the POLICY_VIOLATION finding', () => {
  it('selects exactly the existing keys that break their own org’s current policy', () => {
    const { w, member, put } = setup({
      maxLifetimeDays: 30,
      allowedScopes: ['rest', 'ui'],
      allowOrgKeys: false,
      allowImpersonation: false,
    });
    const ids = {
      compliant: w.key({ orgUserId: member.orgUserId, name: 'c', expiresAt: w.clock.iso(30 * DAY) }).id,
      tooLong: w.key({ orgUserId: member.orgUserId, name: 'l', expiresAt: w.clock.iso(30 * DAY + SECOND) }).id,
      scope: w.key({ orgUserId: member.orgUserId, name: 's', scopes: ['integration'], expiresAt: w.clock.iso(DAY) }).id,
      org: w.key({ orgId: w.orgA, kind: 'org', name: 'o', expiresAt: w.clock.iso(DAY) }).id,
      imp: w.key({ orgUserId: member.orgUserId, name: 'i', canImpersonate: true, expiresAt: w.clock.iso(DAY) }).id,
      inB: w.key({ orgId: w.orgB, kind: 'org', name: 'b' }).id,
    };
    const breaking = () =>
      (
        w.engine.database
          .prepare(`SELECT k.id FROM api_keys k WHERE ${keyBreaksPolicySql('k', '@now')} ORDER BY k.id`)
          .all({ now: w.clock.now() }) as { id: number }[]
      ).map((r) => r.id);
    expect(breaking()).toEqual([]);
    put();
    const expected = [ids.tooLong, ids.scope, ids.org, ids.imp];
    const fromSql = breaking().filter((id) => Object.values(ids).includes(id));
    expect(fromSql).toEqual(expected);
    // Time passing brings the too-long key inside the limit.
    w.clock.advance(SECOND);
    expect(breaking()).not.toContain(ids.tooLong);
    expect(breaking()).not.toContain(ids.compliant);
    expect(breaking()).not.toContain(ids.inB);
  });
});
