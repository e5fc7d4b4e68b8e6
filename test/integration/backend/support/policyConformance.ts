// docs/policies-and-labels.md through the Backend interface: the org key policy (read,
// replace, dry run, enforcement) and key labels with the `label` filter, with the same
// assertions on LocalBackend and on RemoteBackend over real HTTP.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../../src/shared/domain';
import type { ConformanceKit } from './findingsConformance';

const DAY = 24 * 3600 * 1000;
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const OPEN: Policy = {
  maxLifetimeDays: null,
  requireExpiry: false,
  maxGraceSeconds: null,
  allowedScopes: ['ui', 'rest', 'integration'],
  allowOrgKeys: true,
  allowImpersonation: true,
};

export function policyConformance(kit: ConformanceKit): void {
  const { person, newOrg, refused, remember } = kit;

  describe('org key policy (docs/policies-and-labels.md)', () => {
    it('members read it, admins and org keys replace it, a dry run counts breaking keys; others are refused', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id, 'member');
      expect(await member.backend.getPolicy(org.id)).toEqual(OPEN);
      await refused(member.backend.putPolicy(org.id, { ...OPEN, requireExpiry: true }), 'FORBIDDEN');
      await refused(member.backend.previewPolicy(org.id, OPEN), 'FORBIDDEN');
      // Two keys without expiry (admin's and member's) would break requireExpiry.
      expect(await admin.backend.previewPolicy(org.id, { ...OPEN, requireExpiry: true })).toEqual({
        orgId: org.id,
        violating: 2,
      });
      const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));
      const strict = { ...OPEN, maxLifetimeDays: 30, requireExpiry: true, allowOrgKeys: false };
      expect(await kit.world().as(site.apiKey).putPolicy(org.id, strict)).toEqual(strict);
      expect(await member.backend.getPolicy(org.id)).toEqual(strict);
      await refused(admin.backend.putPolicy(org.id, { ...OPEN, allowedScopes: [] }), 'BAD_REQUEST');
      await refused(admin.backend.putPolicy(org.id, { ...OPEN, maxLifetimeDays: 0 }), 'BAD_REQUEST');
      expect(await admin.backend.getPolicy(org.id)).toEqual(strict);
      const other = await newOrg();
      await refused(admin.backend.getPolicy(other.id), 'FORBIDDEN');
    });

    it('create, roll and PATCH expiresAt that break it are 400 POLICY_VIOLATION naming the setting', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const member = await person(org.id, 'member');
      const old = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'old' }));
      await admin.backend.putPolicy(org.id, { ...OPEN, maxLifetimeDays: 30, maxGraceSeconds: 60, allowOrgKeys: false });
      const e1 = await refused(
        admin.backend.createKey({ orgUserId: member.orgUserId, name: 'forever' }),
        'POLICY_VIOLATION',
      );
      expect(e1.message).toContain('maxLifetimeDays');
      const e2 = await refused(
        admin.backend.createKey({ orgId: org.id, kind: 'org', name: 's', expiresAt: inDays(1) }),
        'POLICY_VIOLATION',
      );
      expect(e2.message).toContain('allowOrgKeys');
      remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'ok', expiresAt: inDays(30) }));
      expect((await refused(admin.backend.rollKey(old.id, {}), 'POLICY_VIOLATION')).message).toContain(
        'maxLifetimeDays',
      );
      const e3 = await refused(
        admin.backend.rollKey(old.id, { expiresAt: inDays(1), gracePeriodSeconds: 61 }),
        'POLICY_VIOLATION',
      );
      expect(e3.message).toContain('maxGraceSeconds');
      const e4 = await refused(admin.backend.updateKey(old.id, { expiresAt: inDays(31) }), 'POLICY_VIOLATION');
      expect(e4.message).toContain('maxLifetimeDays');
      // The existing key is untouched, and a roll with a compliant expiry brings it into line.
      expect((await admin.backend.getKey(old.id)).expiresAt).toBeNull();
      const rolled = remember(await admin.backend.rollKey(old.id, { expiresAt: inDays(30), gracePeriodSeconds: 60 }));
      expect(rolled.expiresAt).not.toBeNull();
    });
  });

  describe('labels (docs/policies-and-labels.md)', () => {
    it('are set on create and PATCH (whole map), and the label filter matches one, two, or a key alone', async () => {
      const org = await newOrg();
      const admin = await person(org.id, 'admin');
      const mk = async (name: string, labels: Record<string, string>) =>
        remember(await admin.backend.createKey({ orgUserId: admin.orgUserId, name, labels }));
      const a = await mk('a', { team: 'payments', env: 'prod' });
      const b = await mk('b', { team: 'payments', env: 'dev' });
      await mk('c', { team: 'search' });
      const names = async (label: string[]) =>
        (await admin.backend.listKeys({ orgId: org.id, label })).items.map((k) => k.name).sort();
      expect(await names(['team:payments'])).toEqual(['a', 'b']);
      expect(await names(['team:payments', 'env:prod'])).toEqual(['a']);
      expect(await names(['env'])).toEqual(['a', 'b']);
      expect(a.labels).toEqual({ env: 'prod', team: 'payments' });
      expect((await admin.backend.updateKey(b.id, { labels: {} })).labels).toEqual({});
      expect(await names(['env'])).toEqual(['a']);
      const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
      await refused(admin.backend.updateKey(a.id, { labels: eleven }), 'BAD_REQUEST');
      await refused(admin.backend.listKeys({ orgId: org.id, label: ['Bad'] }), 'BAD_REQUEST');
      expect((await admin.backend.getKey(a.id)).labels).toEqual({ env: 'prod', team: 'payments' });
    });
  });
}
