// docs/policies-and-labels.md in the app: an admin sets the org's key policy (typed confirmation in
// production), the create-key dialog then offers only what the policy allows and the key
// it makes complies; labels added in the dialog filter the keys table.
import type { Page } from '@playwright/test';
import { expect, keyRow, keysTable, reloadToKeys, screenshot, test } from './fixtures';

const DAY = 86_400_000;

async function createProductionProfile(app: Page, name: string): Promise<void> {
  await app.getByRole('button', { name: 'Profiles…' }).click();
  const dialog = app.getByTestId('profiles-dialog');
  await dialog.getByRole('button', { name: 'New profile…' }).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Production').check();
  await dialog.getByLabel('Fill with demo data').check();
  await dialog.getByRole('button', { name: 'Create profile' }).click();
  await expect(app.getByTestId('production-banner')).toBeVisible();
  await expect(dialog.getByRole('row').filter({ hasText: name })).toContainText('open');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('profiles-dialog')).toHaveCount(0);
}

test('an admin sets "max 30 days, no org keys" in production; the create dialog offers only compliant choices', async ({
  app,
  call,
}) => {
  await createProductionProfile(app, 'Live policy');
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const before = await call<{ items: { id: number }[] }>('listKeys', { orgId: acme.id });

  await app.getByRole('navigation', { name: 'Org sections' }).getByRole('button', { name: 'Settings' }).click();
  const editor = app.getByTestId('policy-editor');
  await editor.getByLabel('Maximum lifetime (days)').fill('30');
  await editor.getByRole('checkbox', { name: /Allow org-wide keys/ }).uncheck();
  // A lifetime limit implies an expiry: the box shows it and cannot be unticked.
  await expect(editor.getByRole('checkbox', { name: /Every key must have an expiry/ })).toBeChecked();
  await expect(editor.getByRole('checkbox', { name: /Every key must have an expiry/ })).toBeDisabled();
  // Grace is stored in seconds; the editor says what a number means in the units used elsewhere.
  await editor.getByLabel('Maximum grace when rolling (seconds)').fill('7200');
  await expect(editor.getByTestId('policy-grace-as')).toHaveText('= 2 hours.');
  await editor.getByLabel('Maximum grace when rolling (seconds)').fill('');
  await expect(editor.getByTestId('policy-grace-as')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Preview' }).click();
  // The demo keys have no expiry, so every live one breaks a 30-day limit.
  await expect(editor.getByTestId('policy-preview')).toHaveText(/^\d+ existing keys? breaks? this policy\.$/);
  const previewed = await call<{ violating: number }>('previewPolicy', {
    orgId: acme.id,
    policy: {
      maxLifetimeDays: 30,
      requireExpiry: true,
      maxGraceSeconds: null,
      allowedScopes: ['ui', 'rest', 'integration'],
      allowOrgKeys: false,
      allowImpersonation: true,
    },
  });
  expect(previewed.violating).toBeGreaterThan(0);
  await expect(editor.getByTestId('policy-preview')).toContainText(`${previewed.violating} existing key`);
  await screenshot(app, 'policy-editor');

  await editor.getByRole('button', { name: 'Save policy…' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`${previewed.violating} existing key`);
  const save = confirm.getByRole('button', { name: 'Save policy' });
  await expect(save).toBeDisabled();
  await confirm.getByRole('textbox').fill('Acme Corp');
  await save.click();
  await expect(confirm).toHaveCount(0);
  await expect(app.getByText('Key policy saved.')).toBeVisible();
  expect(await call('getPolicy', { orgId: acme.id })).toMatchObject({ maxLifetimeDays: 30, allowOrgKeys: false });
  // Existing keys are untouched by the policy.
  const after = await call<{ items: { id: number; expiresAt: string | null }[] }>('listKeys', { orgId: acme.id });
  expect(after.items.map((k) => k.id)).toEqual(before.items.map((k) => k.id));

  // The create dialog: org-wide is disabled, no "No expiry", no preset beyond 30 days, and
  // the expiry starts at the longest allowed.
  await app.getByRole('navigation', { name: 'Org sections' }).getByRole('button', { name: 'Keys' }).click();
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expect(dialog.getByRole('option', { name: /Org-wide key/ })).toBeDisabled();
  await expect(dialog.getByRole('option', { name: /Org-wide key/ })).toContainText('not allowed by the org’s policy');
  await expect(dialog.getByRole('button', { name: '90 days' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: '1 year' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: '30 days', exact: true })).toBeEnabled();
  await expect(dialog.getByRole('button', { name: 'No expiry' })).toHaveCount(0);
  await expect(dialog.getByText(/keys expire within 30 days/)).toBeVisible();
  await expect(dialog.getByTestId('key-expires')).not.toHaveValue('');

  await dialog.getByLabel('Name').fill('Policy compliant');
  await dialog.getByTestId('key-owner').selectOption({ label: 'grace@acme.example (member)' });
  await dialog.getByTestId('label-input').fill('team:payments');
  await dialog.getByRole('button', { name: 'Add label' }).click();
  await dialog.getByTestId('label-input').fill('env:prod');
  await dialog.getByTestId('label-input').press('Enter');
  await expect(dialog.getByTestId('label-chip')).toHaveCount(2);
  await screenshot(app, 'create-key-dialog-policy');
  const createdAt = Date.now();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toBeVisible();
  await modal.getByRole('button', { name: 'Done' }).click();
  // Closing without copying or saving the key asks first.
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  await expect(modal).toHaveCount(0);

  const keys = await call<{ items: { name: string; kind: string; expiresAt: string | null; labels: object }[] }>(
    'listKeys',
    { orgId: acme.id },
  );
  const made = keys.items.find((k) => k.name === 'Policy compliant')!;
  expect(made.kind).toBe('user');
  expect(made.labels).toEqual({ env: 'prod', team: 'payments' });
  expect(made.expiresAt).not.toBeNull();
  expect(Date.parse(made.expiresAt!)).toBeLessThanOrEqual(createdAt + 30 * DAY + 60_000);
  expect(Date.parse(made.expiresAt!)).toBeGreaterThan(createdAt + 29 * DAY);

  // Labels added in the dialog filter the table.
  await expect(keyRow(app, 'Policy compliant').getByTestId('label-chip')).toHaveCount(2);
  await app.getByTestId('label-filter').fill('team:payments');
  await expect(
    keysTable(app)
      .getByRole('row')
      .filter({ has: app.getByRole('gridcell') }),
  ).toHaveCount(1);
  await expect(keyRow(app, 'Policy compliant')).toBeVisible();
  await app.getByTestId('label-filter').fill('team:payments env:dev');
  await expect(keyRow(app, 'Policy compliant')).toHaveCount(0);
  await app.getByTestId('label-filter').fill('env');
  await expect(keyRow(app, 'Policy compliant')).toBeVisible();
  await screenshot(app, 'keys-label-filter');
});

test('the create dialog follows a policy set through the API; the engine refuses what it forbids, naming the setting', async ({
  app,
  call,
}) => {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  await call('putPolicy', {
    orgId: acme.id,
    policy: {
      maxLifetimeDays: null,
      requireExpiry: true,
      maxGraceSeconds: 0,
      allowedScopes: ['rest'],
      allowOrgKeys: true,
      allowImpersonation: false,
    },
  });
  // What the dialog would never send: refused by the engine with the setting named.
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  const grace = members.find((m) => m.user.email === 'grace@acme.example')!;
  await expect(call('createKey', { orgUserId: grace.id, name: 'no expiry' })).rejects.toThrow(
    /POLICY_VIOLATION .*requireExpiry/,
  );

  await reloadToKeys(app);
  await app.getByRole('button', { name: 'New key…' }).click();
  const dialog = app.getByTestId('create-key-dialog');
  await expect(dialog.getByRole('checkbox', { name: /^integration/ })).toBeDisabled();
  await expect(dialog.getByRole('checkbox', { name: /^rest/ })).toBeChecked();
  await expect(dialog.getByText(/every key must have an expiry/)).toBeVisible();
  const impersonate = dialog.getByRole('checkbox', { name: /Can impersonate/ });
  if (await impersonate.count()) await expect(impersonate).toBeDisabled();
});

test('a key made before a stricter policy shows POLICY_VIOLATION in the estate, with its labels', async ({
  app,
  call,
}) => {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  const grace = members.find((m) => m.user.email === 'grace@acme.example')!;
  const old = await call<{ key: { id: number } }>('createKey', {
    orgUserId: grace.id,
    name: 'Made before the policy',
    labels: { team: 'payments' },
  });
  await call('putPolicy', {
    orgId: acme.id,
    policy: {
      maxLifetimeDays: 30,
      requireExpiry: true,
      maxGraceSeconds: null,
      allowedScopes: ['ui', 'rest', 'integration'],
      allowOrgKeys: true,
      allowImpersonation: true,
    },
  });
  const findings = await call<{ counts: Record<string, number>; items: { key: { id: number } }[] }>('keyFindings', {
    orgId: acme.id,
    code: 'POLICY_VIOLATION',
  });
  expect(findings.items.map((i) => i.key.id)).toContain(old.key.id);

  await app.getByTestId('open-overview').click();
  const card = app.getByTestId('overview').getByTestId('card-POLICY_VIOLATION');
  await expect(card.locator('.finding-count')).toHaveText(String(findings.counts.POLICY_VIOLATION));
  await card.click();
  const row = app.getByTestId(`estate-row-Local sandbox-${old.key.id}`);
  await expect(row).toContainText('policy violation');
  await expect(row.getByTestId('label-chip')).toContainText('payments');
  // Filtered by a finding, every row leads with it: a narrow cell cuts the others, never it.
  const leads = await app
    .getByTestId('estate-rows')
    .locator('.et-row')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('.tag-warn')?.textContent));
  expect(leads.length).toBeGreaterThan(1);
  for (const lead of leads) expect(lead).toBe('policy violation');
  await screenshot(app, 'estate-policy-violation');
});
