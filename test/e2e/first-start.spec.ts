// docs/desktop-app.md "First start": a new user sees a working local sandbox with demo data at once.
import { expect, keyRow, keysTable, reloadToKeys, screenshot, test } from './fixtures';

test('first start opens the Local sandbox profile with demo orgs, members and keys in every status', async ({
  app,
}) => {
  await expect(app).toHaveTitle('Keywarden — Local sandbox [sandbox]');
  await expect(app.getByTestId('env-badge')).toHaveText('Sandbox');
  await expect(app.getByTestId('production-banner')).toHaveCount(0);

  const orgs = app.getByRole('navigation', { name: 'Orgs' });
  await expect(orgs.getByRole('button', { name: /Acme Corp/ })).toHaveAttribute('aria-current', 'true');
  await expect(orgs.getByRole('button', { name: /Globex/ })).toBeVisible();

  // Keys: owners by email, org-wide keys labelled as such, only starts shown.
  await expect(keyRow(app, 'CI deploy')).toContainText('ada@acme.example');
  await expect(keyRow(app, 'Acme site-wide sync')).toContainText('org-wide');
  await expect(keyRow(app, 'Paused integration')).toContainText('Disabled');
  await expect(keyRow(app, 'Old migration script')).toContainText('Expired');
  await expect(keyRow(app, 'Leaked laptop key')).toHaveCount(0);
  await expect(keyRow(app, 'CI deploy').locator('code')).toHaveText(/^kw_test_[0-9A-Za-z]{4}…$/);
  await screenshot(app, 'keys');

  await app.getByTestId('status-filter').selectOption('revoked');
  await expect(keyRow(app, 'Leaked laptop key')).toContainText('Revoked');
  await expect(keysTable(app)).toHaveAttribute('data-row-count', '1');

  // A rolled key in its grace period lives in the other org.
  await orgs.getByRole('button', { name: /Globex/ }).click();
  await app.getByTestId('status-filter').selectOption('all');
  await expect(keyRow(app, 'Nightly export').filter({ hasText: 'Rolled' })).toHaveCount(1);
  await expect(keyRow(app, 'Nightly export').filter({ hasText: 'Enabled' })).toHaveCount(1);

  await orgs.getByRole('button', { name: /Acme Corp/ }).click();
  await app.getByRole('button', { name: 'Members' }).click();
  const members = app.getByRole('table');
  for (const email of ['owner@keywarden.local', 'ada@acme.example', 'grace@acme.example', 'alan@acme.example']) {
    await expect(members.getByRole('row').filter({ hasText: email })).toHaveCount(1);
  }
  await screenshot(app, 'members');

  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByRole('switch', { name: 'Members may manage their own keys' })).toBeChecked();
  await screenshot(app, 'settings');

  await app.getByRole('button', { name: 'Audit log' }).click();
  await expect(app.getByTestId('audit-table').getByRole('row').filter({ hasText: 'key.create' }).first()).toBeVisible();
  await screenshot(app, 'audit');
});

test('org settings: allowUserKeys is saved through main and survives a reload', async ({ app, call }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const toggle = app.getByRole('switch', { name: 'Members may manage their own keys' });
  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
  const orgs = await call<{ name: string; allowUserKeys: boolean }[]>('listOrgs');
  expect(orgs.find((o) => o.name === 'Acme Corp')?.allowUserKeys).toBe(false);
  await reloadToKeys(app);
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByRole('switch', { name: 'Members may manage their own keys' })).not.toBeChecked();
});

test('the app opens on the Overview, its home view, with the demo estate counted; a reload lands there again', async ({
  app,
  call,
}) => {
  const truth = await call('estateOverview', {});
  await app.reload();
  const overview = app.getByTestId('overview');
  await expect(overview).toBeVisible();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(app.getByTestId('open-overview')).toHaveAttribute('aria-current', 'page');
  await expect(overview.getByTestId('profile-Local sandbox').getByTestId('profile-status')).toHaveAttribute(
    'data-status',
    'ok',
  );
  // The demo data has something worth a look: at least one finding counted, and shown as counted.
  const [code, count] = Object.entries(truth.totals as Record<string, number>).sort((a, b) => b[1] - a[1])[0];
  expect(count).toBeGreaterThan(0);
  await expect(overview.getByTestId(`card-${code}`).locator('.finding-count')).toHaveText(String(count));
  await screenshot(app, 'overview-first-start', { fullPage: true });

  // One click to the keys of the open profile.
  await app.getByTestId('open-keys').click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Acme Corp');
  await expect(app.getByTestId('open-keys')).toHaveAttribute('aria-current', 'page');
});
