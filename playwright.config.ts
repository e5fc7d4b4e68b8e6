import { defineConfig } from '@playwright/test';

const chromium = process.env.KEYWARDEN_CHROMIUM ?? '/usr/bin/chromium';

// Each test starts its own harness (real main-process services on a fresh temp data dir)
// in the test process, so tests can look at the data dir and the clipboard directly.
export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/harness/globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
