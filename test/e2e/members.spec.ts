// Orgs → members → keys: add a member, change role and status, open their keys, remove.
import { expect, keysTable, test } from './fixtures';

test('add a member, promote, deactivate, see their keys, remove', async ({ app, call }) => {
  await app.getByRole('button', { name: 'Members' }).click();
  await app.getByRole('button', { name: 'Add member' }).click();
  const form = app.getByRole('form', { name: 'Add member' });
  await form.getByLabel('Email').fill('Linus@Acme.Example');
  await form.getByLabel('First name').fill('Linus');
  await form.getByLabel('Last name').fill('Torvalds');
  await form.getByRole('button', { name: 'Add' }).click();
  const row = app.getByRole('row').filter({ hasText: 'linus@acme.example' });
  await expect(row).toContainText('Linus Torvalds');

  await row.getByLabel('Role of linus@acme.example').selectOption('admin');
  await expect(app.getByText('linus@acme.example is now an admin.')).toBeVisible();

  await row.getByRole('button', { name: 'Deactivate the membership of linus@acme.example' }).click();
  await expect(row).toContainText('Inactive');
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ user: { email: string }; role: string; status: string }[]>('listMembers', {
    orgId: acme.id,
  });
  expect(members.find((m) => m.user.email === 'linus@acme.example')).toMatchObject({
    role: 'admin',
    status: 'inactive',
  });

  // Keys of one member: the table filtered by owner.
  await app
    .getByRole('row')
    .filter({ hasText: 'grace@acme.example' })
    .getByRole('button', { name: 'Keys of grace@acme.example' })
    .click();
  await expect(keysTable(app)).toHaveAttribute('data-row-count', '2');
  await expect(app.getByLabel('Owner')).toHaveValue(/\d+/);

  await app.getByRole('button', { name: 'Members' }).click();
  await row.getByRole('button', { name: 'Remove linus@acme.example' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Remove linus@acme.example from this org?');
  await confirm.getByRole('button', { name: 'Remove member' }).click();
  await expect(row).toHaveCount(0);
});

test("adding someone who is already a member is refused with main's reason", async ({ app }) => {
  await app.getByRole('button', { name: 'Members' }).click();
  await app.getByRole('button', { name: 'Add member' }).click();
  const form = app.getByRole('form', { name: 'Add member' });
  await form.getByLabel('Email').fill('ada@acme.example');
  await form.getByLabel('First name').fill('Ada');
  await form.getByLabel('Last name').fill('Again');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByRole('alert')).toContainText('(CONFLICT)');
  await expect(app.getByRole('row').filter({ hasText: 'ada@acme.example' })).toHaveCount(1);
});
