// docs/desktop-app.md "Keys table": filter, search, sort, multi-select, bulk actions with progress,
// keyboard navigation, and the keychain marker.
import { closeRotation, expect, keyRow, keysTable, screenshot, test } from './fixtures';

const names = (app: import('@playwright/test').Page) => keysTable(app).locator('.kt-row .key-name').allTextContents();

test('search, filters and column sorting', async ({ app }) => {
  const table = keysTable(app);
  await expect(table).toHaveAttribute('data-row-count', '6');

  await app.getByTestId('key-search').fill('grace');
  await expect(table).toHaveAttribute('data-row-count', '2');
  await app.getByTestId('key-search').fill('ci DEPLOY');
  await expect(table).toHaveAttribute('data-row-count', '1');
  await expect(keyRow(app, 'CI deploy')).toBeVisible();
  await app.getByTestId('key-search').fill('');

  await app.getByLabel('Scope').selectOption('integration');
  await expect.poll(async () => (await names(app)).sort()).toEqual(['CI deploy', 'Paused integration']);
  await app.getByLabel('Scope').selectOption('any');

  await app.getByLabel('Expiring within 7 days').check();
  await expect.poll(() => names(app)).toEqual(['Reporting (read-only)']);
  await app.getByLabel('Expiring within 7 days').uncheck();

  await app.getByLabel('Never used').check();
  await expect.poll(() => names(app)).not.toContain('CI deploy');
  await app.getByLabel('Never used').uncheck();

  await app.getByTestId('status-filter').selectOption('expired');
  await expect.poll(() => names(app)).toEqual(['Old migration script']);
  await app.getByLabel('Owner').selectOption('org');
  await expect(table).toHaveAttribute('data-row-count', '0');
  await expect(table).toContainText('No keys match these filters.');
  await app.getByRole('button', { name: 'Clear filters' }).click();
  await expect(table).toHaveAttribute('data-row-count', '6');

  await table.getByRole('button', { name: 'Name' }).click();
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  const sorted = (await names(app)).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  await expect.poll(() => names(app)).toEqual(sorted);
  const asc = await names(app);
  await table.getByRole('button', { name: 'Name' }).click();
  await expect.poll(() => names(app)).toEqual([...asc].reverse());
});

test('keyboard: the grid moves with arrows, Space selects, Enter opens details, Esc closes them', async ({ app }) => {
  await app.getByRole('button', { name: 'Name' }).click();
  const table = keysTable(app);
  await table.focus();
  await expect(table).toBeFocused();
  await app.keyboard.press('Home');
  await app.keyboard.press('ArrowDown');
  await expect(table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  const second = (await names(app))[1];
  await expect(table).toHaveAttribute('aria-activedescendant', /key-row-\d+/);
  await app.keyboard.press(' ');
  await expect(keyRow(app, second)).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('region', { name: 'Bulk actions' })).toContainText('1 selected');
  await app.keyboard.press('Enter');
  const details = app.getByTestId('key-details');
  await expect(details.getByRole('heading', { name: second })).toBeFocused();
  await screenshot(app, 'key-details');
  await app.keyboard.press('Escape');
  await expect(details).toHaveCount(0);
  await expect(table).toBeFocused();
});

test('bulk roll with a grace period: progress, per-key results, then the new keys shown once', async ({
  app,
  harness,
}) => {
  await keyRow(app, 'CI deploy').getByRole('checkbox').check();
  await keyRow(app, 'Reporting (read-only)').getByRole('checkbox').check();
  await keyRow(app, 'Old migration script').getByRole('checkbox').check();
  const bar = app.getByRole('region', { name: 'Bulk actions' });
  await bar.getByLabel('Grace period', { exact: true }).fill('2');
  await bar.getByLabel('Grace period unit').selectOption('hours');
  await bar.getByRole('button', { name: 'Roll…' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('keep working for 2 hours');
  await confirm.getByRole('button', { name: 'Roll 3 keys' }).click();

  const bulk = app.getByTestId('bulk-dialog');
  await expect(bulk.getByTestId('bulk-progress')).toHaveAttribute('value', '3');
  const results = bulk.getByTestId('bulk-results');
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(results.getByRole('listitem').filter({ hasText: 'done' })).toHaveCount(2);
  // An expired key is not rolled: its copy would be expired too (409), and the rest go on.
  const failed = results.getByRole('listitem').filter({ hasText: 'failed' });
  await expect(failed).toContainText('Old migration script');
  await expect(failed).toContainText('CONFLICT');

  // The replacements are one-time keys, shown above the progress dialog.
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toContainText('2 new keys — shown only once');
  await screenshot(app, 'bulk-roll');
  const starts = await modal.getByTestId('secret-value').allTextContents();
  expect(starts).toHaveLength(2);
  // Each click turns its button into "Copy again", so the first "Copy" is always the next one.
  for (let i = 1; i <= 2; i++) {
    await modal.getByRole('button', { name: 'Copy', exact: true }).first().click();
    await expect(modal.getByText(/Copied/)).toHaveCount(i);
  }
  const lastCopied = harness.clipboard.readText();
  expect(lastCopied).toMatch(/^kw_test_/);
  await modal.getByRole('button', { name: 'Done' }).click();
  await expect(modal).toHaveCount(0);
  await bulk.getByRole('button', { name: 'Close', exact: true }).last().click();
  expect(await app.content()).not.toContain(lastCopied);
  // Then the rotations of the run (test/e2e/rotation.spec.ts looks inside).
  await closeRotation(app);

  // Old keys are "rolled" (in their grace period), their replacements enabled.
  await app.getByTestId('status-filter').selectOption('rolled');
  await expect.poll(async () => (await names(app)).sort()).toEqual(['CI deploy', 'Reporting (read-only)']);
});

test('bulk delete reports failures per key with the reason', async ({ app }) => {
  // A rolled key may still be deleted; a key deleted in between fails with its reason.
  await app.getByTestId('status-filter').selectOption('all');
  await keyRow(app, 'Leaked laptop key').getByRole('checkbox').check();
  await keyRow(app, 'CI deploy').getByRole('checkbox').check();
  await app.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete 2 keys' }).click();
  const results = app.getByTestId('bulk-dialog').getByTestId('bulk-results');
  await expect(results.getByRole('listitem')).toHaveCount(2);
  const failed = results.getByRole('listitem').filter({ hasText: 'failed' });
  await expect(failed).toContainText('Leaked laptop key');
  await expect(failed).toContainText('CONFLICT');
  await expect(results.getByRole('listitem').filter({ hasText: 'done' })).toContainText('CI deploy');
});

test('saving a new key to the OS keychain marks it in the table', async ({ app, call }) => {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await dialog.getByLabel('Name').fill('Keychain me');
  await dialog.getByTestId('key-owner').selectOption({ label: 'ada@acme.example (admin)' });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Save to OS keychain' }).click();
  await expect(
    modal.getByText(
      /Saved in the keychain as “Keychain me \(#\d+\)” \(keywarden\/Local sandbox\/Acme Corp@[0-9a-f]{16}\)/,
    ),
  ).toBeVisible();
  await modal.getByRole('button', { name: 'Done' }).click();
  await expect(keyRow(app, 'Keychain me').getByTestId('keychain-mark')).toBeVisible();
  const exports = await call<{ account: string }[]>('listExports');
  expect(exports.map((e) => e.account)).toEqual([expect.stringMatching(/^Keychain me \(#\d+\)$/)]);
});
