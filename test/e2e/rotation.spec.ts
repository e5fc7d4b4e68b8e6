// docs/usage-and-rotation.md "Rotation that finishes the job", in the app: roll with
// "revoke when quiet 1 minute" on a local profile whose engine runs on a manual clock; the
// rotation panel shows the old key in use, then — once it has been quiet for a minute of
// that clock and the sweeper (every 5 s) has run — revoked.
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../../src/main/engine';
import { expect, keyRow, reloadToKeys, test } from './fixtures';

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
