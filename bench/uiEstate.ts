// bench:ui, the estate part: BENCH_UI_ESTATE_KEYS (120,000) keys over two local profiles,
// the app opened on its home view (the Overview), then the estate table: time to the
// Overview's counts, to the table's first rows, and the filter keystroke latency. Printed,
// not asserted (docs/estate.md sets the goal: a keystroke's result in under 50 ms).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import type { CreateKeyInput } from '../src/shared/domain';
import { Engine } from '../src/main/engine';
import { createKeytarStore } from '../src/main/secrets/keytarStore';
import { createMainServices } from '../src/main/app';
import { startHarness } from '../test/harness/server';
import { median, ms, pct } from './uiStats';

const KEYS = Number(process.env.BENCH_UI_ESTATE_KEYS ?? 120_000);
const BATCH = 5_000;
const QUERY = process.env.BENCH_UI_ESTATE_QUERY ?? 'service 4217';

/** The first-start demo profile and a second (production) local profile, each given half the keys. */
async function prepare(dataDir: string): Promise<number> {
  const services = await createMainServices({
    dataDir,
    secretStore: createKeytarStore(),
    clipboard: { readText: () => '', writeText: () => {} },
  });
  const made = (await services.dispatch('createProfile', {
    backend: 'local',
    name: 'Bench production',
    environment: 'production',
  })) as { ok: boolean };
  if (!made.ok) throw new Error('could not create the second profile');
  await services.close();
  const dir = path.join(dataDir, 'profiles');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.db'));
  let total = 0;
  for (const [p, file] of files.entries()) {
    const engine = Engine.open(path.join(dir, file));
    try {
      const owner = engine.owner();
      const org = engine.directory.listOrgs(owner).items[0];
      const members = engine.directory.listMembers(owner, org.id).items.filter((m) => m.status === 'active');
      const share = Math.ceil(KEYS / files.length);
      for (let done = 0; done < share; done += BATCH) {
        const inputs: CreateKeyInput[] = [];
        for (let i = p * share + done; i < p * share + Math.min(share, done + BATCH); i++) {
          const settings = { name: `Service ${i} ${['billing', 'reporting', 'sync', 'deploy', 'export'][i % 5]}` };
          inputs.push(
            i % 13 === 0 || members.length === 0
              ? { kind: 'org', orgId: org.id, ...settings }
              : { orgUserId: members[i % members.length].id, ...settings },
          );
        }
        void engine.keys.createMany(owner, inputs);
        total += inputs.length;
      }
    } finally {
      engine.close();
    }
  }
  return total;
}

// A string, as in ui.ts: no esbuild helpers in the page. For each keystroke: the frame that
// painted it (echo), and the frame whose table shows the new search's first page, also
// measured from when that search left for main.
const LATENCY_PROBE = `(() => {
  performance.setResourceTimingBufferSize(100000);
  window.__elat = [];
  const input = document.querySelector('.estate-filters input[type="search"]');
  input.addEventListener('input', (e) => {
    const start = e.timeStamp;
    const want = input.value;
    let echo = null;
    const frame = (t) => {
      if (echo === null) echo = t - start;
      const grid = document.querySelector('.estate-table');
      if (grid && grid.dataset.shownQuery === want) {
        const now = performance.now();
        const sent = performance.getEntriesByType('resource')
          .filter((r) => r.name.endsWith('/estateKeys') && r.startTime >= start)[0];
        window.__elat.push({ total: now - start, echo, query: sent ? now - sent.startTime : NaN });
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
})()`;

interface Lat {
  total: number;
  echo: number;
  query: number;
}

export async function benchEstate(browser: Browser): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-bench-ui-estate-'));
  const t0 = performance.now();
  const total = await prepare(dataDir);
  const prepMs = performance.now() - t0;
  const harness = await startHarness({ dataDir });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(harness.url);
    await page.waitForSelector('.finding-cards', { timeout: 300_000 });
    const overviewAt = await page.evaluate(() => performance.now());

    const clickAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'All keys' }).click();
    await page.waitForSelector('.estate-table[data-shown-query=""] .et-row[data-testid]', { timeout: 300_000 });
    const rowsAt = await page.evaluate(() => performance.now());
    const shownTotal = await page.getByTestId('estate-total').textContent();

    await page.evaluate(LATENCY_PROBE);
    await page.getByLabel('Search', { exact: true }).focus();
    const strokes: string[] = [...QUERY.split(''), ...Array(QUERY.length).fill('Backspace'), ...'deploy'.split('')];
    for (const [i, key] of strokes.entries()) {
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      await page.waitForFunction((n) => (window as unknown as { __elat: Lat[] }).__elat.length >= n, i + 1, {
        polling: 'raf',
        timeout: 60_000,
      });
    }
    const lat = await page.evaluate(() => (window as unknown as { __elat: Lat[] }).__elat);
    const forDeploy = await page.getByTestId('estate-total').textContent();
    const fig = (xs: number[]) => `median ${ms(median(xs))}, p95 ${ms(pct(xs, 95))}, max ${ms(Math.max(...xs))}`;

    console.log(
      `bench:ui estate — ${total.toLocaleString('en')} keys over 2 local profiles (${shownTotal} with the demo's)`,
    );
    console.log(`  data prep (engine.keys.createMany):       ${ms(prepMs)}`);
    console.log(`  Overview counted (home view):        ${ms(overviewAt)} after navigation start`);
    console.log(`  estate table first rows:             ${ms(rowsAt - clickAt)} after "All keys"`);
    console.log(
      `  filter keystroke → rows shown:       ${fig(lat.map((l) => l.total))} (n=${lat.length}; "${QUERY}" typed, erased, "deploy" typed → ${forDeploy})`,
    );
    console.log(
      `    of which query sent → rows shown:  ${fig(lat.map((l) => l.query).filter((x) => !Number.isNaN(x)))}`,
    );
    console.log(`  keystroke echo (next frame):         ${fig(lat.map((l) => l.echo))}`);
  } finally {
    await harness.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
