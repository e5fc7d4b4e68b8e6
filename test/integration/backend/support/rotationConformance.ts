// docs/usage-and-rotation.md extend grace through the Backend interface: who may move a rolled
// key's grace end (whoever may roll it), the refusals with their codes, and bad input — the
// same assertions on LocalBackend and on RemoteBackend over real HTTP (real clock; the grace
// running out is tested with a manual clock in test/unit/engine/rotation.test.ts).
import { describe, expect, it } from 'vitest';
import type { ExtendGraceInput } from '../../../../src/shared/domain';
import { DEFAULT_POLICY } from '../../../../src/shared/vocabulary';
import type { ConformanceKit } from './findingsConformance';

const HOUR = 3600 * 1000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

export function rotationConformance(kit: ConformanceKit): void {
  const { person, newOrg, refused, remember, world } = kit;

  describe('extend grace (docs/usage-and-rotation.md)', () => {
    it("an admin moves a rolled key's grace end later; the old key keeps working and the change is audited", async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id);
      const next = remember(await admin.backend.rollKey(member.key.id, { gracePeriodSeconds: 3600 }));
      const until = inHours(5);
      const meta = await admin.backend.extendGrace(member.key.id, { graceEndsAt: until });
      expect(meta).toMatchObject({ id: member.key.id, rolledTo: next.id, expiresAt: until, revokedAt: null });
      expect((await admin.backend.getKey(member.key.id)).expiresAt).toBe(until);
      expect((await member.backend.whoami()).key?.id).toBe(member.key.id);
      const events = await admin.backend.listAudit({ orgId: org.id, action: 'key.extend_grace' });
      expect(events.items).toEqual([expect.objectContaining({ targetId: member.key.id, outcome: 'ok' })]);
    });

    it('every role: the super admin and admins of the org may; an admin elsewhere, a member (unless allowed, own key only) and a read-only key may not', async () => {
      const org = await newOrg(false);
      const admin = await person(org.id, 'admin');
      const member = await person(org.id);
      const other = await person(org.id);
      const reader = await person(org.id, 'admin', { readOnly: true });
      const elsewhere = await person((await newOrg()).id, 'admin');
      const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));
      for (const k of [member.key.id, other.key.id, site.id])
        remember(await admin.backend.rollKey(k, { gracePeriodSeconds: 3600 }));

      await refused(elsewhere.backend.extendGrace(member.key.id, { graceEndsAt: inHours(2) }), 'FORBIDDEN');
      await refused(member.backend.extendGrace(member.key.id, { graceEndsAt: inHours(2) }), 'FORBIDDEN');
      await refused(reader.backend.extendGrace(member.key.id, { graceEndsAt: inHours(2) }), 'READ_ONLY');
      await world().superAdmin.updateOrg(org.id, { allowUserKeys: true });
      const byMember = inHours(2);
      expect((await member.backend.extendGrace(member.key.id, { graceEndsAt: byMember })).expiresAt).toBe(byMember);
      await refused(member.backend.extendGrace(other.key.id, { graceEndsAt: inHours(3) }), 'FORBIDDEN');
      await refused(member.backend.extendGrace(site.id, { graceEndsAt: inHours(3) }), 'FORBIDDEN');
      const byAdmin = inHours(3);
      expect((await admin.backend.extendGrace(site.id, { graceEndsAt: byAdmin })).expiresAt).toBe(byAdmin);
      const bySuper = inHours(4);
      expect((await world().superAdmin.extendGrace(other.key.id, { graceEndsAt: bySuper })).expiresAt).toBe(bySuper);
      await refused(admin.backend.extendGrace(999_999_999, { graceEndsAt: inHours(2) }), 'NOT_FOUND');
    });

    it('rule 4: a rolled key that can impersonate has its grace extended only by a super admin', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id);
      const imp = remember(
        await world().superAdmin.createKey({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }),
      );
      remember(await world().superAdmin.rollKey(imp.id, { gracePeriodSeconds: 3600 }));
      await refused(admin.backend.extendGrace(imp.id, { graceEndsAt: inHours(2) }), 'FORBIDDEN');
      expect((await world().superAdmin.extendGrace(imp.id, { graceEndsAt: inHours(2) })).id).toBe(imp.id);
    });

    it('refuses a key not rolled or already revoked (409), and bad input (400), changing nothing', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const plain = await person(org.id);
      const gone = await person(org.id);
      const kept = await person(org.id);
      expect(
        (await refused(admin.backend.extendGrace(plain.key.id, { graceEndsAt: inHours(2) }), 'CONFLICT')).message,
      ).toMatch(/not rolled/);
      remember(await admin.backend.rollKey(gone.key.id, { gracePeriodSeconds: 3600 }));
      await admin.backend.deleteKey(gone.key.id);
      expect(
        (await refused(admin.backend.extendGrace(gone.key.id, { graceEndsAt: inHours(2) }), 'CONFLICT')).message,
      ).toMatch(/revoked/);

      remember(await admin.backend.rollKey(kept.key.id, { gracePeriodSeconds: 3600 }));
      const before = (await admin.backend.getKey(kept.key.id)).expiresAt;
      const bad: unknown[] = [
        { graceEndsAt: 'tomorrow' },
        { graceEndsAt: '2030-01-01' },
        { graceEndsAt: 17 },
        {},
        { graceEndsAt: inHours(2), extra: 1 },
        { graceEndsAt: inHours(0.5) },
        { graceEndsAt: inHours(8 * 24) },
      ];
      for (const body of bad)
        await refused(admin.backend.extendGrace(kept.key.id, body as ExtendGraceInput), 'BAD_REQUEST');
      expect((await admin.backend.getKey(kept.key.id)).expiresAt).toBe(before);
    });

    it("respects the org's policy: maxGraceSeconds counts from the roll (POLICY_VIOLATION)", async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id);
      await admin.backend.putPolicy(org.id, {
        ...DEFAULT_POLICY,
        allowedScopes: [...DEFAULT_POLICY.allowedScopes],
        maxGraceSeconds: 7200,
      });
      remember(await admin.backend.rollKey(member.key.id, { gracePeriodSeconds: 3600 }));
      const e = await refused(
        admin.backend.extendGrace(member.key.id, { graceEndsAt: inHours(3) }),
        'POLICY_VIOLATION',
      );
      expect(e.message).toMatch(/maxGraceSeconds/);
      const ok = inHours(1.9);
      expect((await admin.backend.extendGrace(member.key.id, { graceEndsAt: ok })).expiresAt).toBe(ok);
    });
  });
}
