// The estate in the browser through the harness (docs/estate.md): four profiles — the
// first-start local sandbox, a local production profile, a remote profile on a real
// `keywarden serve`, and one whose server is down. Counts against the seeded data, the
// down profile's status, a bulk disable across two profiles (production typed), an
// offboarding across three profiles, the CSV export; and, on a manual clock, a notification
// recorded once for a key 7 days from expiry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RemoteBackend } from '../../src/main/backend/remote';
import { closedPort } from '../integration/backend/support/faultServer';
import { expect, screenshot, test } from './fixtures';
import { initCore, startCore, type CoreServer } from './support-core';

const DAY = 24 * 3600 * 1000;
const ALICE = 'alice.estate@example.com';

let dir = '';
let server: CoreServer | null = null;
let ownerKey = '';

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-estate-e2e-'));
  const db = path.join(dir, 'core.db');
  ownerKey = initCore(db, { email: 'owner@example.com', org: 'Remote Org' }).apiKey;
  server = await startCore(db);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('estate: Overview over four profiles, bulk disable across two, offboarding across three, CSV', async ({
  app,
  call,
}) => {
  test.setTimeout(120_000);
  // -- seed: the demo sandbox exists; add alice there, a production profile, the remote, a down one
  const demo = (await call('listProfiles')).profiles[0];
  const [demoOrg] = await call('listOrgs');
  const demoAlice = await call('addMember', {
    orgId: demoOrg.id,
    member: { email: ALICE, firstName: 'Alice', lastName: 'Estate' },
  });
  const demoKey = (await call('createKey', { orgUserId: demoAlice.id, name: 'alice demo key' })).key;

  const prod = await call('createProfile', { backend: 'local', name: 'Prod local', environment: 'production' });
  await call('switchProfile', { id: prod.id });
  const [prodOrg] = await call('listOrgs');
  const prodAlice = await call('addMember', {
    orgId: prodOrg.id,
    member: { email: ALICE, firstName: 'Alice', lastName: 'Estate' },
  });
  await call('createKey', {
    orgUserId: prodAlice.id,
    name: 'alice seven days',
    expiresAt: new Date(Date.now() + 7 * DAY - 60_000).toISOString(),
  });
  const prodSite = (await call('createKey', { orgId: prodOrg.id, kind: 'org', name: 'prod site-wide' })).key;

  const remote = new RemoteBackend({ url: server!.url, environment: 'sandbox' }, ownerKey);
  const [rOrg] = (await remote.listOrgs()).items;
  const rAlice = await remote.addMember(rOrg.id, { email: ALICE, firstName: 'Alice', lastName: 'Estate' });
  const rKey = await remote.createKey({ orgUserId: rAlice.id, name: 'alice remote imp', canImpersonate: true });
  await remote.close();
  const remoteProfile = await call('createProfile', {
    backend: 'remote',
    name: 'Remote serve',
    environment: 'sandbox',
    url: server!.url,
    credential: ownerKey,
  });
  const down = await call('createProfile', {
    backend: 'remote',
    name: 'Down server',
    environment: 'sandbox',
    url: `http://127.0.0.1:${await closedPort()}`,
    credential: ownerKey,
  });
  await call('switchProfile', { id: demo.id });

  // What the services say is the truth the screen must show.
  const truth = await call('estateOverview', { refresh: true });
  const remoteTruth = truth.profiles.find((p: any) => p.id === remoteProfile.id);
  expect(remoteTruth.counts.CAN_IMPERSONATE).toBe(1);
  expect(truth.profiles.find((p: any) => p.id === prod.id).counts).toMatchObject({ NO_EXPIRY: 1, ORG_WIDE: 1 });

  // -- Overview
  await app.getByTestId('open-overview').click();
  const overview = app.getByTestId('overview');
  await expect(overview.getByTestId('card-CAN_IMPERSONATE').locator('.finding-count')).toHaveText(
    String(truth.totals.CAN_IMPERSONATE),
  );
  await expect(overview.getByTestId('card-NO_EXPIRY').locator('.finding-count')).toHaveText(
    String(truth.totals.NO_EXPIRY),
  );
  await expect(overview.getByTestId('card-ORG_WIDE').locator('.finding-count')).toHaveText(
    String(truth.totals.ORG_WIDE),
  );
  await expect(overview.getByTestId('profile-Down server').getByTestId('profile-status')).toHaveAttribute(
    'data-status',
    'unreachable',
  );
  for (const name of [demo.name, 'Prod local', 'Remote serve'])
    await expect(overview.getByTestId(`profile-${name}`).getByTestId('profile-status')).toHaveAttribute(
      'data-status',
      'ok',
    );
  // Every finding's column is in view at the default window size: the matrix does not scroll.
  const matrix = overview.getByRole('region', { name: 'Findings by profile and org' });
  const overflow = await matrix.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(app, 'estate-overview', { fullPage: true });

  // -- a card opens the estate table filtered to it
  await overview.getByTestId('card-ORG_WIDE').click();
  await expect(app.getByTestId('estate-total')).toHaveText(`${truth.totals.ORG_WIDE} keys`);
  await app.getByTestId('filter-finding').selectOption('');
  await expect(app.getByTestId('estate-rows')).toBeVisible();
  await screenshot(app, 'estate-table');

  // -- bulk disable across two profiles: the demo's alice key and the production org key
  await app.getByLabel('Search').fill('alice demo key');
  await app.getByTestId(`estate-row-${demo.name}-${demoKey.id}`).getByRole('checkbox').check();
  await app.getByLabel('Search').fill('prod site-wide');
  await app.getByTestId(`estate-row-Prod local-${prodSite.id}`).getByRole('checkbox').check();
  await expect(app.getByTestId('estate-selected')).toHaveText('2 selected');
  await app.getByRole('button', { name: 'Disable', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByRole('textbox').fill('Prod local');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(app.getByTestId('estate-bulk-result')).toHaveText('2 done, 0 failed');
  await call('switchProfile', { id: prod.id });
  expect((await call('listKeys', { orgId: prodOrg.id, q: 'prod site-wide' })).items[0].status).toBe('disabled');
  await call('switchProfile', { id: demo.id });

  // -- CSV export of the inventory
  await app.getByLabel('Search').fill('');
  const everything = (await call('estateKeys', { limit: 1 })).total;
  await expect(app.getByTestId('estate-total')).toHaveText(`${everything} keys`);
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('profile,environment,org,keyId');
  expect(csv).toContain('alice remote imp');
  expect(csv).not.toMatch(/kw_(test|live)_[0-9A-Za-z]{33}/);

  // -- offboard alice across three profiles
  await app.getByRole('button', { name: '← Overview' }).click();
  await app.getByRole('button', { name: 'Offboard…' }).click();
  await app.getByLabel('Email').fill(ALICE);
  await app.getByRole('button', { name: 'Preview' }).click();
  const preview = app.getByTestId('offboard-preview');
  await expect(preview).toContainText('3 memberships in 3 profiles');
  await app.getByRole('button', { name: 'Deactivate memberships and disable keys' }).click();
  await app.getByRole('dialog').getByRole('textbox').fill(ALICE);
  await app.getByRole('dialog').getByRole('button', { name: 'Offboard' }).click();
  const results = app.getByTestId('offboard-results');
  await expect(results.locator('li[data-state="failed"]')).toHaveCount(0);
  await expect(results.locator('li', { hasText: 'membership' })).toHaveCount(3);
  const after = await call('offboardPreview', { email: ALICE });
  for (const p of after.profiles) for (const m of p.memberships) expect(m.status).toBe('inactive');
  expect(after.profiles.find((p: any) => p.profileId === down.id).status).toBe('unreachable');
  void rKey;
});

// The estate's clock in the harness: the check runs when the test says, at the time it says.
const clock = { t: Date.now(), now: () => clock.t };
const HOUR = 3600 * 1000;

test.describe('expiry notifications on a manual clock', () => {
  test.use({ harnessOptions: { now: () => clock.now() } });

  test('a notification recorded for a key 7 days from expiry, only once', async ({ call, harness }) => {
    clock.t = Date.now();
    const profileId = (await call('listProfiles')).profiles[0].id;
    const [org] = await call('listOrgs');
    const key = (
      await call('createKey', {
        orgId: org.id,
        kind: 'org',
        name: 'twenty days left',
        expiresAt: new Date(clock.t + 20 * DAY).toISOString(),
      })
    ).key;
    const recorded = () => harness.notifications.filter((n) => n.profileId === profileId && n.keyId === key.id);
    const check = () => harness.services.estate.notifications.runOnce();

    // Twenty days out: past no threshold (14, 7, 1), so nothing.
    await check();
    expect(recorded()).toEqual([]);

    // Thirteen days and a minute later it is a minute inside 7 days: the nearest threshold
    // crossed is told (14 is passed over, not told late).
    clock.t += 13 * DAY + 60_000;
    await check();
    expect(recorded().map((n) => [n.threshold, n.title, n.at])).toEqual([
      [7, 'Key expires in 7 days: twenty days left', new Date(clock.t).toISOString()],
    ]);

    // Checked again, now and an hour later: still that one notification.
    await check();
    clock.t += HOUR;
    await check();
    expect(recorded()).toHaveLength(1);
  });
});
