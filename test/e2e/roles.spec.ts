// Issue 8, item 12: the UI is role-aware. Each role — member, org admin, an org key used as
// the credential (the super admin is every other spec's local owner) — opens a remote
// profile against a real `keywarden serve` with its own key, sees what it may do and
// nothing that can only fail FORBIDDEN; a member completes rule 2's self-service flow.
// Over ~300 lines on purpose: the roles share one served world seeded once in beforeAll; split,
// each file would seed and serve its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { closeRotation, expect, keyRow, screenshot, test } from './fixtures';
import {
  NOT_PRIVATE_REASON,
  PRIVATE_KEYRING,
  PortTakenError,
  initCore,
  coreCall,
  startCore,
  type CoreServer,
  type InitResult,
} from './support-core';
import { forgetCredentials, openRemoteAs } from './support-roles';

test.skip(!PRIVATE_KEYRING, NOT_PRIVATE_REASON);

const ORG = 'Self-service Co';
const MEMBER = 'member@selfservice.example';
const ADMIN = 'admin@selfservice.example';
const ROOT = 'root@example.com';

let dir = '';
let server: CoreServer | null = null;
let root: InitResult;
let orgId = 0;
const keys: Record<'member' | 'admin' | 'orgKey' | 'root', { apiKey: string; id: number }> = {} as never;

const http = (method: string, p: string, body?: unknown, key = root.apiKey): Promise<any> =>
  coreCall(server!.url, key, method, p, body);

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-roles-e2e-'));
  const db = path.join(dir, 'core.db');
  root = initCore(db, { email: ROOT, org: 'Root Org' });
  server = await startCore(db);
  orgId = (await http('POST', '/user/orgs', { name: ORG, allowUserKeys: true })).id;
  const add = (email: string, role: string) =>
    http('POST', `/user/org/${orgId}/users`, { email, firstName: 'Test', lastName: role, role });
  const member = await add(MEMBER, 'member');
  const admin = await add(ADMIN, 'admin');
  const rootHere = await add(ROOT, 'admin');
  const mint = async (input: object) => {
    const k = await http('POST', '/user/apiKey', { scopes: ['ui', 'rest'], ...input });
    return { apiKey: k.apiKey as string, id: k.id as number };
  };
  keys.member = await mint({ orgUserId: member.id, name: 'member credential' });
  keys.admin = await mint({ orgUserId: admin.id, name: 'admin credential' });
  keys.orgKey = await mint({ orgId, kind: 'org', name: 'site credential' });
  keys.root = await mint({ orgUserId: rootHere.id, name: 'root key in the org' });
});

