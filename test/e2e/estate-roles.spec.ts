// The estate (docs/estate.md) as each role meets it: three remote profiles on one real
// `keywarden serve`, signed in as a member, as an org admin and with an org key, beside the
// first-start local sandbox. The Overview counts only what each credential may see
// (docs/rules.md rule 13, checked against the seeded keys), the estate table lists only those
// keys, bulk actions are offered only on keys the credential may change (rules 2, 4, 17) and
// each one offered succeeds; offboarding offers nothing a role cannot do.
// Over ~300 lines on purpose: the roles share one served world seeded once in beforeAll; split,
// each file would seed and serve its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FINDING_CODES, type FindingCode } from '../../src/shared/findingCodes';
import { expectAccessible } from './axe';
import { expect, screenshot, test } from './fixtures';
import {
  NOT_PRIVATE_REASON,
  PRIVATE_KEYRING,
  initCore,
  coreCall,
  startCore,
  type CoreServer,
  type InitResult,
} from './support-core';
import { addRemoteProfile, estateRow, forgetCredentials, runEstateBulk, showEstateProfile } from './support-roles';

test.skip(!PRIVATE_KEYRING, NOT_PRIVATE_REASON);

const DAY = 24 * 3600 * 1000;
const ORG = 'Estate Roles Co';
const MEMBER = 'member@estate-roles.example';
const ADMIN = 'admin@estate-roles.example';
const LEAVER = 'leaver@estate-roles.example';
const ROOT = 'root@example.com';

let dir = '';
let server: CoreServer | null = null;
let root: InitResult;
let orgId = 0;
const ids: Record<string, number> = {};
const secrets: Record<'member' | 'admin' | 'orgKey', string> = {} as never;

const http = (method: string, p: string, body?: unknown, key = root.apiKey): Promise<any> =>
  coreCall(server!.url, key, method, p, body);

// What each credential may see, by key name, and the findings those keys have (a sandbox:
// no NO_EXPIRY; everything was made just now: nothing never-used, idle or due).
const MEMBER_SEES = ['member credential', 'member expiring'];
const ADMIN_SEES = [
  ...MEMBER_SEES,
  'admin credential',
  'site credential',
  'root impersonator',
  'leaver key',
  'spare key',
];
const expected = (names: string[]): Partial<Record<FindingCode, number>> => ({
  EXPIRING_SOON: names.includes('member expiring') ? 1 : 0,
  ORG_WIDE: names.includes('site credential') ? 1 : 0,
  CAN_IMPERSONATE: names.includes('root impersonator') ? 1 : 0,
});

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-estate-roles-e2e-'));
  const db = path.join(dir, 'core.db');
  root = initCore(db, { email: ROOT, org: 'Root Org' });
  server = await startCore(db);
  orgId = (await http('POST', '/user/orgs', { name: ORG, allowUserKeys: true })).id;
  const add = async (org: number, email: string, role: string) =>
    (await http('POST', `/user/org/${org}/users`, { email, firstName: 'Test', lastName: role, role })).id as number;
  const member = await add(orgId, MEMBER, 'member');
  const admin = await add(orgId, ADMIN, 'admin');
  const leaver = await add(orgId, LEAVER, 'member');
  const rootHere = await add(orgId, ROOT, 'admin');
  const mint = async (input: object) => {
    const k = await http('POST', '/user/apiKey', { scopes: ['ui', 'rest'], ...input });
    ids[k.name] = k.id;
    return k.apiKey as string;
  };
  secrets.member = await mint({ orgUserId: member, name: 'member credential' });
  await mint({
    orgUserId: member,
    name: 'member expiring',
    expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
  });
  secrets.admin = await mint({ orgUserId: admin, name: 'admin credential' });
  await mint({ orgUserId: admin, name: 'spare key' });
  secrets.orgKey = await mint({ orgId, kind: 'org', name: 'site credential' });
  await mint({ orgUserId: rootHere, name: 'root impersonator', canImpersonate: true });
  await mint({ orgUserId: leaver, name: 'leaver key' });

  // Another org none of the three may see: had it leaked, every count below would be off.
  const elsewhere = (await http('POST', '/user/orgs', { name: 'Elsewhere Co' })).id;
  const stranger = await add(elsewhere, 'stranger@elsewhere.example', 'member');
  await mint({ orgId: elsewhere, kind: 'org', name: 'elsewhere site' });
  await mint({ orgUserId: stranger, name: 'elsewhere imp', canImpersonate: true });
  await mint({
    orgUserId: stranger,
    name: 'elsewhere expiring',
    expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
  });
  await add(elsewhere, LEAVER, 'member');
});

