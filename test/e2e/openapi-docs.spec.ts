// GET /docs of a real `keywarden serve`: Swagger UI renders the API's operations from
// /openapi.json in Chromium, under the page's CSP, with no console error or CSP violation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { initCore, startCore, type CoreServer } from './support-core';

let dir: string;
let server: CoreServer;

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-docs-e2e-'));
  const db = path.join(dir, 'core.db');
  initCore(db, { email: 'owner@example.com', org: 'Alpha' });
  server = await startCore(db);
});

test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('/docs renders every operation from /openapi.json without a console error or CSP violation', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A violation is also reported as an event in the page, whether or not it is logged.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  const reply = await page.goto(`${server.url}/docs`);
  expect(reply?.status()).toBe(200);
  expect(reply?.headers()['content-security-policy']).toContain("default-src 'self'");

  await expect(page.getByText('Keywarden Core API').first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: /^\/user\/apiKey$/ }).first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/user/users/me' }).first()).toBeVisible();
  // Opening an operation renders its schemas, which is where a CSP would bite (styles, eval).
  await page.locator('.opblock-summary-path', { hasText: '/user/users/me' }).first().click();
  await expect(page.locator('.opblock-body').first()).toBeVisible();
  expect(problems).toEqual([]);
});
