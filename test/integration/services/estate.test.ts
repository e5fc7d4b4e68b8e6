// The estate (docs/estate.md "In the app") through the real main-process services: two local
// profiles (sandbox and production), a remote profile on a real `keywarden serve`, one
// whose server is down, one that never answers, one whose credential is refused and one
// whose keychain entry is gone. Seeded through the same IPC operations and HTTP API the
// app uses; every count below is what that seeding must produce.
// Over ~300 lines on purpose: every test reads the one world of profiles seeded once in
// beforeAll.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteBackend } from '../../../src/main/backend/remote';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';
import { CREDENTIALS_SERVICE, credentialAccount } from '../../../src/main/secrets/types';
import { remoteAdapters } from '../../../src/main/shell/remote';
import type { KeyNotification } from '../../../src/main/services/estate/notifications';
import { formatKey } from '../../../src/shared/keyFormat';
import { closedPort } from '../backend/support/faultServer';
import { startCoreServer, type RunningServer } from '../backend/support/coreServer';
import { startTestApp, type TestApp } from '../../support/mainServices';

const DAY = 24 * 3600 * 1000;
const ALICE = 'alice@example.com';

let app: TestApp;
let core: RunningServer;
let stall: net.Server;
const shown: KeyNotification[] = [];
const clock = { t: Date.now() };
const ids: Record<string, number> = {};
const keys: Record<string, number> = {};

async function localProfile(name: string, environment: 'sandbox' | 'production') {
  const p = await app.call('createProfile', { backend: 'local', name, environment });
  await app.call('switchProfile', { id: p.id });
  const [org] = await app.call('listOrgs');
  const alice = await app.call('addMember', {
    orgId: org.id,
    member: { email: ALICE, firstName: 'Alice', lastName: 'Leaver' },
  });
  return { profile: p, org, alice };
}

beforeAll(async () => {
  app = await startTestApp({
    ...remoteAdapters({ retries: 0, timeoutMs: 5000 }),
    notify: { show: (n) => shown.push(n) },
    estate: { now: () => clock.t, remoteTimeLimitMs: 1500, startNotifications: false },
  });
  // The demo profile of the first start stays: it is part of the estate like any other.
  ids.demo = (await app.call('listProfiles')).profiles[0].id;

  const sandbox = await localProfile('Sandbox A', 'sandbox');
  ids.sandbox = sandbox.profile.id;
  keys.sandboxSoon = (
    await app.call('createKey', {
      orgUserId: sandbox.alice.id,
      name: 'alice soon',
      expiresAt: new Date(clock.t + 3 * DAY).toISOString(),
    })
  ).key.id;
  keys.sandboxSite = (
    await app.call('createKey', { orgId: sandbox.org.id, kind: 'org', name: '=HYPERLINK("x")' })
  ).key.id;

  const prod = await localProfile('Prod B', 'production');
  ids.prod = prod.profile.id;
  keys.prodAlice = (await app.call('createKey', { orgUserId: prod.alice.id, name: 'alice prod' })).key.id;
  keys.prodSeven = (
    await app.call('createKey', {
      orgUserId: prod.alice.id,
      name: 'seven days',
      expiresAt: new Date(clock.t + 7 * DAY - 60_000).toISOString(),
    })
  ).key.id;

  core = await startCoreServer();
  const remote = new RemoteBackend({ url: core.url, environment: 'sandbox' }, core.ownerKey);
  const [rOrg] = (await remote.listOrgs()).items;
  const rAlice = await remote.addMember(rOrg.id, { email: ALICE, firstName: 'Alice', lastName: 'Leaver' });
  keys.remoteImp = (await remote.createKey({ orgUserId: rAlice.id, name: 'alice imp', canImpersonate: true })).id;
  await remote.close();
  ids.remote = (
    await app.call('createProfile', {
      backend: 'remote',
      name: 'Remote C',
      environment: 'sandbox',
      url: core.url,
      credential: core.ownerKey,
    })
  ).id;

  ids.down = (
    await app.call('createProfile', {
      backend: 'remote',
      name: 'Down D',
      environment: 'sandbox',
      url: `http://127.0.0.1:${await closedPort()}`,
      credential: core.ownerKey,
    })
  ).id;

  stall = net.createServer(() => {});
  await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
  ids.stalled = (
    await app.call('createProfile', {
      backend: 'remote',
      name: 'Stalled E',
      environment: 'sandbox',
      url: `http://127.0.0.1:${(stall.address() as net.AddressInfo).port}`,
      credential: core.ownerKey,
    })
  ).id;

  ids.refused = (
    await app.call('createProfile', {
      backend: 'remote',
      name: 'Refused F',
      environment: 'sandbox',
      url: core.url,
      credential: formatKey('sandbox', randomBytes(20)),
    })
  ).id;

  ids.locked = (
    await app.call('createProfile', {
      backend: 'remote',
      name: 'Locked G',
      environment: 'sandbox',
      url: core.url,
      credential: core.ownerKey,
    })
  ).id;
  await createKeytarStore().delete(CREDENTIALS_SERVICE, credentialAccount(ids.locked, app.services.installId));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await core?.stop();
  stall?.close();
});

