// Issue 8, items 14 and 16: search matches what a person means (never ids as substrings),
// a bulk confirmation names what it will touch, and filters or verdicts never carry
// silently into another org or profile.
import type { Page } from '@playwright/test';
import { expect, keyRow, keysTable, reloadToKeys, screenshot, test } from './fixtures';

type Call = <T = any>(op: string, payload?: unknown) => Promise<T>;

async function acmeMember(call: Call, email: string) {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  return members.find((m) => m.user.email === email)!;
}

const orgButton = (app: Page, name: string) =>
  app.getByRole('navigation', { name: 'Orgs' }).getByRole('button', { name, exact: true });

test('search “service 1 billing” finds that key, not every key whose id holds a 1; the bulk confirmation lists it', async ({
  app,
  call,
}) => {
  const grace = await acmeMember(call, 'grace@acme.example');
  for (const n of [1, 12, 20, 21, 30, 31, 41, 51, 61, 71, 81, 91, 100, 111]) {
    const k = await call<{ handle: string }>('createKey', {
      orgUserId: grace.id,
      name: `Service ${n * 7 + 3} billing`,
    });
    await call('forgetSecret', { handle: k.handle });
  }
  const one = await call<{ handle: string }>('createKey', { orgUserId: grace.id, name: 'Service 1 billing' });
  await call('forgetSecret', { handle: one.handle });
  await reloadToKeys(app);

  const table = keysTable(app);
  await app.getByTestId('key-search').fill('service 1 billing');
  await expect(table).toHaveAttribute('data-applied-query', 'service 1 billing');
  const names = await table.locator('.kt-row .key-name').allTextContents();
  // Only names with a word starting "1": Service 1…, Service 10x…, never by id or start.
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toMatch(/^Service 1\d* billing$/);
  expect(names).toContain('Service 1 billing');

  await app.getByTestId('key-search').fill('service 1 billing');
  await app.getByLabel('Select all shown keys').check();
  await app.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm.getByRole('heading')).toHaveText(`Disable ${names.length} key${names.length === 1 ? '' : 's'}?`);
  const listed = confirm.getByTestId('confirm-items').locator('li');
  await expect(listed.first()).toContainText('billing (kw_test_');
  await expect(listed).toHaveCount(Math.min(names.length, 5) + (names.length > 5 ? 1 : 0));
  await screenshot(app, 'bulk-confirm-lists-keys');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
});

test('an owner filter set in one org does not follow into another while its controls show “Anyone”', async ({
  app,
}) => {
  await app.getByLabel('Owner').selectOption({ label: 'grace@acme.example' });
  await app.getByTestId('key-search').fill('rep');
  await expect(keysTable(app)).toHaveAttribute('data-row-count', '1');
  await orgButton(app, 'Globex').click();
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Globex');
  await expect(keyRow(app, 'UI login')).toBeVisible();
  await expect(app.getByLabel('Owner')).toHaveValue('any');
  await expect(app.getByTestId('key-search')).toHaveValue('');
  await expect(app.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
  // The member list's "Keys" button still opens that member's keys in its own org.
  await app.getByRole('button', { name: 'Members' }).click();
  await app.getByRole('button', { name: 'Keys of homer@globex.example' }).click();
  await expect(app.getByLabel('Owner')).toHaveValue(/\d+/);
  await expect(keysTable(app)).toHaveAttribute('data-row-count', '1');
});

test('a “Check a key” verdict does not survive a profile switch', async ({ app, call }) => {
  await call('createProfile', { backend: 'local', name: 'Second', environment: 'sandbox' });
  await reloadToKeys(app);
  await app.getByRole('button', { name: 'Check a key' }).first().click();
  await app.getByTestId('keycheck-input').fill('kw_test_nonsense');
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(app.getByTestId('keycheck-verdict')).toContainText('Not valid');
  await app.getByTestId('profile-switcher').selectOption({ label: 'Second — sandbox' });
  await expect(app).toHaveTitle('Keywarden — Second [sandbox]');
  await expect(app.getByTestId('keycheck-verdict')).toHaveCount(0);
});
