// Issue 8, items 13 and 17: a key's "Audit entries" tell its whole story — the changes
// made to it (created, disabled, rolled…) as well as the calls made with it — and the
// audit names its targets instead of "apiKey #4"; the action filter matches part of a word.
import { expect, keyRow, screenshot, test } from './fixtures';

test('rule 12: a key’s “Audit entries” include its own create and disable, named, not only calls made with it', async ({
  app,
}) => {
  await keyRow(app, 'Paused integration').click();
  const details = app.getByTestId('key-details');
  await expect(details).toContainText('Paused integration');
  await details.getByRole('button', { name: 'Audit entries' }).click();

  const rows = app.getByTestId('audit-table').locator('tbody tr');
  // The demo's owner created it and then disabled it: two lifecycle events, no calls yet.
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('key.disable');
  await expect(rows.nth(1)).toContainText('key.create');
  for (const text of await rows.allTextContents()) {
    expect(text).toContain('key “Paused integration”');
    expect(text).not.toMatch(/apiKey #\d+/);
  }
  await screenshot(app, 'key-audit-entries');
});

test('the audit action filter matches part of a word (“disable” finds key.disable)', async ({ app }) => {
  await app.getByRole('button', { name: 'Audit log' }).click();
  const rows = app.getByTestId('audit-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  await app.getByLabel('Action').fill('disable');
  await app.getByRole('button', { name: 'Apply' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('key.disable');
  await expect(rows.first()).toContainText('key “Paused integration”');
});