const profileOf = (overview: any, id: number) => overview.profiles.find((p: any) => p.id === id);

describe('the estate', () => {
  it('Overview: every profile with its own status; counts per profile, per org and in total', async () => {
    const o = await app.call('estateOverview', { refresh: true });
    expect(profileOf(o, ids.sandbox)).toMatchObject({ status: 'ok', environment: 'sandbox', backend: 'local' });
    expect(profileOf(o, ids.prod)).toMatchObject({ status: 'ok', environment: 'production' });
    expect(profileOf(o, ids.remote)).toMatchObject({ status: 'ok', backend: 'remote' });
    expect(profileOf(o, ids.down)).toMatchObject({ status: 'unreachable' });
    expect(profileOf(o, ids.stalled)).toMatchObject({ status: 'timedOut' });
    expect(profileOf(o, ids.refused)).toMatchObject({ status: 'credentialRefused' });
    expect(profileOf(o, ids.locked)).toMatchObject({ status: 'keychainLocked' });
    for (const bad of [ids.down, ids.stalled, ids.refused, ids.locked]) {
      expect(profileOf(o, bad).message).toEqual(expect.any(String));
      expect(profileOf(o, bad).message).not.toContain(core.ownerKey.slice(12));
    }

    expect(profileOf(o, ids.sandbox).counts).toMatchObject({ EXPIRING_SOON: 1, ORG_WIDE: 1, NO_EXPIRY: 0 });
    expect(profileOf(o, ids.prod).counts).toMatchObject({ NO_EXPIRY: 1, EXPIRING_SOON: 1, ORG_WIDE: 0 });
    expect(profileOf(o, ids.remote).counts).toMatchObject({ CAN_IMPERSONATE: 1, NO_EXPIRY: 0 });
    expect(profileOf(o, ids.remote).orgs).toHaveLength(1);
    expect(profileOf(o, ids.remote).orgs[0].counts).toEqual(profileOf(o, ids.remote).counts);
    for (const code of Object.keys(o.totals)) {
      expect(o.totals[code]).toBe(o.profiles.reduce((n: number, p: any) => n + p.counts[code], 0));
    }
  });

  it('estate table: pages from main, filtered by finding, profile, environment, org and owner, searched, sorted', async () => {
    const all = await app.call('estateKeys', { limit: 2 });
    expect(all.rows).toHaveLength(2);
    expect(all.total).toBeGreaterThan(5);

    const soon = await app.call('estateKeys', {
      filter: { finding: 'EXPIRING_SOON' },
      sort: { by: 'expiresAt', dir: 'asc' },
    });
    expect(soon.rows.map((r: any) => r.keyId)).toEqual(expect.arrayContaining([keys.sandboxSoon, keys.prodSeven]));
    expect(soon.rows.every((r: any) => r.findings.includes('EXPIRING_SOON'))).toBe(true);

    const alice = await app.call('estateKeys', { filter: { owner: 'ALICE@' }, sort: { by: 'profile', dir: 'asc' } });
    expect(new Set(alice.rows.map((r: any) => r.profileName))).toEqual(new Set(['Sandbox A', 'Prod B', 'Remote C']));
    expect(alice.rows.map((r: any) => r.profileName)).toEqual([...alice.rows.map((r: any) => r.profileName)].sort());

    const prod = await app.call('estateKeys', { filter: { environment: 'production' } });
    expect(prod.rows.every((r: any) => r.environment === 'production')).toBe(true);
    expect(prod.total).toBe(2);

    const remoteOnly = await app.call('estateKeys', { filter: { profileIds: [ids.remote], q: 'IMP' } });
    expect(remoteOnly.rows).toEqual([
      expect.objectContaining({ keyId: keys.remoteImp, ownerEmail: ALICE, findings: ['CAN_IMPERSONATE'], labels: {} }),
    ]);
    const org = remoteOnly.rows[0].orgId;
    const byOrg = await app.call('estateKeys', { filter: { orgs: [{ profileId: ids.remote, orgId: org }] } });
    expect(byOrg.rows.every((r: any) => r.profileId === ids.remote && r.orgId === org)).toBe(true);

    const page2 = await app.call('estateKeys', { sort: { by: 'name', dir: 'asc' }, offset: 2, limit: 2 });
    const first4 = await app.call('estateKeys', { sort: { by: 'name', dir: 'asc' }, limit: 4 });
    expect(page2.rows).toEqual(first4.rows.slice(2));
  });

  it('CSV export: the inventory, metadata only, formula-safe', async () => {
    const { csv, rows } = await app.call('estateExportCsv', { filter: { profileIds: [ids.sandbox] } });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'profile,environment,org,keyId,kind,name,start,owner,status,findings,lastUsedAt,expiresAt,createdAt,labels',
    );
    expect(lines).toHaveLength(rows + 1);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toMatch(/kw_test_[0-9A-Za-z]{33}/);
  });

  it('bulk disable across two profiles: production needs its name typed; a result per key', async () => {
    const items = [
      { profileId: ids.sandbox, keyId: keys.sandboxSite },
      { profileId: ids.prod, keyId: keys.prodAlice },
    ];
    const refused = await app.fail('estateBulk', { action: 'disable', items });
    expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refused.message).toContain('Prod B');
    const job = await app.call('estateBulk', { action: 'disable', items, confirm: ['Prod B'] });
    const done = await app.services.estate.bulk.settle(job.jobId);
    expect(done.results.map((r) => [r.profileId, r.keyId, r.state])).toEqual(
      expect.arrayContaining([
        [ids.sandbox, keys.sandboxSite, 'done'],
        [ids.prod, keys.prodAlice, 'done'],
      ]),
    );
    const after = await app.call('estateKeys', { filter: { profileIds: [ids.sandbox, ids.prod] } });
    for (const item of items) {
      expect(after.rows.find((r: any) => r.profileId === item.profileId && r.keyId === item.keyId).status).toBe(
        'disabled',
      );
    }
    const down = await app.call('estateBulk', { action: 'disable', items: [{ profileId: ids.down, keyId: 1 }] });
    const downDone = await app.services.estate.bulk.settle(down.jobId);
    expect(downDone.results[0]).toMatchObject({ state: 'failed', code: expect.any(String) });
  });

  it('notifications: a key 7 days from expiry is notified once, at the nearest threshold crossed; can be turned off', async () => {
    const n = app.services.estate.notifications;
    const first = await n.runOnce();
    const seven = first.filter((x) => x.keyId === keys.prodSeven);
    expect(seven).toHaveLength(1);
    expect(seven[0]).toMatchObject({ profileId: ids.prod, threshold: 7 });
    expect(shown.filter((x) => x.keyId === keys.prodSeven)).toHaveLength(1);
    // The 3-day sandbox key crossed 7 and 14: only the nearest is shown.
    expect(first.filter((x) => x.keyId === keys.sandboxSoon).map((x) => x.threshold)).toEqual([7]);
    expect(await n.runOnce()).toEqual([]);
    clock.t += 6 * DAY + 60_000;
    const later = await n.runOnce();
    expect(later.filter((x) => x.keyId === keys.prodSeven).map((x) => x.threshold)).toEqual([1]);
    expect((await app.call('estateOverview', {})).notificationCount).toBeGreaterThanOrEqual(3);
    await app.call('markNotificationsSeen');
    expect((await app.call('estateOverview', {})).notificationCount).toBe(0);
    await app.call('setNotificationSettings', { enabled: false, thresholds: [7] });
    clock.t += 30 * DAY;
    expect(await n.runOnce()).toEqual([]);
    await app.call('setNotificationSettings', { enabled: true, thresholds: [14, 7, 1] });
    clock.t -= 36 * DAY + 60_000;
  });

  it('notifications: a key in grace used in the last hour of its grace is "still in use", once', async () => {
    const remote = new RemoteBackend({ url: core.url, environment: 'sandbox' }, core.ownerKey);
    try {
      const [org] = (await remote.listOrgs()).items;
      const members = (await remote.listMembers(org.id)).items;
      const owner = members.find((m) => m.role === 'admin')!;
      const old = await remote.createKey({ orgUserId: owner.id, name: 'rolled, still used' });
      await remote.rollKey(old.id, { gracePeriodSeconds: 1800 });
      // The old key keeps being used in its grace, as a forgotten deployment would.
      const user = new RemoteBackend({ url: core.url, environment: 'sandbox' }, old.apiKey);
      await user.whoami();
      await user.close();
      const saved = clock.t;
      clock.t = Date.now();
      try {
        const n = app.services.estate.notifications;
        const first = await n.runOnce();
        expect(first.filter((x) => x.keyId === old.id)).toEqual([
          expect.objectContaining({
            profileId: ids.remote,
            threshold: 'inUse',
            title: expect.stringContaining('still in use'),
          }),
        ]);
        expect((await n.runOnce()).filter((x) => x.keyId === old.id)).toEqual([]);
      } finally {
        clock.t = saved;
      }
    } finally {
      await remote.close();
    }
  });

  it('offboard everywhere: one person across three profiles, previewed, then deactivated and disabled', async () => {
    const preview = await app.call('offboardPreview', { email: 'Alice@Example.com' });
    const found = preview.profiles.filter((p: any) => p.memberships.length > 0);
    expect(found.map((p: any) => p.profileName).sort()).toEqual(['Prod B', 'Remote C', 'Sandbox A']);
    expect(preview.profiles.find((p: any) => p.profileId === ids.down).status).toBe('unreachable');
    const refused = await app.fail('offboardRun', { email: ALICE });
    expect(refused.message).toContain(ALICE);
    const { results } = await app.call('offboardRun', { email: ALICE, confirm: ALICE });
    const memberships = results.filter((r: any) => r.target === 'membership');
    expect(memberships).toHaveLength(3);
    expect(memberships.every((r: any) => r.state === 'done')).toBe(true);
    expect(results.find((r: any) => r.id === keys.remoteImp && r.target === 'key').state).toBe('done');
    expect(results.find((r: any) => r.id === keys.prodAlice && r.target === 'key').state).toBe('skipped');
    const again = await app.call('offboardPreview', { email: ALICE });
    for (const p of again.profiles)
      for (const m of p.memberships) {
        expect(m.status).toBe('inactive');
        expect(m.keys.every((k: any) => k.status === 'disabled')).toBe(true);
      }
    const o = await app.call('estateOverview', {});
    expect(profileOf(o, ids.remote).counts.ORPHANED).toBe(1);
  });

  it('notifications sent are remembered across a restart of the app', async () => {
    const before = shown.length;
    await app.services.close();
    const { createMainServices } = await import('../../../src/main/app');
    const again = await createMainServices({
      dataDir: app.dataDir,
      secretStore: createKeytarStore(),
      clipboard: app.clipboard,
      ...remoteAdapters({ retries: 0, timeoutMs: 5000 }),
      notify: { show: (n) => shown.push(n) },
      estate: { now: () => clock.t, remoteTimeLimitMs: 1500, startNotifications: false },
    });
    try {
      const repeat = await again.estate.notifications.runOnce();
      expect(repeat.filter((x) => x.keyId === keys.prodSeven || x.keyId === keys.sandboxSoon)).toEqual([]);
      expect(shown.length).toBe(before);
    } finally {
      await again.close();
    }
  });
});
