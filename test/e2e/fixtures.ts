// Playwright fixtures: a fresh harness per test (real services, fresh data dir with the
// first-start demo profile) and a page opened on it that records CSP violations and page
// errors, which every test then requires to be empty.
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { Envelope } from '../../src/shared/ipc/contract';
import { startHarness, type Harness, type HarnessOptions } from '../harness/server';

/** Every view's picture lands in the docs (docs/desktop-app.md links them), so a reader sees what the tests saw. */
export const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

interface Fixtures {
  /** Extra harness options for a spec (`test.use({ harnessOptions: { now } })`). */
  harnessOptions: Partial<HarnessOptions>;
  harness: Harness;
  app: Page;
  /** Calls an operation on the harness's services directly (test setup and checks, not the UI). */
  call: <T = any>(op: string, payload?: unknown) => Promise<T>;
}

export const test = base.extend<Fixtures>({
  harnessOptions: [{}, { option: true }],
  harness: async ({ harnessOptions }, use) => {
    const harness = await startHarness({ ...harnessOptions, build: false });
    await use(harness);
    await harness.close();
  },

  call: async ({ harness }, use) => {
    await use(async (op, payload) => {
      const r = (await harness.services.dispatch(op, payload)) as Envelope<any>;
      if (!r.ok) throw new Error(`${op} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    });
  },

  app: async ({ page, harness }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Every console error counts, a CSP complaint about the policy itself included
      // (frame-ancestors lives in the header only, never in the meta tag).
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(harness.url);
    // The Overview is home (docs/estate.md); most specs are about one org's keys, so they start there.
    await expect(page.getByTestId('overview')).toBeVisible();
    await openKeys(page);
    await use(page);
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp).catch(() => [] as string[]);
    expect(csp, 'CSP violations').toEqual([]);
    expect(problems, 'page errors').toEqual([]);
  },
});

export { expect };

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage });
}

/** Every byte of the current profiles' database files (main db, WAL, shared memory). */
export function profileDbBytes(dataDir: string): Buffer {
  const dir = path.join(dataDir, 'profiles');
  const files = fs.readdirSync(dir).filter((f) => /\.db(-wal|-shm)?$/.test(f));
  if (files.length === 0) throw new Error(`no database files in ${dir}`);
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
}

export const keysTable = (page: Page) => page.getByTestId('keys-table');
export const keyRow = (page: Page, name: string) => keysTable(page).getByRole('row').filter({ hasText: name });

/** From the Overview (where the app opens, and lands again on reload) to the open profile's keys. */
export async function openKeys(page: Page): Promise<void> {
  await page.getByTestId('open-keys').click();
  await expect(page.getByTestId('overview')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Reloads the page and goes back to the keys, as a user would after a restart. */
export async function reloadToKeys(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('overview')).toBeVisible();
  await openKeys(page);
}

/** Closes the rotation view that opens after a roll, once the one-time display has closed. */
export async function closeRotation(page: Page): Promise<void> {
  const view = page.getByTestId('rotation-view');
  await expect(view).toBeVisible();
  await view.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(view).toHaveCount(0);
}