test.afterAll(async () => {
  await server?.stop();
  server = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.afterEach(forgetCredentials);

/** A remote profile whose credential is this role's key, opened; the page reloaded on it. */
async function openAs(
  app: Page,
  call: <T = any>(op: string, payload?: unknown) => Promise<T>,
  installId: string,
  name: string,
  credential: string,
) {
  await openRemoteAs(app, call, installId, { url: server!.url, name, credential });
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(ORG);
}

const tabs = (app: Page) => app.getByRole('navigation', { name: 'Org sections' }).getByRole('button');

async function closeOneTime(app: Page) {
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Copy', exact: true }).click();
  await modal.getByRole('button', { name: 'Done' }).click();
  await expect(modal).toHaveCount(0);
}

test('rule 2: a member creates, disables, enables, rolls and deletes their own key, and sees no admin tabs or actions', async ({
  app,
  call,
  harness,
}) => {
  await openAs(app, call, harness.services.installId, 'as member', keys.member.apiKey);
  await expect(tabs(app)).toHaveText(['Keys', 'Settings']);
  // docs/policies-and-labels.md: a member reads the org's key policy and changes nothing.
  await tabs(app).filter({ hasText: 'Settings' }).click();
  await expect(app.getByTestId('policy-readonly')).toContainText('Only the org’s admins change the policy');
  await expect(app.getByTestId('policy-editor')).toHaveCount(0);
  await expect(app.getByLabel('Name')).toHaveCount(0);
  await tabs(app).filter({ hasText: 'Keys' }).click();
  await expect(app.getByTestId('whoami')).toContainText(MEMBER);
  await expect(app.getByTestId('whoami')).toContainText('member');
  await expect(app.getByRole('button', { name: 'New org' })).toHaveCount(0);
  await expect(app.getByLabel('Owner')).toHaveCount(0);
  await expect(keyRow(app, 'member credential')).toContainText(MEMBER);

  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  const owner = dialog.getByLabel('Belongs to');
  await expect(owner.locator('option')).toHaveText([`${MEMBER} (you, member)`]);
  await expect(dialog.getByText('Can impersonate users')).toHaveCount(0);
  await dialog.getByLabel('Name').fill('my laptop');
  await expect(dialog.getByTestId('create-key-why')).toHaveText('');
  await screenshot(app, 'member-new-key');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await closeOneTime(app);

  await keyRow(app, 'my laptop').click();
  const details = app.getByTestId('key-details');
  await expect(details.getByRole('button', { name: 'Audit entries' })).toHaveCount(0);
  await details.getByRole('button', { name: 'Disable' }).click();
  await expect(keyRow(app, 'my laptop')).toContainText('Disabled');
  await details.getByRole('button', { name: 'Enable' }).click();
  await expect(keyRow(app, 'my laptop')).toContainText('Enabled');
  await details.getByRole('button', { name: 'Roll…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Roll key' }).click();
  await closeOneTime(app);
  await closeRotation(app);
  await app.getByTestId('status-filter').selectOption('enabled');
  // The filtered list comes back from main; wait for it so the click lands on the new key, not the rolled one.
  await expect(keyRow(app, 'my laptop')).toHaveCount(1);
  await keyRow(app, 'my laptop').click();
  await details.getByRole('button', { name: 'Delete…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete key' }).click();
  await expect(keyRow(app, 'my laptop')).toHaveCount(0);

  // Nothing the member was offered failed.
  await expect(app.locator('.toast-error')).toHaveCount(0);
  const mine = await http('GET', `/user/apiKey?orgId=${orgId}&includeRevoked=true`, undefined, keys.member.apiKey);
  expect(mine.items.filter((k: { name: string }) => k.name === 'my laptop')).toHaveLength(2);

  // A key of theirs that an admin disabled: the member may not enable it again, so it is not offered.
  const other = await http('POST', '/user/apiKey', { orgUserId: mine.items[0].orgUserId, name: 'admin paused' });
  await http('PATCH', `/user/apiKey/${other.id}`, { status: 'disabled' });
  await app.getByTestId('status-filter').selectOption('live');
  await app.getByRole('button', { name: 'Refresh' }).click();
  await keyRow(app, 'admin paused').click();
  await expect(details.getByRole('button', { name: 'Enable' })).toHaveCount(0);
  await expect(details.getByTestId('admin-disabled-note')).toBeVisible();
});

test('rule 2: with “Members may manage their own keys” off, a member is offered nothing that would fail', async ({
  app,
  call,
  harness,
}) => {
  await http('PATCH', `/user/orgs/${orgId}`, { allowUserKeys: false });
  try {
    await openAs(app, call, harness.services.installId, 'as member (locked)', keys.member.apiKey);
    await expect(app.getByRole('button', { name: 'New key…' })).toHaveCount(0);
    await expect(app.getByTestId('member-note')).toBeVisible();
    await keyRow(app, 'member credential').click();
    const details = app.getByTestId('key-details');
    for (const name of ['Edit…', 'Disable', 'Delete…', 'Roll…', 'Audit entries'])
      await expect(details.getByRole('button', { name })).toHaveCount(0);
  } finally {
    await http('PATCH', `/user/orgs/${orgId}`, { allowUserKeys: true });
  }
});

test('rule 17: an org admin sees every admin view but no action on the super admin', async ({ app, call, harness }) => {
  await openAs(app, call, harness.services.installId, 'as admin', keys.admin.apiKey);
  await expect(tabs(app)).toHaveText(['Keys', 'Members', 'Settings', 'Audit log']);
  await expect(app.getByTestId('whoami')).toContainText('admin');

  await keyRow(app, 'root key in the org').click();
  const details = app.getByTestId('key-details');
  await expect(details.getByRole('button', { name: 'Audit entries' })).toBeVisible();
  for (const name of ['Edit…', 'Disable', 'Delete…', 'Roll…'])
    await expect(details.getByRole('button', { name })).toHaveCount(0);
  await details.getByRole('button', { name: 'Close details' }).click();

  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expect(dialog.getByLabel('Belongs to').locator('option', { hasText: ROOT })).toHaveCount(0);
  await expect(dialog.getByLabel('Belongs to').locator('option', { hasText: MEMBER })).toHaveCount(1);
  await expect(dialog.getByText('Can impersonate users')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await tabs(app).filter({ hasText: 'Members' }).click();
  const rootRow = app.getByRole('row').filter({ hasText: ROOT });
  await expect(rootRow).toBeVisible();
  await expect(rootRow.getByRole('button', { name: `Remove ${ROOT}` })).toHaveCount(0);
  await expect(rootRow.getByRole('button', { name: /Deactivate/ })).toHaveCount(0);
  await expect(rootRow.getByLabel(`Role of ${ROOT}`)).toBeDisabled();
  await expect(app.getByRole('button', { name: /Disable user/ })).toHaveCount(0);
  await expect(
    app
      .getByRole('row')
      .filter({ hasText: MEMBER })
      .getByRole('button', { name: `Remove ${MEMBER}` }),
  ).toBeVisible();
  await screenshot(app, 'org-admin-members');
  await expect(app.locator('.toast-error')).toHaveCount(0);
});

test('an org key as the credential acts as an admin of its org, with no user and no impersonation', async ({
  app,
  call,
  harness,
}) => {
  await openAs(app, call, harness.services.installId, 'as org key', keys.orgKey.apiKey);
  await expect(tabs(app)).toHaveText(['Keys', 'Members', 'Settings', 'Audit log']);
  await expect(app.getByTestId('whoami')).toContainText(`org key ${keys.orgKey.apiKey.slice(0, 12)}…`);
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expect(dialog.getByLabel('Belongs to').locator('option', { hasText: 'Org-wide key' })).toHaveCount(1);
  await expect(dialog.getByText('Can impersonate users')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await tabs(app).filter({ hasText: 'Audit log' }).click();
  await expect(app.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
  await expect(app.locator('.toast-error')).toHaveCount(0);
  await expect(app.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test('issue 8 item 15: disabling or deleting the open profile’s own credential warns and names the lock-out', async ({
  app,
  call,
  harness,
}) => {
  await openAs(app, call, harness.services.installId, 'as admin (self)', keys.admin.apiKey);
  await keyRow(app, 'admin credential').click();
  const details = app.getByTestId('key-details');
  const confirm = app.getByTestId('confirm-dialog');
  // A sandbox disables without asking, except this key.
  await details.getByRole('button', { name: 'Disable' }).click();
  await expect(confirm).toContainText('This is the key profile “as admin (self)” signs in with.');
  await expect(confirm).toContainText('locks this profile out');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await details.getByRole('button', { name: 'Delete…' }).click();
  await expect(confirm).toContainText('locks this profile out for good');
  await expect(confirm.getByRole('button', { name: 'Delete and lock this profile out' })).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  // Nothing happened: the credential still works.
  expect((await http('GET', '/user/users/me', undefined, keys.admin.apiKey)).email).toBe(ADMIN);
  // Another key disables with no dialog in a sandbox.
  await keyRow(app, 'member credential').click();
  await details.getByRole('button', { name: 'Disable' }).click();
  await expect(keyRow(app, 'member credential')).toContainText('Disabled');
  await expect(confirm).toHaveCount(0);
  await details.getByRole('button', { name: 'Enable' }).click();
  await expect(keyRow(app, 'member credential')).toContainText('Enabled');
});

/**
 * Stops the shared server, runs `down` while it is stopped and starts it again on the same
 * port. False when that port was taken meanwhile: the server then runs on another port, so
 * the tests after this one still have one.
 */
async function outage(down: () => Promise<void>): Promise<boolean> {
  const db = path.join(dir, 'core.db');
  const { port } = server!;
  await server!.stop();
  server = null;
  await down();
  try {
    server = await startCore(db, port);
    return true;
  } catch (e) {
    if (!(e instanceof PortTakenError)) throw e;
    server = await startCore(db);
    test.info().annotations.push({ type: 'skipped part', description: `port ${port} was taken after the stop` });
    return false;
  }
}

// Last in this file: these stop the shared server and start it again.
test('issue 8 item 17: the members view recovers by itself when the server comes back', async ({
  app,
  call,
  harness,
}) => {
  await openAs(app, call, harness.services.installId, 'as admin (members outage)', keys.admin.apiKey);
  await tabs(app).filter({ hasText: 'Members' }).click();
  await expect(app.getByRole('row').filter({ hasText: MEMBER })).toBeVisible();
  // Someone joins elsewhere; only a read that succeeds after the outage can show them.
  const LATE = 'late@selfservice.example';
  await http('POST', `/user/org/${orgId}/users`, { email: LATE, firstName: 'Late', lastName: 'Joiner' });
  const alert = app.getByRole('main').getByRole('alert');
  const back = await outage(async () => {
    // Coming back to the view reads the members again, from a server that is gone.
    await tabs(app).filter({ hasText: 'Keys' }).click();
    await tabs(app).filter({ hasText: 'Members' }).click();
    await expect(alert).toContainText('(NETWORK)');
    await expect(app.getByTestId('members-retrying')).toBeVisible();
    await expect(app.getByRole('row').filter({ hasText: LATE })).toHaveCount(0);
  });
  if (!back) return;
  // No Refresh pressed: the next retry succeeds and the error goes.
  await expect(alert).toHaveCount(0, { timeout: 20_000 });
  await expect(app.getByTestId('members-retrying')).toHaveCount(0);
  await expect(app.getByRole('row').filter({ hasText: LATE })).toBeVisible();
});

test('issue 8 item 17: the audit view recovers by itself when the server comes back', async ({
  app,
  call,
  harness,
}) => {
  await openAs(app, call, harness.services.installId, 'as admin (audit outage)', keys.admin.apiKey);
  await tabs(app).filter({ hasText: 'Audit log' }).click();
  const events = app.getByTestId('audit-table').locator('tbody tr');
  await expect(events.first()).toBeVisible();
  const alert = app.getByRole('main').getByRole('alert');
  const back = await outage(async () => {
    await tabs(app).filter({ hasText: 'Keys' }).click();
    await tabs(app).filter({ hasText: 'Audit log' }).click();
    await expect(alert).toContainText('(NETWORK)');
    await expect(app.getByTestId('audit-retrying')).toBeVisible();
    // A failed read shows no events rather than stale ones.
    await expect(events).toHaveCount(0);
  });
  if (!back) return;
  await expect(alert).toHaveCount(0, { timeout: 20_000 });
  await expect(app.getByTestId('audit-retrying')).toHaveCount(0);
  await expect(events.first()).toBeVisible();
});

test('issue 8 item 17: the keys view recovers by itself when the server comes back', async ({ app, call, harness }) => {
  await openAs(app, call, harness.services.installId, 'as admin (outage)', keys.admin.apiKey);
  await expect(keyRow(app, 'admin credential')).toBeVisible();
  const alert = app.getByRole('main').getByRole('alert');
  const back = await outage(async () => {
    await app.getByRole('button', { name: 'Refresh' }).click();
    await expect(alert).toContainText('(NETWORK)');
    await expect(app.getByTestId('keys-retrying')).toBeVisible();
  });
  if (!back) return;
  // No Refresh pressed: the next retry succeeds and the error goes.
  await expect(alert).toHaveCount(0, { timeout: 20_000 });
  await expect(keyRow(app, 'admin credential')).toBeVisible();
});
