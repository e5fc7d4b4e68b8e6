// docs/desktop-app.md "Keychain" and rule 6: "Save to OS keychain" puts the key in the real Secret
// Service (read back with `secret-tool`, as a user would), the app's files never hold it,
// the keys table marks the key, and removing the entry from the UI really deletes it.
import type { Page } from '@playwright/test';
import { exportAccount, exportService } from '../../src/main/secrets/types';
import { expect, keyRow, reloadToKeys, screenshot, test } from './fixtures';
import { NOT_PRIVATE_REASON, PRIVATE_KEYRING, dataDirBytes, keyringClear, keyringLookup } from './support-core';

const KEY_SHAPE = /^kw_test_[0-9A-Za-z]{33}$/;
// The demo profile and org the harness opens on first start.
// Its service ends with the data dir's install id (issue 8: no collision across data dirs).
let SERVICE = '';
test.beforeEach(({ harness }) => {
  SERVICE = exportService('Local sandbox', 'Acme Corp', harness.services.installId);
  expect(SERVICE).toMatch(/^keywarden\/Local sandbox\/Acme Corp@[0-9a-f]{16}$/);
});

test.skip(!PRIVATE_KEYRING, NOT_PRIVATE_REASON);

// Entries a failed run left behind would otherwise stay in the test keyring.
const created: { service: string; account: string }[] = [];
test.afterEach(() => {
  for (const e of created.splice(0)) keyringClear(e.service, e.account);
});

/** Creates a key in the UI, reveals it and saves it to the keychain; the modal stays open. */
async function createAndSave(app: Page, name: string): Promise<{ apiKey: string; id: number; account: string }> {
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByTestId('key-owner').selectOption({ label: 'ada@acme.example (admin)' });
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Reveal' }).click();
  const secret = modal.getByTestId('secret-value');
  await expect(secret).toHaveText(KEY_SHAPE);
  const apiKey = (await secret.textContent())!;
  const id = Number(/#(\d+)/.exec((await modal.locator('.one-time-meta .hint').textContent()) ?? '')?.[1]);
  expect(id).toBeGreaterThan(0);
  const account = exportAccount(name, id);
  created.push({ service: SERVICE, account });

  await modal.getByRole('button', { name: 'Save to OS keychain' }).click();
  await expect(modal.getByRole('status')).toContainText(`Saved in the keychain as “${account}” (${SERVICE}).`);
  await expect(modal.getByRole('button', { name: 'Saved to keychain' })).toBeVisible();
  return { apiKey, id, account };
}

test('save to OS keychain: secret-tool reads the key, the app files never hold it, the table marks it, Remove deletes the entry', async ({
  app,
  harness,
  call,
}) => {
  const name = 'Deploy bot (keychain)';
  const { apiKey, id, account } = await createAndSave(app, name);
  await screenshot(app, 'keychain-saved');

  // Saved counts as secured: Done closes at once, without the unsaved-key warning.
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Done' }).click();
  await expect(modal).toHaveCount(0);
  expect(await app.content()).not.toContain(apiKey);

  // The real keyring holds exactly the key, under the documented service and account.
  expect(keyringLookup(SERVICE, account)).toBe(apiKey);

  // No copy anywhere in the data dir: app database, profile database, their WAL and shm.
  const { bytes, files } = dataDirBytes(harness.dataDir);
  expect(files).toEqual(expect.arrayContaining(['keywarden-app.db', expect.stringMatching(/^profiles\/.+\.db$/)]));
  expect(bytes.includes(Buffer.from(apiKey))).toBe(false);
  expect(bytes.includes(Buffer.from(apiKey.slice(12)))).toBe(false);
  // The scan can find things: the start is kept for display and the export record names the entry.
  expect(bytes.includes(Buffer.from(apiKey.slice(0, 12)))).toBe(true);
  expect(bytes.includes(Buffer.from(account))).toBe(true);

  const row = keyRow(app, name);
  await expect(row.getByTestId('keychain-mark')).toBeVisible();
  await expect(row.getByRole('img', { name: 'Saved to the OS keychain' })).toHaveCount(1);
  await expect(keyRow(app, 'CI deploy').getByTestId('keychain-mark')).toHaveCount(0);

  await row.click();
  const details = app.getByTestId('key-details');
  await expect(details).toContainText(`Saved as “${account}” in ${SERVICE}`);
  await screenshot(app, 'keychain-details');
  await details.getByRole('button', { name: 'Remove' }).click();
  await expect(app.getByText('Removed from the keychain.')).toBeVisible();
  await expect(details).toContainText('Not saved');
  await expect(row.getByTestId('keychain-mark')).toHaveCount(0);

  expect(keyringLookup(SERVICE, account)).toBeNull();
  expect(await call('listExports')).toEqual([]);
  // The key itself is untouched: removing the entry is not revoking.
  const keys = await call<{ items: { id: number; revokedAt: string | null }[] }>('listKeys', {
    orgId: (await call<{ id: number; name: string }[]>('listOrgs')).find((o) => o.name === 'Acme Corp')!.id,
  });
  expect(keys.items.find((k) => k.id === id)?.revokedAt).toBeNull();
});

test('an entry already deleted outside the app: Remove still clears the marker, and a reload agrees', async ({
  app,
  call,
}) => {
  const name = 'Hand-removed entry';
  const { apiKey, account } = await createAndSave(app, name);
  await app.getByTestId('one-time-modal').getByRole('button', { name: 'Done' }).click();
  expect(keyringLookup(SERVICE, account)).toBe(apiKey);

  keyringClear(SERVICE, account);
  expect(keyringLookup(SERVICE, account)).toBeNull();

  // The app only remembers where it saved the key, so the marker is still there until removed.
  await reloadToKeys(app);
  const row = keyRow(app, name);
  await expect(row.getByTestId('keychain-mark')).toBeVisible();
  await row.click();
  await app.getByTestId('key-details').getByRole('button', { name: 'Remove' }).click();
  await expect(app.getByText('Removed from the keychain.')).toBeVisible();
  await expect(row.getByTestId('keychain-mark')).toHaveCount(0);
  expect(await call('listExports')).toEqual([]);

  await reloadToKeys(app);
  await expect(keyRow(app, name)).toBeVisible();
  await expect(keyRow(app, name).getByTestId('keychain-mark')).toHaveCount(0);
});

test('issue 8 item 15: deleting a key saved to the keychain offers to remove the entry too', async ({ app }) => {
  const name = 'Saved then deleted';
  const { apiKey, account } = await createAndSave(app, name);
  await app.getByTestId('one-time-modal').getByRole('button', { name: 'Done' }).click();
  await keyRow(app, name).click();
  await app.getByTestId('key-details').getByRole('button', { name: 'Delete…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete key' }).click();
  const offer = app.getByTestId('confirm-dialog');
  await expect(offer).toContainText('Remove the saved copy from the OS keychain?');
  await expect(offer).toContainText(account);
  expect(keyringLookup(SERVICE, account)).toBe(apiKey);
  await offer.getByRole('button', { name: 'Remove from keychain' }).click();
  await expect(app.getByText('Removed from the keychain.')).toBeVisible();
  expect(keyringLookup(SERVICE, account)).toBeNull();
});
