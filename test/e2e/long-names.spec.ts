// Issue 8, item 11: long and unusual names never break a layout. Every view and dialog is
// opened with 200-character names (with spaces and without, non-Latin too) and checked
// for sideways overflow; the New key dialog keeps "Belongs to" in view and says why
// Create is disabled.
import type { Page } from '@playwright/test';
import { expect, keyRow, reloadToKeys, screenshot, test } from './fixtures';
import { expectInside, expectNoOverflow } from './layout';

const WORDY =
  'The International Consortium for the Standardisation of Extraordinarily Long Organisation Names in Multinational Key Management and Interoperable Credential Stewardship, Incorporated (EMEA)';
const LONG_ORG = WORDY.padEnd(200, '.').slice(0, 200);
const UNBROKEN_ORG = 'Ünïcödé-شركة-'.repeat(20).slice(0, 200);
const LONG_KEY = 'deploy-'.repeat(29).slice(0, 200);
const FIRST = 'Maximiliana'.repeat(18).slice(0, 200);
const LAST = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(6).slice(0, 200);
const EMAIL = `${'a'.repeat(60)}@${'subdomain'.repeat(7)}.${'example'.repeat(8)}.org`;
const PROFILE = 'P'.repeat(80);

async function seed(call: <T = any>(op: string, payload?: unknown) => Promise<T>) {
  const wordy = await call<{ id: number }>('createOrg', { name: LONG_ORG, allowUserKeys: true });
  const unbroken = await call<{ id: number }>('createOrg', { name: UNBROKEN_ORG });
  for (const org of [wordy, unbroken]) {
    const m = await call<{ id: number }>('addMember', {
      orgId: org.id,
      member: { email: EMAIL, firstName: FIRST, lastName: LAST, role: 'admin' },
    });
    const k = await call<{ handle: string; key: { id: number } }>('createKey', { orgUserId: m.id, name: LONG_KEY });
    await call('forgetSecret', { handle: k.handle });
    await call('updateKey', { id: k.key.id, patch: { status: 'disabled' } });
  }
  await call('createProfile', { backend: 'local', name: PROFILE, environment: 'sandbox' });
}

