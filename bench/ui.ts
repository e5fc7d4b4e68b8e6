// npm run bench:ui — the renderer with a 50,000-key org, in Chromium, against the real
// main-process services: time to the first rows, time until every page has loaded, the
// median filter-keystroke latency and scrolling frame times; then the estate table at
// 120,000 keys (bench/uiEstate.ts). BENCH_UI_ONLY=keys|estate runs one. Printed, not asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { CreateKeyInput, Scope } from '../src/shared/domain';
import { Engine } from '../src/main/engine';
import { createKeytarStore } from '../src/main/secrets/keytarStore';
import { createMainServices } from '../src/main/app';
import { startHarness } from '../test/harness/server';
import { benchEstate } from './uiEstate';
import { median, ms, pct } from './uiStats';

const KEYS = Number(process.env.BENCH_UI_KEYS ?? 50_000);
const BATCH = 5_000;
const CHROMIUM = process.env.KEYWARDEN_CHROMIUM ?? '/usr/bin/chromium';
const QUERY = process.env.BENCH_UI_QUERY ?? 'service 4217';

/** A data dir whose first-start demo profile gets KEYS more keys in its first org, through the engine. */
async function prepare(dataDir: string): Promise<{ org: string; total: number }> {
  const services = await createMainServices({
    dataDir,
    secretStore: createKeytarStore(),
    clipboard: { readText: () => '', writeText: () => {} },
  });
  await services.close();
  const dir = path.join(dataDir, 'profiles');
  const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.db'));
  const engine = Engine.open(path.join(dir, file));
  try {
    const owner = engine.owner();
    const org = engine.directory.listOrgs(owner).items[0];
    const members = engine.directory.listMembers(owner, org.id).items.filter((m) => m.status === 'active');
    const scopeSets: Scope[][] = [['rest'], ['rest', 'integration'], ['ui'], ['ui', 'rest', 'integration']];
    const soon = Date.now() + 3 * 86_400_000;
    for (let done = 0; done < KEYS; done += BATCH) {
      const inputs: CreateKeyInput[] = [];
      for (let i = done; i < Math.min(KEYS, done + BATCH); i++) {
        const settings = {
          name: `Service ${i} ${['billing', 'reporting', 'sync', 'deploy', 'export'][i % 5]}`,
          scopes: scopeSets[i % scopeSets.length],
          readOnly: i % 7 === 0,
          ...(i % 11 === 0 ? { expiresAt: new Date(soon + i * 1000).toISOString() } : {}),
        };
        inputs.push(
          i % 13 === 0
            ? { kind: 'org', orgId: org.id, ...settings }
            : { orgUserId: members[i % members.length].id, ...settings },
        );
      }
      // The raw keys in the reply are dropped at once: the bench never needs them.
      void engine.keys.createMany(owner, inputs);
    }
    const total = (
      engine.database
        .prepare('SELECT COUNT(*) AS n FROM api_keys WHERE org_id = ? AND revoked_at IS NULL')
        .get(org.id) as { n: number }
    ).n;
    return { org: org.name, total };
  } finally {
    engine.close();
  }
}

// In-page probes are strings: tsx compiles functions with esbuild's keepNames, whose
// __name() helper does not exist in the page.
const LATENCY_PROBE = `(() => {
  window.__lat = [];
  const input = document.querySelector('[data-testid="key-search"]');
  input.addEventListener('input', (e) => {
    const start = e.timeStamp;
    const want = input.value;
    const frame = () => {
      const table = document.querySelector('[data-testid="keys-table"]');
      if (table && table.dataset.appliedQuery === want) window.__lat.push(performance.now() - start);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
})()`;

const FRAME_PROBE = `(() => {
  window.__frames = [];
  window.__stop = false;
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (!window.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const FIRST_ROWS_PROBE = `new MutationObserver((_m, obs) => {
  if (document.querySelector('.kt-row')) {
    window.__firstRows = performance.now();
    obs.disconnect();
  }
}).observe(document, { childList: true, subtree: true });`;

const ONLY = process.env.BENCH_UI_ONLY;

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    if (ONLY !== 'estate') await benchKeys(browser);
    if (ONLY !== 'keys') await benchEstate(browser);
  } finally {
    await browser.close();
  }
}

async function benchKeys(browser: Browser): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-bench-ui-'));
  const t0 = performance.now();
  const { org, total } = await prepare(dataDir);
  const prepMs = performance.now() - t0;
  const harness = await startHarness({ dataDir, log: (l) => process.stderr.write(`${l}\n`) });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Timestamps from the page's own clock (performance.now(), 0 = navigation start).
    await page.addInitScript(FIRST_ROWS_PROBE);
    await page.goto(harness.url);
    // The app opens on the Overview (its home view); the keys are one click away.
    await page.getByTestId('open-keys').waitFor();
    const keysClickAt = await page.evaluate(() => performance.now());
    await page.getByTestId('open-keys').click();
    await page.waitForSelector('.kt-row');
    const firstRows = await page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
    await page.waitForFunction(() => !document.querySelector('.loading-dot'), undefined, {
      timeout: 300_000,
      polling: 100,
    });
    const allLoaded = await page.evaluate(() => performance.now());
    const rowCount = await page.getByTestId('keys-table').getAttribute('data-row-count');

    // Keystroke latency: from the input event to the first animation frame in which the
    // table shows the result for the new query.
    await page.evaluate(LATENCY_PROBE);
    const search = page.getByTestId('key-search');
    await search.focus();
    const strokes: string[] = [...QUERY.split(''), ...Array(QUERY.length).fill('Backspace'), ...'deploy'.split('')];
    for (const [i, key] of strokes.entries()) {
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      await page.waitForFunction((n) => (window as unknown as { __lat: number[] }).__lat.length >= n, i + 1, {
        polling: 'raf',
      });
    }
    const lat = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
    const shownForDeploy = await page.getByTestId('keys-table').getAttribute('data-row-count');

    // Scrolling the full list: frame intervals while wheeling through it.
    await search.fill('');
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid="keys-table"]')!.dataset.appliedQuery === '',
    );
    await page.hover('.kt-scroll');
    await page.evaluate(FRAME_PROBE);
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 2400);
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames.slice(1);
    });

    const version = browser.version();
    console.log(
      `bench:ui — ${total.toLocaleString('en')} keys in "${org}", Chromium ${version}, headless, ${os.cpus().length} cores`,
    );
    console.log(`  data prep (engine.createKeys):       ${ms(prepMs)}`);
    console.log(
      `  time to first rows:                  ${ms(firstRows)} after navigation start (${ms(firstRows - keysClickAt)} after the Keys click)`,
    );
    console.log(
      `  time until all pages loaded:         ${ms(allLoaded)} (${Number(rowCount).toLocaleString('en')} rows shown)`,
    );
    console.log(
      `  filter keystroke latency:            median ${ms(median(lat))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))} (n=${lat.length}; "${QUERY}" typed, erased, "deploy" typed → ${shownForDeploy} rows)`,
    );
    console.log(
      `  scrolling frame time:                median ${ms(median(frames))}, p95 ${ms(pct(frames, 95))} (n=${frames.length})`,
    );
  } finally {
    await harness.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
