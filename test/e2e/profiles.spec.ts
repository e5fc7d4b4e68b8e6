// Switching profiles replaces everything on screen with the other profile's data, in
// whichever view is open, even when the two profiles' orgs share ids.
import { expect, keysTable, test } from './fixtures';

test('switching profiles while on Members and on Keys shows the new profile’s data', async ({ app }) => {
  await app.getByRole('button', { name: 'Members' }).click();
  await expect(app.getByRole('row').filter({ hasText: 'grace@acme.example' })).toHaveCount(1);

  await app.getByRole('button', { name: 'Profiles…' }).click();
  const dialog = app.getByTestId('profiles-dialog');
  await dialog.getByRole('button', { name: 'New profile…' }).click();
  await dialog.getByLabel('Name').fill('Empty');
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  await expect(dialog.getByRole('row').filter({ hasText: 'Empty' })).toContainText('open');
  await app.keyboard.press('Escape');

  await expect(app).toHaveTitle('Keywarden — Empty [sandbox]');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Default');
  await expect(app.getByRole('row').filter({ hasText: 'owner@keywarden.local' })).toHaveCount(1);
  await expect(app.getByRole('row').filter({ hasText: 'grace@acme.example' })).toHaveCount(0);

  await app.getByRole('button', { name: 'Keys', exact: true }).click();
  await expect(keysTable(app)).not.toContainText('CI deploy');

  // And back: the demo data returns.
  await app.getByTestId('profile-switcher').selectOption({ label: 'Local sandbox — sandbox' });
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Acme Corp');
  await expect(keysTable(app).getByRole('row').filter({ hasText: 'CI deploy' })).toHaveCount(1);
});
