// docs/estate.md through the Backend interface: GET /user/keyFindings and GET /user/apiKey's
// filters, with the same assertions on LocalBackend and on RemoteBackend over real HTTP.
// The remote server runs on the real clock, so these use findings that need no time
// travel; thresholds and their edges are tested in test/unit/engine/findings.test.ts.
import { describe, expect, it } from 'vitest';
import type { CreateKeyInput, CreatedKey, Org, Role } from '../../../../src/shared/domain';
import type { KeywardenError, ErrorCode } from '../../../../src/shared/errors';
import { FINDING_CODES } from '../../../../src/shared/findings';
import type { BackendWorld, Person } from './conformance';

export interface ConformanceKit {
  world(): BackendWorld;
  person(orgId: number, role?: Role, key?: Partial<CreateKeyInput>): Promise<Person>;
  newOrg(allowUserKeys?: boolean): Promise<Org>;
  refused(p: Promise<unknown>, code: ErrorCode): Promise<KeywardenError>;
  remember<K extends CreatedKey>(k: K): K;
}

const DAY = 24 * 3600 * 1000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

export function findingsConformance(kit: ConformanceKit): void {
  const { person, newOrg, refused, remember } = kit;

  describe('key findings (docs/estate.md)', () => {
    it('an admin gets every code counted (0 included) and the keys with findings, per finding', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id, 'member');
      const leaver = await person(org.id, 'member');
      const soon = remember(
        await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'soon', expiresAt: inDays(3) }),
      );
      const later = remember(
        await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'later', expiresAt: inDays(30) }),
      );
      const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));
      const imp = remember(
        await kit.world().superAdmin.createKey({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }),
      );
      const rolled = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'rolled' }));
      await admin.backend.rollKey(rolled.id, { gracePeriodSeconds: 3600 });
      await admin.backend.updateMember(org.id, leaver.userId, { status: 'inactive' });

      const all = await admin.backend.keyFindings({ orgId: org.id });
      expect(Object.keys(all.counts).sort()).toEqual([...FINDING_CODES].sort());
      expect(all.orgId).toBe(org.id);
      const byId = new Map(all.items.map((i) => [i.key.id, i.findings]));
      expect(byId.get(soon.id)).toEqual(['EXPIRING_SOON']);
      expect(byId.has(later.id)).toBe(false);
      expect(byId.get(site.id)).toEqual(['ORG_WIDE']);
      expect(byId.get(imp.id)).toEqual(['CAN_IMPERSONATE']);
      expect(byId.get(rolled.id)).toEqual(['IN_GRACE']);
      expect(byId.get(leaver.key.id)).toEqual(['ORPHANED']);
      expect(all.counts).toMatchObject({
        EXPIRING_SOON: 1,
        ORG_WIDE: 1,
        CAN_IMPERSONATE: 1,
        IN_GRACE: 1,
        ORPHANED: 1,
        EXPIRED: 0,
        NO_EXPIRY: 0,
        POLICY_VIOLATION: 0,
      });
      expect(all.items.find((i) => i.key.id === site.id)?.key).toEqual(await admin.backend.getKey(site.id));

      // code narrows the items; thresholds move the edge; limit and cursor page.
      const orgWide = await admin.backend.keyFindings({ orgId: org.id, code: 'ORG_WIDE' });
      expect(orgWide.items.map((i) => i.key.id)).toEqual([site.id]);
      expect(orgWide.counts).toEqual(all.counts);
      const wide = await admin.backend.keyFindings({ orgId: org.id, code: 'EXPIRING_SOON', expiringDays: 31 });
      expect(wide.items.map((i) => i.key.id).sort((a, b) => a - b)).toEqual([soon.id, later.id]);
      const first = await admin.backend.keyFindings({ orgId: org.id, limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await admin.backend.keyFindings({ orgId: org.id, limit: 100, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((i) => i.key.id)).toEqual(all.items.map((i) => i.key.id));
    });

    it("a member gets only their own keys' findings (rule 13); another org's admin is refused", async () => {
      const org = await newOrg(true);
      const admin = await person(org.id, 'admin');
      const member = await person(org.id, 'member');
      remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));
      remember(await admin.backend.createKey({ orgUserId: admin.orgUserId, name: 'soon', expiresAt: inDays(1) }));
      const mine = remember(
        await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'mine', expiresAt: inDays(2) }),
      );
      const seen = await member.backend.keyFindings({ orgId: org.id });
      expect(seen.items.map((i) => i.key.id)).toEqual([mine.id]);
      expect(seen.counts).toMatchObject({ ORG_WIDE: 0, EXPIRING_SOON: 1 });
      const outsider = await person((await newOrg()).id, 'admin');
      await refused(outsider.backend.keyFindings({ orgId: org.id }), 'FORBIDDEN');
      await refused(kit.world().superAdmin.keyFindings({ orgId: 999_999_999 }), 'NOT_FOUND');
    });
  });

  describe('key list filters (docs/estate.md)', () => {
    it('q, status, kind, expiresBefore, lastUsedBefore and neverUsed narrow the list on the server', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id, 'member');
      const mk = async (input: Partial<CreateKeyInput> & { name: string }) =>
        remember(await admin.backend.createKey({ orgUserId: member.orgUserId, ...input } as CreateKeyInput));
      const pay = await mk({ name: 'Payments Ünïcode', expiresAt: inDays(2) });
      const off = await mk({ name: 'switched off' });
      await admin.backend.updateKey(off.id, { status: 'disabled' });
      const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'Site wide' }));
      const old = await mk({ name: 'old one' });
      await admin.backend.rollKey(old.id, { gracePeriodSeconds: 0 });
      await kit.world().as(pay.apiKey).whoami();

      const names = async (q: Record<string, unknown>) =>
        (await admin.backend.listKeys({ orgId: org.id, limit: 1000, ...q })).items.map((k) => k.name).sort();
      expect(await names({ q: 'üNÏ' })).toEqual(['Payments Ünïcode']);
      expect(await names({ q: site.start })).toEqual(['Site wide']);
      expect(await names({ status: 'disabled' })).toEqual(['switched off']);
      expect(await names({ status: 'expired' })).toEqual(['old one']);
      expect(await names({ status: 'enabled' })).not.toContain('switched off');
      expect(await names({ kind: 'org' })).toEqual(['Site wide']);
      expect(await names({ expiresBefore: inDays(3) })).toEqual(['Payments Ünïcode', 'old one']);
      expect(await names({ lastUsedBefore: inDays(1) })).toContain('Payments Ünïcode');
      expect(await names({ neverUsed: true })).not.toContain('Payments Ünïcode');
      expect(await names({ neverUsed: true })).toContain('Site wide');
      expect(await names({ kind: 'user', q: 'PAY', status: 'enabled' })).toEqual(['Payments Ünïcode']);
      // A member's list is their own keys, filters or not.
      const own = await member.backend.listKeys({ orgId: org.id, q: 'e' });
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.every((k) => k.orgUserId === member.orgUserId)).toBe(true);
      expect((await member.backend.listKeys({ orgId: org.id, kind: 'org' })).items).toEqual([]);
    });

    it('a bad filter is a 400 naming it', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const e = await refused(
        admin.backend.listKeys({ orgId: org.id, expiresBefore: 'tomorrow' } as never),
        'BAD_REQUEST',
      );
      expect(e.message).toContain('expiresBefore');
      const f = await refused(admin.backend.keyFindings({ orgId: org.id, idleDays: 0 } as never), 'BAD_REQUEST');
      expect(f.message).toContain('idleDays');
    });
  });
}
