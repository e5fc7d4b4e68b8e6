// docs/desktop-app.md: production is unmistakable (colour, banner, window title) and destructive
// actions there need the target's name typed.
import type { Page } from '@playwright/test';
import { expect, keyRow, keysTable, screenshot, test } from './fixtures';

async function createProductionProfile(app: Page, name: string): Promise<void> {
  await app.getByRole('button', { name: 'Profiles…' }).click();
  const dialog = app.getByTestId('profiles-dialog');
  await dialog.getByRole('button', { name: 'New profile…' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Production').check();
  await dialog.getByLabel('Fill with demo data').check();
  await expect(dialog.getByText(/Production profiles manage live keys/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  await expect(app.getByTestId('production-banner')).toBeVisible();
  // Back on the list of profiles once creating and switching are done.
  await expect(dialog.getByRole('row').filter({ hasText: name })).toContainText('open');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('profiles-dialog')).toHaveCount(0);
}

test('a production profile shows a banner, a PRODUCTION badge and the environment in the title', async ({ app }) => {
  await createProductionProfile(app, 'Live EU');
  await expect(app).toHaveTitle('Keywarden — Live EU [PRODUCTION]');
  await expect(app.getByTestId('production-banner')).toContainText('PRODUCTION');
  await expect(app.getByTestId('production-banner')).toContainText('Live EU');
  await expect(app.getByTestId('env-badge')).toHaveText('PRODUCTION');
  await expect(app.locator('.app')).toHaveAttribute('data-environment', 'production');
  await expect(keyRow(app, 'CI deploy').locator('code')).toHaveText(/^kw_live_/);
  // The new profile's sparklines load too (the usage cache is per profile).
  await expect(keyRow(app, 'CI deploy').getByTestId('sparkline')).toBeVisible();
  await screenshot(app, 'production');

  // Switching back to the sandbox removes every production marker.
  await app.getByTestId('profile-switcher').selectOption({ label: 'Local sandbox — sandbox' });
  await expect(app).toHaveTitle('Keywarden — Local sandbox [sandbox]');
  await expect(app.getByTestId('production-banner')).toHaveCount(0);
});

test('deleting a key in production needs its name typed exactly', async ({ app, call }) => {
  await createProductionProfile(app, 'Live US');
  await keyRow(app, 'Paused integration').click();
  const details = app.getByTestId('key-details');
  await details.getByRole('button', { name: 'Delete…' }).click();

  const confirm = app.getByTestId('confirm-dialog');
  const button = confirm.getByRole('button', { name: 'Delete key' });
  const typed = confirm.getByRole('textbox');
  await expect(typed).toBeFocused();
  await expect(button).toBeDisabled();
  await typed.fill('paused integration');
  await expect(button).toBeDisabled();
  await typed.fill('Paused integration');
  await screenshot(app, 'production-typed-confirmation');
  await expect(button).toBeEnabled();
  await button.click();
  await expect(confirm).toHaveCount(0);

  await expect(keyRow(app, 'Paused integration')).toHaveCount(0);
  await app.getByTestId('status-filter').selectOption('revoked');
  await expect(keyRow(app, 'Paused integration')).toContainText('Revoked');
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const keys = await call<{ items: { name: string; revokedAt: string | null }[] }>('listKeys', {
    orgId: acme.id,
    includeRevoked: true,
  });
  expect(keys.items.find((k) => k.name === 'Paused integration')?.revokedAt).not.toBeNull();
});

test('cancelling a typed confirmation changes nothing; a bulk action in production needs the profile name', async ({
  app,
}) => {
  await createProductionProfile(app, 'Live APAC');
  await keyRow(app, 'CI deploy').getByRole('checkbox').check();
  await keyRow(app, 'Support impersonation').getByRole('checkbox').check();
  await app.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();

  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Disable 2 keys?');
  await expect(confirm.locator('.typed-name')).toHaveText('Live APAC');
  await app.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(keyRow(app, 'CI deploy')).toContainText('Enabled');

  await app.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
  await confirm.getByRole('textbox').fill('Live APAC');
  await confirm.getByRole('button', { name: 'Disable 2 keys' }).click();
  const bulk = app.getByTestId('bulk-dialog');
  await expect(bulk).toContainText('2 disabled');
  await expect(bulk.getByTestId('bulk-progress')).toHaveAttribute('value', '2');
  await bulk.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(keyRow(app, 'CI deploy')).toContainText('Disabled');
  await expect(keyRow(app, 'Support impersonation')).toContainText('Disabled');
  await expect(keysTable(app)).toBeVisible();
});

test('deleting a profile always needs its name typed, even a sandbox', async ({ app, call }) => {
  await app.getByRole('button', { name: 'Profiles…' }).click();
  const dialog = app.getByTestId('profiles-dialog');
  await dialog.getByRole('button', { name: 'New profile…' }).click();
  await dialog.getByLabel('Name').fill('Scratch');
  await dialog.getByLabel('Open it now').uncheck();
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  const row = dialog.getByRole('row').filter({ hasText: 'Scratch' });
  await row.getByRole('button', { name: 'Delete…' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm.getByRole('button', { name: 'Delete profile' })).toBeDisabled();
  await confirm.getByRole('textbox').fill('Scratch');
  await confirm.getByRole('button', { name: 'Delete profile' }).click();
  await expect(row).toHaveCount(0);
  const { profiles } = await call<{ profiles: { name: string }[] }>('listProfiles');
  expect(profiles.map((p) => p.name)).toEqual(['Local sandbox']);
});
