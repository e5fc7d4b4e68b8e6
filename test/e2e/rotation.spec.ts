// docs/usage-and-rotation.md "Rotation that finishes the job", in the app: roll with
// "revoke when quiet 1 minute" on a local profile whose engine runs on a manual clock; the
// rotation panel shows the old key in use, then — once it has been quiet for a minute of
// that clock and the sweeper (every 5 s) has run — revoked.
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/main/engine';
import { closeRotation, expect, keyRow, reloadToKeys, screenshot, test } from './fixtures';

const clock = { t: Date.now(), now: () => clock.t };
test.use({ harnessOptions: { now: () => clock.now() } });

/** Uses a key as an HTTP client would, through a second engine on the profile's file (same clock). */
function useKey(dataDir: string, raw: string): void {
  const dir = path.join(dataDir, 'profiles');
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.db'));
  const engine = Engine.open(path.join(dir, file!), { now: clock.now, background: false });
  try {
    engine.me(engine.authenticate(raw, { method: 'GET', scope: 'rest', ip: '192.0.2.10', userAgent: 'e2e' }));
  } finally {
    engine.close();
  }
}

test('roll with revoke-when-quiet 1 minute: the rotation panel shows the old key in use, then revoked', async ({
  app,
  call,
  harness,
}) => {
  clock.t = Date.now();
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  const grace = members.find((m) => m.user.email === 'grace@acme.example')!;
  const old = await call<{ apiKey: string; handle: string; key: { id: number } }>('createKey', {
    orgUserId: grace.id,
    name: 'Rotating webhook',
  });
  await call('forgetSecret', { handle: old.handle });
  await reloadToKeys(app);

  await keyRow(app, 'Rotating webhook').click();
  const details = app.getByTestId('key-details');
  await details.getByLabel('Grace period', { exact: true }).fill('2');
  await details.getByTestId('revoke-when-quiet-select').selectOption('60');
  await details.getByRole('button', { name: 'Roll…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Roll key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  await closeRotation(app);

  // The old key is still in use by its callers.
  useKey(harness.dataDir, old.apiKey);
  const panel = app.getByTestId('rotation-panel');
  await expect(panel.getByTestId('rotation-state')).toHaveText('old key in use', { timeout: 20_000 });
  await expect(panel.getByTestId('rotation-calls')).toHaveText('1', { timeout: 20_000 });

  // Its callers moved over: a minute and more of quiet on the engine's clock.
  clock.t += 70_000;
  await expect(panel.getByTestId('rotation-state')).toHaveText('old key revoked', { timeout: 30_000 });
  const events = await call<{ items: { action: string; targetId: number }[] }>('listAudit', {
    action: 'key.revoke_quiet',
  });
  expect(events.items.map((e) => e.targetId)).toContain(old.key.id);
});

async function acmeMember(call: <T = any>(op: string, payload?: unknown) => Promise<T>) {
  const orgs = await call<{ id: number; name: string }[]>('listOrgs');
  const acme = orgs.find((o) => o.name === 'Acme Corp')!;
  const members = await call<{ id: number; user: { email: string } }[]>('listMembers', { orgId: acme.id });
  return members.find((m) => m.user.email === 'grace@acme.example')!;
}

async function newKey(call: <T = any>(op: string, payload?: unknown) => Promise<T>, orgUserId: number, name: string) {
  const k = await call<{ apiKey: string; handle: string; key: { id: number } }>('createKey', { orgUserId, name });
  await call('forgetSecret', { handle: k.handle });
  return k;
}

test('a single roll opens the rotation view once the new key is shown: old → new, calls, extend grace, revoke old now', async ({
  app,
  call,
  harness,
}) => {
  clock.t = Date.now();
  const grace = await acmeMember(call);
  const old = await newKey(call, grace.id, 'Billing webhook');
  await reloadToKeys(app);

  await keyRow(app, 'Billing webhook').click();
  const details = app.getByTestId('key-details');
  await details.getByLabel('Grace period', { exact: true }).fill('2');
  await details.getByRole('button', { name: 'Roll…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Roll key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toBeVisible();
  // Not over the one-time display: the new key is secured first.
  await expect(app.getByTestId('rotation-view')).toHaveCount(0);
  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();

  const view = app.getByTestId('rotation-view');
  await expect(view).toBeVisible();
  const item = view.getByTestId('rotation-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('rotation-old')).toContainText('Billing webhook');
  await expect(item.getByTestId('rotation-new')).toContainText('Billing webhook');
  await expect(item.getByTestId('rotation-old')).toContainText(old.apiKey.slice(0, 12));
  await expect(item.getByTestId('rotation-last-used')).toHaveText('never');
  await expect(item.getByTestId('rotation-left')).toContainText(/^(1 hour|2 hours 0 min)/);

  // Its callers still use it: the view refreshes itself and shows it.
  useKey(harness.dataDir, old.apiKey);
  useKey(harness.dataDir, old.apiKey);
  await expect(item.getByTestId('rotation-calls')).toHaveText(/^2 this hour/, { timeout: 20_000 });
  await expect(item.getByTestId('rotation-state')).toHaveText('old key in use');
  await expect(item.getByTestId('rotation-last-used')).toContainText('192.0.2.10');
  // The old key's details panel behind the view counts the same calls, not an older figure.
  await expect(app.getByTestId('rotation-panel').getByTestId('rotation-calls')).toHaveText('2');
  // And so does the calls-per-day chart under it.
  await expect(app.getByTestId('usage-chart').getByTestId('usage-total')).toHaveText('2 ok · 0 refused');
  await screenshot(app, 'rotation-single');
  // Each fact's label fits on one line at the app's normal window width.
  const labelLines = await item.locator('.rotation-facts dt').evaluateAll((dts) =>
    dts.map((dt) => {
      const range = document.createRange();
      range.selectNodeContents(dt);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
    }),
  );
  expect(labelLines.length).toBeGreaterThan(0);
  expect(labelLines).toEqual(labelLines.map(() => 1));

  // More time for its callers: a day later than the current end.
  await item.getByLabel('Extend grace by').selectOption('86400');
  await item.getByRole('button', { name: 'Extend grace' }).click();
  await expect(item.getByTestId('rotation-left')).toContainText(/^(25|26) hours/);
  const meta = await call<{ expiresAt: string }>('getKey', { id: old.key.id });
  expect(Date.parse(meta.expiresAt) - clock.t).toBeGreaterThan(25 * 3600_000);
  await screenshot(app, 'rotation-extended');

  // They moved over: revoke the old key now.
  await item.getByRole('button', { name: 'Revoke old now…' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('keeps working');
  await confirm.getByRole('button', { name: 'Revoke old key' }).click();
  await expect(item.getByTestId('rotation-state')).toHaveText('old key revoked');
  await expect(item.getByRole('button', { name: 'Revoke old now…' })).toHaveCount(0);
  await expect(item.getByRole('button', { name: 'Extend grace' })).toHaveCount(0);
  expect((await call<{ revokedAt: string | null }>('getKey', { id: old.key.id })).revokedAt).not.toBeNull();
  const events = await call<{ items: { action: string; targetId: number }[] }>('listAudit', {
    action: 'key.extend_grace',
  });
  expect(events.items.map((e) => e.targetId)).toContain(old.key.id);
  await closeRotation(app);
});

test('a bulk roll lists every rotation of the run; the Overview IN_GRACE card opens the view too', async ({
  app,
  call,
}) => {
  clock.t = Date.now();
  const grace = await acmeMember(call);
  for (const name of ['Queue A', 'Queue B', 'Queue C']) await newKey(call, grace.id, name);
  await reloadToKeys(app);
  for (const name of ['Queue A', 'Queue B', 'Queue C']) await keyRow(app, name).getByRole('checkbox').check();
  const bar = app.getByRole('region', { name: 'Bulk actions' });
  await bar.getByLabel('Grace period', { exact: true }).fill('3');
  await bar.getByLabel('Grace period unit').selectOption('hours');
  await bar.getByRole('button', { name: 'Roll…' }).click();
  await app.getByTestId('confirm-dialog').getByRole('button', { name: 'Roll 3 keys' }).click();
  const modal = app.getByTestId('one-time-modal');
  await expect(modal).toContainText('3 new keys');
  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  const bulk = app.getByTestId('bulk-dialog');
  await expect(app.getByTestId('rotation-view')).toHaveCount(0);
  await bulk.getByRole('button', { name: 'Close', exact: true }).last().click();

  const view = app.getByTestId('rotation-view');
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: 'Rotations of this bulk roll' })).toBeVisible();
  const items = view.getByTestId('rotation-item');
  await expect(items).toHaveCount(3);
  for (const name of ['Queue A', 'Queue B', 'Queue C'])
    await expect(items.filter({ hasText: name }).getByTestId('rotation-state')).toHaveText('old key quiet');
  await screenshot(app, 'rotation-bulk');
  await closeRotation(app);

  // From the Overview: every key in its grace period, these three among them.
  await app.reload();
  const card = app.getByTestId('card-IN_GRACE');
  await expect(card.locator('.finding-count')).not.toHaveText('0');
  await card.click();
  await expect(view.getByRole('heading', { name: 'Keys in their grace period' })).toBeVisible();
  for (const name of ['Queue A', 'Queue B', 'Queue C'])
    await expect(view.getByTestId('rotation-item').filter({ hasText: name })).toHaveCount(1);
  await screenshot(app, 'rotation-in-grace');
  await closeRotation(app);
});
