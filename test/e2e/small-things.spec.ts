// Issue 8, item 17: the small things a new admin hit, each with its test.
import { expect, keysTable, reloadToKeys, test } from './fixtures';

type Call = <T = any>(op: string, payload?: unknown) => Promise<T>;

async function acme(call: Call) {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  return orgs.find((o) => o.name === 'Acme Corp')!;
}

test('production: promoting a member to admin needs their email typed, like a demotion', async ({ app, call }) => {
  await call('createProfile', { backend: 'local', name: 'Live', environment: 'production', demoData: true });
  const { profiles } = await call<{ profiles: { id: number; name: string }[] }>('listProfiles');
  await call('switchProfile', { id: profiles.find((p) => p.name === 'Live')!.id });
  await reloadToKeys(app);
  await app.getByRole('button', { name: 'Members' }).click();
  const row = app.getByRole('row').filter({ hasText: 'grace@acme.example' });
  await row.getByLabel('Role of grace@acme.example').selectOption('admin');
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Make grace@acme.example an admin?');
  const ok = confirm.getByRole('button', { name: 'Make admin' });
  await expect(ok).toBeDisabled();
  await confirm.getByRole('textbox').fill('grace@acme.example');
  await ok.click();
  await expect(app.getByText('grace@acme.example is now an admin.')).toBeVisible();
  // Main refuses a promotion without the typed email, whatever the renderer does.
  const members = await call<{ userId: number; user: { email: string } }[]>('listMembers', {
    orgId: (await acme(call)).id,
  });
  const alan = members.find((m) => m.user.email === 'alan@acme.example')!;
  await expect(
    call('updateMember', { orgId: (await acme(call)).id, userId: alan.userId, patch: { role: 'admin' } }),
  ).rejects.toThrow(/type the member's email/);
});

test('deleting a sandbox profile asks for its name without calling it production', async ({ app }) => {
  await app.getByRole('button', { name: 'Profiles…' }).click();
  await app.getByTestId('profiles-dialog').getByRole('button', { name: 'Delete…' }).first().click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Type Local sandbox to confirm');
  await expect(confirm).not.toContainText(/production/i);
});

test('an org with no keys offers “Create a key”', async ({ app, call }) => {
  await call('createOrg', { name: 'Empty Inc' });
  await reloadToKeys(app);
  await app.getByRole('navigation', { name: 'Orgs' }).getByRole('button', { name: 'Empty Inc' }).click();
  await expect(app.getByTestId('keys-empty')).toContainText('This org has no keys yet.');
  await app.getByTestId('keys-empty').getByRole('button', { name: 'Create a key' }).click();
  await expect(app.getByTestId('create-key-dialog')).toBeVisible();
});

test('“Last used” descending puts keys never used after every used one', async ({ app }) => {
  const table = keysTable(app);
  await expect(table).toHaveAttribute('data-row-count', '6');
  await table.getByRole('button', { name: 'Last used' }).click();
  await expect(table.getByRole('columnheader', { name: 'Last used' })).toHaveAttribute('aria-sort', 'descending');
  const cells = await table.locator('.kt-row .kt-lastUsedAt .kt-lastUsedText').allTextContents();
  expect(cells[0]).not.toBe('never');
  const firstNever = cells.indexOf('never');
  expect(firstNever).toBeGreaterThan(0);
  expect(cells.slice(firstNever).every((c) => c === 'never')).toBe(true);
});

test('Check a key takes a pasted “Bearer kw_…” or a quoted key, and focuses its field; Add member focuses Email', async ({
  app,
  call,
}) => {
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', {
    orgId: (await acme(call)).id,
  });
  const grace = members.find((m) => m.user.email === 'grace@acme.example')!;
  const k = await call<{ apiKey: string; handle: string }>('createKey', { orgUserId: grace.id, name: 'pasted' });
  await call('forgetSecret', { handle: k.handle });

  await app.getByRole('button', { name: 'Members' }).click();
  await app.getByRole('button', { name: 'Add member' }).click();
  await expect(app.getByRole('form', { name: 'Add member' }).getByLabel('Email')).toBeFocused();

  await app.getByRole('button', { name: 'Check a key' }).first().click();
  const input = app.getByTestId('keycheck-input');
  await expect(input).toBeFocused();
  for (const pasted of [`Bearer ${k.apiKey}`, `"${k.apiKey}"`, `x-api-key: ${k.apiKey}`, `  '${k.apiKey}'  `]) {
    await input.fill(pasted);
    await app.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(app.getByTestId('keycheck-verdict')).toContainText('Valid.');
  }
});

test('a member list of 1,000 people has search, and the owner picker is searchable', async ({ app, call }) => {
  const org = await call<{ id: number }>('createOrg', { name: 'Big Co' });
  for (let i = 0; i < 1000; i++) {
    const n = String(i).padStart(4, '0');
    await call('addMember', {
      orgId: org.id,
      member: { email: `person-${n}@big.example`, firstName: 'Person', lastName: `Number ${n}` },
    });
  }
  await reloadToKeys(app);
  await app.getByRole('navigation', { name: 'Orgs' }).getByRole('button', { name: 'Big Co' }).click();
  await app.getByRole('button', { name: 'Members' }).click();
  await expect(app.getByRole('row').filter({ hasText: 'person-0999@big.example' })).toBeVisible();
  await app.getByTestId('member-search').fill('number 0742');
  await expect(app.locator('.members-table tbody tr')).toHaveCount(1);
  await expect(app.locator('.members-table tbody tr')).toContainText('person-0742@big.example');

  await app.getByRole('button', { name: 'Keys', exact: true }).click();
  await app
    .getByRole('button', { name: /New key|Create a key/ })
    .first()
    .click();
  const dialog = app.getByTestId('create-key-dialog');
  await dialog.getByTestId('owner-find').fill('person-0742');
  const options = dialog.getByTestId('key-owner').locator('option:not([disabled])');
  await expect(options).toHaveText(['person-0742@big.example (member)', 'Org-wide key (no user)']);
  await dialog.getByTestId('key-owner').selectOption({ label: 'person-0742@big.example (member)' });
  await dialog.getByLabel('Name').fill('found');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(app.getByTestId('one-time-modal')).toContainText('found');
});