async function openOrg(app: Page, name: string) {
  await app.getByRole('navigation', { name: 'Orgs' }).getByRole('button', { name }).click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('200-character names: every view and dialog stays inside the window', async ({ app, call }) => {
  await seed(call);
  await reloadToKeys(app);
  for (const org of [LONG_ORG, UNBROKEN_ORG]) {
    await openOrg(app, org);
    await expect(keyRow(app, LONG_KEY)).toBeVisible();
    await expect(app.getByTestId('keys-count')).toHaveText('1 key');
    await expectNoOverflow(app, `keys of ${org.slice(0, 20)}`, ['.keys-table']);
    await keyRow(app, LONG_KEY).click();
    await expect(app.getByTestId('key-details')).toBeVisible();
    await expectNoOverflow(app, 'key details', ['.keys-table']);
    await app.getByTestId('key-details').getByRole('button', { name: 'Edit…' }).click();
    await expectInside(app.getByTestId('key-details').getByRole('button', { name: 'Save' }));
    await expectNoOverflow(app, 'edit form');
    await app.getByTestId('key-details').getByRole('button', { name: 'Cancel' }).click();
    await app.getByTestId('key-details').getByRole('button', { name: 'Delete…' }).click();
    await expect(app.getByTestId('confirm-dialog')).toBeVisible();
    await expectNoOverflow(app, 'delete confirmation');
    await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

    await app.getByRole('button', { name: 'Members' }).click();
    await expect(app.getByRole('row').filter({ hasText: EMAIL })).toBeVisible();
    await app.getByRole('button', { name: 'Add member' }).click();
    await expectNoOverflow(app, 'members');
    await expectInside(
      app
        .getByRole('row')
        .filter({ hasText: EMAIL })
        .getByRole('button', { name: /^Remove/ }),
    );

    await app.getByRole('button', { name: 'Settings' }).click();
    await expectNoOverflow(app, 'settings');

    await app.getByRole('button', { name: 'Audit log' }).click();
    await expect(app.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
    await expectNoOverflow(app, 'audit');
    await app.getByRole('button', { name: 'Keys', exact: true }).click();
  }
  await screenshot(app, 'long-names-keys');

  await app.getByRole('button', { name: 'Profiles…' }).click();
  await expect(app.getByTestId('profiles-dialog')).toContainText(PROFILE);
  await expectNoOverflow(app, 'profiles dialog');
  await app
    .getByTestId('profiles-dialog')
    .getByRole('row')
    .filter({ hasText: PROFILE })
    .getByRole('button', { name: 'Delete…' })
    .click();
  await expect(app.getByTestId('confirm-dialog')).toBeVisible();
  await expectNoOverflow(app, 'profile delete confirmation');
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  await app.keyboard.press('Escape');

  await app.getByRole('button', { name: 'Check a key' }).first().click();
  await expectNoOverflow(app, 'check a key');
});

test('New key with a 200-character org name: “Belongs to” stays in the dialog and Create says why it is disabled', async ({
  app,
  call,
}) => {
  await seed(call);
  await reloadToKeys(app);
  await openOrg(app, UNBROKEN_ORG);
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  const owner = dialog.getByLabel('Belongs to');
  await expectInside(dialog.getByLabel('Org', { exact: true }), dialog);
  await expectInside(owner, dialog);
  await expectNoOverflow(app, 'new key dialog');
  await screenshot(app, 'long-names-new-key');

  const create = dialog.getByRole('button', { name: 'Create key' });
  const why = dialog.getByTestId('create-key-why');
  await expect(create).toBeDisabled();
  await expect(why).toHaveText('Choose who the key belongs to, and give the key a name.');
  await expect(create).toHaveAccessibleDescription('Choose who the key belongs to, and give the key a name.');
  await owner.selectOption({ label: `${EMAIL} (admin)` });
  await expect(why).toHaveText('Give the key a name.');
  await dialog.getByLabel('Name').fill(LONG_KEY);
  await dialog.getByRole('checkbox', { name: /^rest/ }).uncheck();
  await expect(why).toHaveText('Choose at least one scope.');
  await dialog.getByRole('checkbox', { name: /^rest/ }).check();
  await expect(create).toBeEnabled();
  await expect(why).toHaveText('');
  await create.click();

  const shown = app.getByTestId('one-time-modal');
  await expect(shown).toContainText(LONG_KEY);
  await expectNoOverflow(app, 'one-time key');
});

test('at 1024×700 every table’s actions and the edit form’s Save are reachable without scrolling sideways', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1024, height: 700 });
  const table = app.getByTestId('keys-table');
  await expect(keyRow(app, 'CI deploy')).toBeVisible();
  await expectNoOverflow(app, 'keys at 1024', ['.keys-table']);
  // The profile switcher narrows rather than running under the environment badge.
  const switcher = (await app.getByTestId('profile-switcher').boundingBox())!;
  const badge = (await app.getByTestId('env-badge').boundingBox())!;
  expect(switcher.x + switcher.width).toBeLessThanOrEqual(badge.x);
  await expectInside(keyRow(app, 'CI deploy').locator('.kt-expiresAt'), table);
  await keyRow(app, 'CI deploy').getByRole('checkbox').check();
  const bulk = app.getByRole('region', { name: 'Bulk actions' });
  for (const name of ['Disable', 'Enable', 'Delete…', 'Roll…', 'Clear selection'])
    await expectInside(bulk.getByRole('button', { name, exact: true }));
  await keyRow(app, 'CI deploy').click();
  const details = app.getByTestId('key-details');
  await details.getByRole('button', { name: 'Edit…' }).click();
  await details.getByRole('button', { name: 'Save' }).scrollIntoViewIfNeeded();
  await expectInside(details.getByRole('button', { name: 'Save' }), details);
  await expectNoOverflow(app, 'edit form at 1024', ['.keys-table']);
  await screenshot(app, 'narrow-keys');

  await app.getByRole('button', { name: 'Members' }).click();
  const remove = app.getByRole('button', { name: 'Remove grace@acme.example' });
  await expectInside(remove);
  await expectInside(app.getByRole('button', { name: 'Keys of grace@acme.example' }));
  await expectNoOverflow(app, 'members at 1024');
  await screenshot(app, 'narrow-members');

  await app.getByRole('button', { name: 'Audit log' }).click();
  await expect(app.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
  await expectNoOverflow(app, 'audit at 1024');
  await expectInside(app.getByTestId('audit-export'));

  await app.getByRole('button', { name: 'Profiles…' }).click();
  const profiles = app.getByTestId('profiles-dialog');
  await expectInside(profiles.getByRole('button', { name: 'Delete…' }).first(), profiles);
  await expectNoOverflow(app, 'profiles at 1024');
});
