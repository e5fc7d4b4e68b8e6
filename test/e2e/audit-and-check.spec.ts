// The audit view (filters, CSV export) and the "check a key" box.
import fs from 'node:fs';
import { expect, screenshot, test } from './fixtures';

test('audit filters and a CSV export of every matching event', async ({ app }) => {
  await app.getByRole('button', { name: 'Audit log' }).click();
  const table = app.getByTestId('audit-table');
  await expect(table.getByRole('row').filter({ hasText: 'member.add' }).first()).toBeVisible();

  await app.getByLabel('Action').fill('key.create');
  await app.getByRole('button', { name: 'Apply' }).click();
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toContainText('key.create');
  const count = await rows.count();
  expect(count).toBeGreaterThan(3);
  for (const text of await rows.allTextContents()) expect(text).toContain('key.create');

  const downloading = app.waitForEvent('download');
  await app.getByTestId('audit-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^keywarden-audit-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id,at,orgId,org,action,outcome,code,actorUserId,actorEmail,impersonatorUserId,keyId,keyStart,targetType,targetId,keyLabels',
  );
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((l) => l.split(',')[4] === 'key.create')).toBe(true);
  expect(lines[1]).toContain('Acme Corp');

  await app.getByLabel('Outcome').selectOption('denied');
  await app.getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByText('No audit events match.')).toBeVisible();

  await app.getByRole('button', { name: 'Clear' }).click();
  await app.getByLabel('From', { exact: true }).fill('2030-01-02T00:00');
  await app.getByLabel('To', { exact: true }).fill('2030-01-01T00:00');
  await app.getByRole('button', { name: 'Apply' }).click();
  await expect(app.getByRole('alert')).toContainText('The “from” date must be before the “to” date.');
});

test('check a key: valid, disabled, malformed (offline) — and the field is cleared after a check', async ({
  app,
  call,
}) => {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  const grace = members.find((m) => m.user.email === 'grace@acme.example')!;
  const good = await call<{ apiKey: string; handle: string; key: { id: number } }>('createKey', {
    orgUserId: grace.id,
    name: 'to check',
  });
  const paused = await call<{ apiKey: string; handle: string; key: { id: number; name: string } }>('createKey', {
    orgUserId: grace.id,
    name: 'paused',
  });
  await call('updateKey', { id: paused.key.id, patch: { status: 'disabled' } });
  await call('forgetSecret', { handle: good.handle });
  await call('forgetSecret', { handle: paused.handle });

  await app.getByRole('button', { name: 'Check a key' }).first().click();
  const input = app.getByTestId('keycheck-input');
  const verdict = app.getByTestId('keycheck-verdict');

  await input.fill(good.apiKey);
  await expect(app.getByText('Format and checksum look right (sandbox key).')).toBeVisible();
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict).toContainText('Valid.');
  await expect(verdict).toContainText(`${good.apiKey.slice(0, 12)}…`);
  await expect(input).toHaveValue('');
  await screenshot(app, 'key-check');
  expect(await app.content()).not.toContain(good.apiKey);

  await input.fill(paused.apiKey);
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict).toContainText('Not valid: DISABLED');

  // A typo is caught by the checksum before anything is sent to main.
  const typo = good.apiKey.slice(0, 20) + (good.apiKey[20] === 'a' ? 'b' : 'a') + good.apiKey.slice(21);
  await input.fill(typo);
  await app.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict).toContainText('Not valid: MALFORMED_KEY');
  await expect(verdict).toContainText('checksum');
});
