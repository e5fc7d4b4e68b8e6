// The audit query as an admin uses it from a key's details (issue 8, items 13 and 17):
// a key's entries are its whole story, and the action filter matches part of a word.
import { describe, expect, it } from 'vitest';
import { World } from './helpers';

describe('rule 12: a key’s audit entries', () => {
  it('aboutKeyId returns the key’s own lifecycle (it is the target) and the calls made with it', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const k = w.key({ orgUserId: admin.orgUserId, name: 'lifecycle' }, w.as(admin.key));
    w.engine.keys.update(w.as(admin.key), k.id, { status: 'disabled' });
    w.engine.keys.update(w.as(admin.key), k.id, { status: 'enabled' });
    // A call made with the key itself.
    w.engine.keys.get(w.as(k.apiKey, 'GET'), k.id);
    const rolled = w.engine.keys.roll(w.as(admin.key), k.id, { gracePeriodSeconds: 0 });
    // Noise: another key's life must not show up.
    const other = w.key({ orgUserId: admin.orgUserId, name: 'other' }, w.as(admin.key));
    w.engine.keys.update(w.as(admin.key), other.id, { status: 'disabled' });

    const about = w.engine.audit.list(w.owner, { orgId: w.orgA, aboutKeyId: k.id }).items;
    const actions = about.map((e) => e.action).reverse();
    expect(actions).toEqual(
      expect.arrayContaining(['key.create', 'key.disable', 'key.enable', 'key.read', 'key.roll']),
    );
    expect(about.find((e) => e.action === 'key.create')).toMatchObject({
      targetType: 'apiKey',
      targetId: k.id,
      keyId: admin.keyId,
    });
    expect(about.find((e) => e.action === 'key.read')).toMatchObject({ keyId: k.id });
    // The roll names the replacement as its target; the old key's story still has it.
    expect(about.find((e) => e.action === 'key.roll')).toMatchObject({ targetId: rolled.id });
    for (const e of about)
      expect(e.keyId === k.id || (e.targetType === 'apiKey' && e.targetId === k.id) || e.action === 'key.roll').toBe(
        true,
      );
    expect(about.some((e) => e.targetId === other.id)).toBe(false);
    // The replacement's story starts with the same roll.
    const replacement = w.engine.audit.list(w.owner, { orgId: w.orgA, aboutKeyId: rolled.id }).items;
    expect(replacement.map((e) => e.action)).toEqual(['key.roll']);

    // keyId alone still means "calls made with this key" (the server's filter is unchanged).
    const withKey = w.engine.audit.list(w.owner, { orgId: w.orgA, keyId: k.id }).items;
    expect(withKey.map((e) => e.action)).not.toContain('key.create');
    expect(withKey.every((e) => e.keyId === k.id)).toBe(true);
  });

  it('the action filter matches part of a word, ignoring case ("disable" finds key.disable)', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const k = w.key({ orgUserId: admin.orgUserId, name: 'x' }, w.as(admin.key));
    w.engine.keys.update(w.as(admin.key), k.id, { status: 'disabled' });
    const byPart = w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'DISABLE' }).items;
    expect(byPart.map((e) => e.action)).toEqual(['key.disable']);
    const keyActions = w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'key.' }).items;
    expect(new Set(keyActions.map((e) => e.action))).toEqual(new Set(['key.create', 'key.disable']));
    // Exact names still work, and a name that matches nothing returns nothing.
    expect(w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'key.create' }).items).toHaveLength(
      keyActions.filter((e) => e.action === 'key.create').length,
    );
    expect(w.engine.audit.list(w.owner, { orgId: w.orgA, action: 'no.such' }).items).toEqual([]);
  });
});
