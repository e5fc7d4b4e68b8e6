// docs/usage-and-rotation.md through the Backend interface: a key's usage, the batched form
// the keys table uses, lastUsedFrom, and roll's revokeWhenQuietSeconds — the same
// assertions on LocalBackend and on RemoteBackend over real HTTP (real clock: the quiet
// revocation itself is tested with a manual clock in test/unit/engine/rotation.test.ts).
import { describe, expect, it } from 'vitest';
import type { ConformanceKit } from './findingsConformance';

const DAY = 24 * 3600 * 1000;
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

export function usageConformance(kit: ConformanceKit): void {
  const { person, newOrg, refused, remember } = kit;

  describe('usage (docs/usage-and-rotation.md)', () => {
    it("counts a key's calls per day, ok and refused, with every bucket of the window present", async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const reader = await person(org.id, 'member', { readOnly: true });
      await reader.backend.whoami();
      await reader.backend.whoami();
      await refused(reader.backend.createKey({ orgUserId: reader.orgUserId, name: 'nope' }), 'READ_ONLY');
      const u = await admin.backend.keyUsage(reader.key.id, { granularity: 'day' });
      expect(u.keyId).toBe(reader.key.id);
      expect(u.granularity).toBe('day');
      expect(u.items).toHaveLength(30);
      expect(u.items[29].at).toBe(new Date(dayStart(Date.now())).toISOString());
      expect(u.total).toEqual({ ok: 2, denied: 1 });
      expect(u.items[29]).toMatchObject({ ok: 2, denied: 1 });
      expect(u.items.slice(0, 29).every((b) => b.ok === 0 && b.denied === 0)).toBe(true);

      const hours = await admin.backend.keyUsage(reader.key.id, { granularity: 'hour' });
      expect(hours.items).toHaveLength(24);
      expect(hours.total).toEqual({ ok: 2, denied: 1 });
    });

    it('refuses windows over the limits and keys the caller may not read', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const a = await person(org.id, 'member');
      const b = await person(org.id, 'member');
      const from = new Date(dayStart(Date.now()) - 40 * DAY).toISOString();
      await refused(admin.backend.keyUsage(a.key.id, { from, granularity: 'hour' }), 'BAD_REQUEST');
      const far = new Date(dayStart(Date.now()) - 500 * DAY).toISOString();
      await refused(admin.backend.keyUsage(a.key.id, { from: far, granularity: 'day' }), 'BAD_REQUEST');
      expect((await a.backend.keyUsage(a.key.id, {})).keyId).toBe(a.key.id);
      await refused(a.backend.keyUsage(b.key.id, {}), 'FORBIDDEN');
      await refused(admin.backend.keyUsage(999_999_999, {}), 'NOT_FOUND');
      await refused(a.backend.keysUsage({ ids: [a.key.id, b.key.id] }), 'FORBIDDEN');
    });

    it("returns a page of keys' usage in one call, in the order asked", async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const keys = [await person(org.id), await person(org.id), await person(org.id)];
      await keys[1].backend.whoami();
      await keys[2].backend.whoami();
      await keys[2].backend.whoami();
      const ids = keys.map((p) => p.key.id).reverse();
      const batch = await admin.backend.keysUsage({ ids, granularity: 'day' });
      expect(batch.items.map((u) => u.keyId)).toEqual(ids);
      expect(batch.items.map((u) => u.total.ok)).toEqual([2, 1, 0]);
      for (const u of batch.items) expect(u.items).toHaveLength(30);
    });

    it('roll takes revokeWhenQuietSeconds; metadata shows rolledTo, rolledFrom and the setting', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id);
      const next = remember(
        await admin.backend.rollKey(member.key.id, { gracePeriodSeconds: 3600, revokeWhenQuietSeconds: 600 }),
      );
      expect(next).toMatchObject({ rolledFrom: member.key.id, rolledTo: null, revokeWhenQuietSeconds: null });
      expect(await admin.backend.getKey(member.key.id)).toMatchObject({
        rolledTo: next.id,
        revokeWhenQuietSeconds: 600,
        revokedAt: null,
      });
      const other = await person(org.id);
      for (const bad of [59, 86401])
        await refused(
          admin.backend.rollKey(other.key.id, { gracePeriodSeconds: 60, revokeWhenQuietSeconds: bad }),
          'BAD_REQUEST',
        );
    });

    it('audit events carry their hash', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const events = await admin.backend.listAudit({ orgId: org.id, limit: 5 });
      expect(events.items.length).toBeGreaterThan(0);
      for (const e of events.items) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });
}
