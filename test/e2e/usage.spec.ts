// docs/usage-and-rotation.md in the app: the 30-day sparkline per key (one batched request
// per page of keys), the calls-per-day chart in a key's details, and roll's "revoke the old
// key when quiet" choice. The demo profile seeds a month of usage for "CI deploy".
import { closeRotation, expect, keyRow, reloadToKeys, screenshot, test } from './fixtures';
import { expectInside } from './layout';

test('sparklines load a page at a time in batched requests and the details chart renders with seeded usage', async ({
  app,
}) => {
  const batches: number[][] = [];
  app.on('request', (r) => {
    if (r.url().includes('/__ipc/keysUsage'))
      batches.push((r.postDataJSON() as { payload: { ids: number[] } }).payload.ids);
  });
  await reloadToKeys(app);
  const ci = keyRow(app, 'CI deploy');
  const spark = ci.getByTestId('sparkline');
  await expect(spark).toBeVisible();
  const label = await spark.getAttribute('aria-label');
  expect(Number(/^(\d+) calls/.exec(label ?? '')?.[1])).toBeGreaterThan(1000);
  // Every visible row has its line, from one keysUsage call rather than one per row.
  const rows = await app.locator('.kt-row').count();
  await expect(app.locator('.kt-row [data-testid="sparkline"]')).toHaveCount(rows);
  // Seen, not merely present: the line sits whole inside its cell and the time beside it is
  // not cut (the Last used column once clipped both: "never…" and no line at all).
  for (const row of [ci, keyRow(app, 'Paused integration')]) {
    const cell = row.locator('.kt-lastUsedAt');
    await expectInside(row.getByTestId('sparkline'), cell);
    const text = row.locator('.kt-lastUsedText');
    expect(await text.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  }
  // The rows on screen are asked for together, never one request per row (the workspace
  // reset at start-up may ask once more, for the same page).
  expect(batches.length).toBeLessThanOrEqual(2);
  for (const ids of batches) expect(ids.length).toBe(rows);

  await ci.click();
  const details = app.getByTestId('key-details');
  const chart = details.getByTestId('usage-chart');
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(chart.getByTestId('usage-total')).toContainText(/\d+ ok · \d+ refused/);
  await screenshot(app, 'key-usage');
});

test('roll with "revoke when quiet 1 minute": the old key shows the setting', async ({ app }) => {
  await keyRow(app, 'Acme site-wide sync').click();
  const details = app.getByTestId('key-details');
  await details.getByLabel('Grace period', { exact: true }).fill('2');
  // The panel's width, so its longest choice reads whole: squeezed to 200 px with its label,
  // it showed "never (grace perio".
  const quiet = details.getByTestId('revoke-when-quiet-select');
  expect((await quiet.boundingBox())!.width).toBeGreaterThan(250);
  await quiet.selectOption('60');
  await details.getByRole('button', { name: 'Roll…' }).click();
  const confirm = app.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('or until it has gone unused for 1 minute');
  await confirm.getByRole('button', { name: 'Roll key' }).click();
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  await expect(modal).toHaveCount(0);
  await closeRotation(app);
  await keyRow(app, 'Acme site-wide sync').and(app.locator('.state-rolled')).click();
  await expect(app.getByTestId('revoke-when-quiet')).toContainText('after 1 minute without use');
});

test('the audit view verifies a local profile’s hash chain', async ({ app }) => {
  await app.getByRole('button', { name: 'Audit log' }).click();
  await app.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(app.getByTestId('audit-verify-result')).toContainText(
    /Chain intact: [\d,]+ entries\. Per-call events are kept 90 days\./,
  );
});