test.afterAll(async () => {
  await server?.stop();
  server = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.afterEach(forgetCredentials);

type Call = <T = any>(op: string, payload?: unknown) => Promise<T>;

/** The three role profiles, next to the first-start sandbox; the app stays on the sandbox. */
async function addRoleProfiles(call: Call, installId: string): Promise<void> {
  for (const [name, credential] of [
    ['as member', secrets.member],
    ['as admin', secrets.admin],
    ['as org key', secrets.orgKey],
  ]) {
    await addRemoteProfile(call, installId, { url: server!.url, name, credential });
  }
}

/** A profile's row of the Overview's breakdown, code by code. */
async function shownCounts(app: Page, profile: string): Promise<Record<FindingCode, number>> {
  const cells = await app.getByTestId('overview').getByTestId(`profile-${profile}`).locator('td').allTextContents();
  // The first cell is the status; an empty cell is a zero.
  return Object.fromEntries(FINDING_CODES.map((c, i) => [c, Number(cells[i + 1] || 0)])) as Record<FindingCode, number>;
}

const row = (app: Page, profile: string, key: string) => estateRow(app, profile, ids[key]);

test('rule 13: the Overview and the estate table count and list only what each role’s credential may see', async ({
  app,
  call,
  harness,
}) => {
  await addRoleProfiles(call, harness.services.installId);
  await app.getByTestId('open-overview').click();
  const overview = app.getByTestId('overview');
  await overview.getByRole('button', { name: 'Refresh' }).click();
  for (const p of ['as member', 'as admin', 'as org key'])
    await expect(overview.getByTestId(`profile-${p}`).getByTestId('profile-status')).toHaveAttribute(
      'data-status',
      'ok',
    );

  const sees: Record<string, string[]> = {
    'as member': MEMBER_SEES,
    'as admin': ADMIN_SEES,
    'as org key': ADMIN_SEES,
  };
  for (const [profile, names] of Object.entries(sees)) {
    const counts = await shownCounts(app, profile);
    expect(counts, profile).toMatchObject(expected(names));
    for (const c of ['EXPIRED', 'IN_GRACE', 'NO_EXPIRY', 'ORPHANED', 'POLICY_VIOLATION'] as const)
      expect(counts[c], `${profile} ${c}`).toBe(0);
  }
  // Only the credential's own org is broken down under each role profile; Elsewhere Co never shows.
  await expect(overview.locator('tr.org-row', { hasText: 'Elsewhere Co' })).toHaveCount(0);
  // The totals are the sum of the four profiles: the sandbox's own plus the three above.
  const truth = await call('estateOverview', {});
  for (const c of FINDING_CODES)
    await expect(overview.getByTestId(`card-${c}`).locator('.finding-count')).toHaveText(String(truth.totals[c]));

  await overview.getByRole('button', { name: 'All keys' }).click();
  for (const [profile, names] of Object.entries(sees)) {
    await showEstateProfile(app, profile, names.length);
    for (const name of names) await expect(row(app, profile, name)).toBeVisible();
  }
  // A member's own keys name their owner, though the member list is not theirs to read.
  await showEstateProfile(app, 'as member', MEMBER_SEES.length);
  await expect(row(app, 'as member', 'member credential')).toContainText(MEMBER);
  await expect(app.locator('.toast-error')).toHaveCount(0);
});

test('rules 2 and 17: bulk actions are offered only on keys the credential may change, and each one offered succeeds', async ({
  app,
  call,
  harness,
}) => {
  await addRoleProfiles(call, harness.services.installId);
  await app.getByTestId('open-overview').click();
  await app.getByTestId('overview').getByRole('button', { name: 'All keys' }).click();

  // An org admin and an org key: every key of the org but the super admin's (rule 17).
  for (const profile of ['as admin', 'as org key']) {
    await showEstateProfile(app, profile, ADMIN_SEES.length);
    await expect(row(app, profile, 'root impersonator').getByRole('checkbox')).toHaveCount(0);
    await expect(row(app, profile, 'root impersonator').getByTestId('estate-readonly')).toBeVisible();
    await expect(row(app, profile, 'leaver key').getByRole('checkbox')).toBeEnabled();
  }
  await expectAccessible(app, 'estate table with read-only rows');
  // Issue 8 item 15 in the estate: the key a profile signs in with is named before it is disabled.
  await showEstateProfile(app, 'as admin', ADMIN_SEES.length);
  await row(app, 'as admin', 'admin credential').getByRole('checkbox').check();
  await app.getByTestId('estate-table-view').getByRole('button', { name: 'Disable', exact: true }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog).toContainText('the key profile “as admin” signs in with: this locks that profile out');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await row(app, 'as admin', 'admin credential').getByRole('checkbox').uncheck();
  expect((await http('GET', '/user/users/me', undefined, secrets.admin)).email).toBe(ADMIN);

  await row(app, 'as admin', 'spare key').getByRole('checkbox').check();
  await runEstateBulk(app, 'Disable');
  expect((await http('GET', `/user/apiKey/${ids['spare key']}`)).status).toBe('disabled');

  await showEstateProfile(app, 'as org key', ADMIN_SEES.length);
  await row(app, 'as org key', 'spare key').getByRole('checkbox').check();
  await runEstateBulk(app, 'Delete');
  expect((await http('GET', `/user/apiKey/${ids['spare key']}`)).revokedAt).not.toBeNull();

  // A member changes their own keys while the org allows it (rule 2).
  await showEstateProfile(app, 'as member', MEMBER_SEES.length);
  await row(app, 'as member', 'member expiring').getByRole('checkbox').check();
  await runEstateBulk(app, 'Disable');
  expect((await http('GET', `/user/apiKey/${ids['member expiring']}`)).status).toBe('disabled');

  // With the setting off, nothing of the member's can be changed, so nothing is offered.
  await http('PATCH', `/user/orgs/${orgId}`, { allowUserKeys: false });
  try {
    await app.getByRole('button', { name: '← Overview' }).click();
    await app.getByTestId('overview').getByRole('button', { name: 'Refresh' }).click();
    await expect(app.getByTestId('overview').getByRole('button', { name: 'Refresh' })).toBeEnabled();
    await app.getByTestId('overview').getByRole('button', { name: 'All keys' }).click();
    await showEstateProfile(app, 'as member', MEMBER_SEES.length);
    for (const name of MEMBER_SEES) {
      await expect(row(app, 'as member', name).getByRole('checkbox')).toHaveCount(0);
      await expect(row(app, 'as member', name).getByTestId('estate-readonly')).toBeVisible();
    }
  } finally {
    await http('PATCH', `/user/orgs/${orgId}`, { allowUserKeys: true });
  }
  await expect(app.locator('.toast-error')).toHaveCount(0);
});

test('offboarding: a member’s profile says it cannot offboard, a super admin is not offered to an org admin, and the run has no failure', async ({
  app,
  call,
  harness,
}) => {
  await addRoleProfiles(call, harness.services.installId);
  await app.getByTestId('open-overview').click();
  await app.getByTestId('overview').getByRole('button', { name: 'Offboard…' }).click();
  const preview = app.getByTestId('offboard-preview');

  // The super admin: found by the admin and org-key profiles, but only a super admin may offboard them.
  await app.getByLabel('Email').fill(ROOT);
  await app.getByRole('button', { name: 'Preview' }).click();
  for (const p of ['as admin', 'as org key'])
    await expect(preview.getByTestId(`offboard-profile-${p}`)).toContainText('only a super admin');
  await expect(app.getByRole('button', { name: 'Deactivate memberships and disable keys' })).toHaveCount(0);
  await expectAccessible(app, 'offboarding preview with memberships not offered');

  // The admin whose key the "as admin" profile signs in with: disabling their keys there would
  // lock that profile out before it could deactivate the membership. The org key may.
  await app.getByLabel('Email').fill(ADMIN);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(preview.getByTestId('offboard-profile-as admin')).toContainText('lock it out partway');
  await expect(preview.getByTestId('offboard-profile-as org key')).toContainText(ORG);
  await expect(preview.getByTestId('offboard-profile-as org key')).not.toContainText('Not offered');
  await screenshot(app, 'offboard-preview');

  await app.getByLabel('Email').fill(LEAVER);
  await app.getByRole('button', { name: 'Preview' }).click();
  await expect(preview.getByTestId('offboard-profile-as member')).toContainText('may not offboard');
  await expect(preview.getByTestId('offboard-profile-as admin')).toContainText(ORG);
  await app.getByRole('button', { name: 'Deactivate memberships and disable keys' }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Offboard' }).click();
  const results = app.getByTestId('offboard-results');
  await expect(results.locator('li').first()).toBeVisible();
  await expect(results.locator('li[data-state="failed"]')).toHaveCount(0);
  const members = await http('GET', `/user/org/${orgId}/users`);
  expect(members.items.find((m: any) => m.user.email === LEAVER).status).toBe('inactive');
  expect((await http('GET', `/user/apiKey/${ids['leaver key']}`)).status).toBe('disabled');
  await expect(app.locator('.toast-error')).toHaveCount(0);
});
