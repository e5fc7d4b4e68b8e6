// The estate's cells in the browser through the harness (docs/estate.md "In the app"):
// each key's state in words on the estate table (the demo's disabled, rolled and expired
// keys), and a down server's long error on the Overview kept to one line at 1024×700,
// its whole text behind "More", with the longest names there are (an 80-character profile,
// a 200-character org).
import { randomBytes } from 'node:crypto';
import { formatKey } from '../../src/shared/keyFormat';
import { closedPort } from '../integration/backend/support/faultServer';
import { expect, test } from './fixtures';

test('estate table: every key shows its state in words: enabled, disabled, in grace, expired', async ({
  app,
  call,
}) => {
  const profile = (await call('listProfiles')).profiles[0];
  const row = async (name: string, state: string) => {
    const page = await call('estateKeys', { filter: { q: name }, limit: 10 });
    return page.rows.find((r: any) => r.name === name && r.state === state);
  };
  // The truth from main: the demo data holds one key of each state.
  const paused = await row('Paused integration', 'disabled');
  const graced = await row('Nightly export', 'inGrace');
  const rolledTo = await row('Nightly export', 'enabled');
  const expired = await row('Old migration script', 'expired');
  const enabled = await row('CI deploy', 'enabled');
  for (const r of [paused, graced, rolledTo, expired, enabled]) expect(r).toBeTruthy();

  await app.getByTestId('open-overview').click();
  await app.getByRole('button', { name: 'All keys' }).click();
  const cases: [any, string, string][] = [
    [paused, 'disabled', 'Disabled'],
    [graced, 'inGrace', 'In grace'],
    [rolledTo, 'enabled', 'Enabled'],
    [expired, 'expired', 'Expired'],
    [enabled, 'enabled', 'Enabled'],
  ];
  for (const [r, state, words] of cases) {
    await app.getByLabel('Search', { exact: true }).fill(r.name);
    const cell = app.getByTestId(`estate-row-${profile.name}-${r.keyId}`).getByTestId('estate-state');
    await expect(cell).toHaveAttribute('data-state', state);
    // Said in words, not by colour alone.
    await expect(cell).toHaveText(words);
  }
  await expect(app.getByRole('columnheader', { name: 'Status' })).toBeVisible();
});

test('Overview: a down server keeps its error to one line at 1024×700, with the longest names', async ({
  app,
  call,
}) => {
  await app.setViewportSize({ width: 1024, height: 700 });
  const name = `Down ${'very-long-profile-name-'.repeat(4)}`.slice(0, 80);
  const orgName = `Org ${'with-a-very-long-name-'.repeat(10)}`.slice(0, 200);
  expect([name.length, orgName.length]).toEqual([80, 200]);
  await call('createOrg', { name: orgName });
  await call('createProfile', {
    backend: 'remote',
    name,
    environment: 'sandbox',
    url: `http://127.0.0.1:${await closedPort()}`,
    // Well-formed (a malformed one is refused before any connection), and no server to send it to.
    credential: formatKey('sandbox', randomBytes(20)),
  });
  const truth = (await call('estateOverview', { refresh: true })).profiles.find((p: any) => p.name === name);
  expect(truth.status).toBe('unreachable');
  expect(truth.message.length).toBeGreaterThan(20);

  await app.getByTestId('open-overview').click();
  const status = app.getByTestId(`profile-${name}`).getByTestId('profile-status');
  await expect(status).toHaveAttribute('data-status', 'unreachable');
  const line = status.getByTestId('profile-status-line');
  await expect(line).toHaveAttribute('title', truth.message);
  await expect(status.getByTestId('profile-status-message')).toHaveText(truth.message);

  // One line: the status line is one line high, and the row far short of two healthy rows.
  const oneLine = (e: Element) => e.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(e).lineHeight);
  expect(await line.evaluate(oneLine)).toBe(true);
  const demo = (await call('listProfiles')).profiles[0];
  const okRow = await app.getByTestId(`profile-${demo.name}`).boundingBox();
  const downRow = await app.getByTestId(`profile-${name}`).boundingBox();
  expect(downRow!.height).toBeLessThan(1.5 * okRow!.height);
  // Cut, not wrapped: the text is wider than its box.
  expect(await line.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  // The long org's row too stays one line.
  const orgRow = await app
    .getByRole('row')
    .filter({ hasText: orgName.slice(0, 30) })
    .boundingBox();
  expect(orgRow!.height).toBeLessThan(1.5 * okRow!.height);
  // The page itself never scrolls sideways: only the breakdown table's own box may.
  expect(await app.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // "More" shows the whole message in a row of its own, "Less" folds it again.
  await status.getByRole('button', { name: 'More' }).click();
  await expect(status.getByRole('button', { name: 'Less' })).toHaveAttribute('aria-expanded', 'true');
  await expect(app.getByTestId('profile-status-detail')).toHaveText(truth.message);
  await status.getByRole('button', { name: 'Less' }).click();
  await expect(status.getByRole('button', { name: 'More' })).toHaveAttribute('aria-expanded', 'false');
  await expect(app.getByTestId('profile-status-detail')).toHaveCount(0);
});
