// Issue 8, "done when": axe-core finds no serious or critical violation in any main view
// or dialog (WCAG 2.1 A and AA rules and axe's best practices).
import { expectAccessible } from './axe';
import { expect, keyRow, reloadToKeys, screenshot, test } from './fixtures';

// An axe pass takes seconds on a busy machine, and each test runs a dozen of them.
test.describe.configure({ timeout: 240_000 });

/** Enough keys (and so audit events) that the keys grid and the audit table scroll. */
async function manyKeys(call: <T = any>(op: string, payload?: unknown) => Promise<T>) {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  for (let i = 1; i <= 40; i++) {
    const k = await call<{ handle: string }>('createKey', { orgId: acme.id, kind: 'org', name: `Bulk ${i}` });
    await call('forgetSecret', { handle: k.handle });
  }
}

test('every main view passes axe (keys, details, members, settings, audit, check a key)', async ({ app, call }) => {
  await manyKeys(call);
  await reloadToKeys(app);
  await expect(keyRow(app, 'Bulk 40')).toBeVisible();
  await expectAccessible(app, 'keys');
  await keyRow(app, 'Bulk 40').click();
  await expect(app.getByTestId('key-details')).toBeVisible();
  await expectAccessible(app, 'key details');
  await app.getByTestId('key-details').getByRole('button', { name: 'Edit…' }).click();
  await expectAccessible(app, 'edit key form');
  await keyRow(app, 'Bulk 40').getByRole('checkbox').check();
  await expectAccessible(app, 'bulk bar');

  await app.getByRole('button', { name: 'Members' }).click();
  await expect(app.getByRole('row').filter({ hasText: 'grace@acme.example' })).toBeVisible();
  await expectAccessible(app, 'members');
  await app.getByRole('button', { name: 'Add member' }).click();
  await expectAccessible(app, 'add member form');

  await app.getByRole('button', { name: 'Settings' }).click();
  await expectAccessible(app, 'settings');

  await app.getByRole('button', { name: 'Audit log' }).click();
  await expect(app.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
  await expectAccessible(app, 'audit');

  await app.getByRole('button', { name: 'Check a key' }).first().click();
  await app.getByTestId('keycheck-input').fill('kw_test_nonsense');
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(app.getByTestId('keycheck-verdict')).toBeVisible();
  await expectAccessible(app, 'check a key');
});

test('every key dialog passes axe (new key, one-time key, confirm, bulk confirmation and progress)', async ({
  app,
}) => {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expectAccessible(app, 'new key dialog');
  await dialog.getByTestId('key-owner').selectOption({ label: 'Org-wide key (no user)' });
  await expectAccessible(app, 'new key dialog, org-wide warning');
  await dialog.getByLabel('Name').fill('a11y');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toBeVisible();
  await expectAccessible(app, 'one-time key');
  await modal.getByRole('button', { name: 'Copy', exact: true }).click();
  await modal.getByRole('button', { name: 'Done' }).click();

  await keyRow(app, 'CI deploy').click();
  await app.getByTestId('key-details').getByRole('button', { name: 'Delete…' }).click();
  await expect(app.getByTestId('confirm-dialog')).toBeVisible();
  await expectAccessible(app, 'confirm dialog');
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

  await app.getByLabel('Select all shown keys').check();
  await app.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
  await expect(app.getByTestId('confirm-dialog')).toBeVisible();
  await expectAccessible(app, 'bulk confirmation');
  await app
    .getByTestId('confirm-dialog')
    .getByRole('button', { name: /^Disable/ })
    .click();
  await expect(app.getByTestId('bulk-dialog')).toContainText('Finished');
  await expectAccessible(app, 'bulk progress');
  await app.getByTestId('bulk-dialog').getByRole('button', { name: 'Close' }).last().click();
});

test('the profile and org dialogs pass axe', async ({ app }) => {
  await app.getByRole('button', { name: 'Profiles…' }).click();
  const profiles = app.getByTestId('profiles-dialog');
  // The app's audit retention for local profiles (docs/usage-and-rotation.md) is part of the dialog.
  await expect(profiles.getByLabel('Keep per-call audit events for (days)')).toHaveValue('90');
  await expectAccessible(app, 'profiles');
  await screenshot(app, 'profiles-dialog');
  await profiles.getByRole('button', { name: 'New profile…' }).click();
  await expectAccessible(app, 'new profile form');
  await profiles.getByLabel('Remote Keywarden Core server').check();
  await expectAccessible(app, 'new remote profile form');
  await screenshot(app, 'profile-new-remote');
  await app.keyboard.press('Escape');
  await profiles.getByRole('button', { name: 'Edit…' }).first().click();
  await expectAccessible(app, 'edit profile form');
  await app.keyboard.press('Escape');
  await app.keyboard.press('Escape');

  await app.getByRole('button', { name: 'New org' }).click();
  await expectAccessible(app, 'new org dialog');
});

test('a production profile passes axe (banner, typed confirmation)', async ({ app, call }) => {
  await call('createProfile', { backend: 'local', name: 'Live', environment: 'production', demoData: true });
  const { profiles } = await call<{ profiles: { id: number; name: string }[] }>('listProfiles');
  await call('switchProfile', { id: profiles.find((p) => p.name === 'Live')!.id });
  await reloadToKeys(app);
  await expect(app.getByTestId('production-banner')).toBeVisible();
  await expect(keyRow(app, 'CI deploy')).toBeVisible();
  await expectAccessible(app, 'production keys');
  await keyRow(app, 'CI deploy').click();
  await app.getByTestId('key-details').getByRole('button', { name: 'Delete…' }).click();
  await expectAccessible(app, 'production typed confirmation');
});

test('the rotation view passes axe (docs/usage-and-rotation.md)', async ({ app, call }) => {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  for (const name of ['Rotating A', 'Rotating B']) {
    const k = await call<{ handle: string; key: { id: number } }>('createKey', { orgId: acme.id, kind: 'org', name });
    await call('forgetSecret', { handle: k.handle });
    const next = await call<{ handle: string }>('rollKey', { id: k.key.id, gracePeriodSeconds: 3600 });
    await call('forgetSecret', { handle: next.handle });
  }
  await app.reload();
  await app.getByTestId('card-IN_GRACE').click();
  const view = app.getByTestId('rotation-view');
  await expect(view.getByTestId('rotation-item').filter({ hasText: 'Rotating B' })).toBeVisible();
  await expect(view.getByRole('button', { name: 'Extend grace' }).first()).toBeVisible();
  await expectAccessible(app, 'rotation view');
});
