// docs/desktop-app.md "One-time display" and rule 6: the new key is shown once, copied through main,
// and afterwards exists nowhere in the page, its storage or the profile's database files.
import { expect, keyRow, profileDbBytes, screenshot, test } from './fixtures';

const KEY_SHAPE = /^kw_test_[0-9A-Za-z]{33}$/;

test('create a key: one-time display, copy, close — then the key is gone from the DOM, storage and database', async ({
  app,
  harness,
}) => {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Billing export');
  await dialog.getByLabel('Description (optional)').fill('Nightly "billing", with commas');
  await dialog.getByTestId('key-owner').selectOption({ label: 'grace@acme.example (member)' });
  // rest is on by default; add integration.
  await expect(dialog.getByRole('checkbox', { name: /^rest/ })).toBeChecked();
  await dialog.getByRole('checkbox', { name: /^integration/ }).check();
  await dialog.getByRole('checkbox', { name: /^Read-only/ }).check();
  await dialog.getByRole('button', { name: '30 days' }).click();
  await screenshot(app, 'create-key-dialog');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toBeVisible();
  const secret = modal.getByTestId('secret-value');
  // Masked until revealed: only the start is readable.
  await expect(secret).toHaveText(/^kw_test_[0-9A-Za-z]{4}•{29}$/);
  await modal.getByRole('button', { name: 'Reveal' }).click();
  await expect(secret).toHaveText(KEY_SHAPE);
  const apiKey = (await secret.textContent())!;
  const start = apiKey.slice(0, 12);
  await screenshot(app, 'one-time-key');

  await modal.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(modal.getByText(/Copied\. The clipboard is cleared in 30 s/)).toBeVisible();
  expect(harness.clipboard.readText()).toBe(apiKey);

  await modal.getByRole('button', { name: 'Done' }).click();
  await expect(modal).toHaveCount(0);

  // The table shows the new key by its start only.
  const row = keyRow(app, 'Billing export');
  await expect(row).toContainText(`${start}…`);
  await expect(row).toContainText('grace@acme.example');
  await expect(row).toContainText('read-only');

  const html = await app.content();
  expect(html).not.toContain(apiKey);
  expect(html).toContain(start);
  const stored = await app.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href + document.cookie,
  );
  expect(stored).not.toContain(apiKey.slice(12));

  const db = profileDbBytes(harness.dataDir);
  expect(db.includes(Buffer.from(apiKey))).toBe(false);
  expect(db.includes(Buffer.from(apiKey.slice(12)))).toBe(false);
  // The scan can find things: the start is stored for display.
  expect(db.includes(Buffer.from(start))).toBe(true);

  // Copying again by handle is impossible now: main has forgotten the secret.
  const r = await harness.services.dispatch('copySecret', { handle: 'made-up-handle' });
  expect(r.ok).toBe(false);
});

test('closing before copying or saving warns first; Esc does the same; "Close without saving" wipes the key', async ({
  app,
}) => {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await dialog.getByLabel('Name').fill('Throwaway');
  await dialog.getByTestId('key-owner').selectOption({ label: 'alan@acme.example (member)' });
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Reveal' }).click();
  const apiKey = (await modal.getByTestId('secret-value').textContent())!;
  expect(apiKey).toMatch(KEY_SHAPE);

  await app.keyboard.press('Escape');
  await expect(modal.getByText('This key has not been copied or saved.')).toBeVisible();
  await screenshot(app, 'one-time-key-unsaved-warning');
  await modal.getByRole('button', { name: 'Go back' }).click();
  await expect(modal.getByTestId('secret-value')).toHaveText(apiKey);

  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  await expect(modal).toHaveCount(0);
  expect(await app.content()).not.toContain(apiKey);
  await expect(keyRow(app, 'Throwaway')).toContainText(apiKey.slice(0, 12));
});

test('focus is trapped in the one-time modal and returns to the page when it closes', async ({ app }) => {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await dialog.getByLabel('Name').fill('Focus check');
  await dialog.getByTestId('key-owner').selectOption({ label: 'Org-wide key (no user)' });
  await expect(dialog.getByRole('note')).toContainText('Prefer a key for a specific member');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const modal = app.getByTestId('one-time-modal');
  await expect(modal.getByRole('button', { name: 'Reveal' })).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await app.keyboard.press('Tab');
    expect(await modal.evaluate((m) => m.contains(document.activeElement))).toBe(true);
  }
  await modal.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(modal.getByText(/Copied/)).toBeVisible();
  // Copied, so Esc closes at once.
  await app.keyboard.press('Escape');
  await expect(modal).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'New key…' })).toBeFocused();
  await expect(keyRow(app, 'Focus check')).toContainText('org-wide');
});
