// Helpers for the role specs: one real `keywarden serve` per spec file with an org seeded
// through the Core API as its super admin, and remote profiles signed in with a role's key
// (docs/rules.md rules 2, 13, 17). The credentials those profiles store go to the private
// test keyring; `forgetCredentials` clears them after each test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CREDENTIALS_SERVICE, credentialAccount } from '../../src/main/secrets/types';
import { expect, reloadToKeys } from './fixtures';
import { coreCall, initCore, keyringClear, startCore, type CoreServer, type InitResult } from './support-core';

export const ROOT_EMAIL = 'root@example.com';

export interface MintedKey {
  id: number;
  apiKey: string;
}

export interface ServedOrg {
  server: CoreServer;
  root: InitResult;
  orgId: number;
  /** A Core API call, as the super admin unless another key is given. */
  http(method: string, p: string, body?: unknown, key?: string): Promise<any>;
  /** Adds someone to the org with a role; their membership id. */
  add(email: string, role: 'member' | 'admin'): Promise<number>;
  /** A key minted by the super admin (scopes ui and rest unless given). */
  mint(input: Record<string, unknown>): Promise<MintedKey>;
  stop(): Promise<void>;
}

/** A fresh Core database with a super admin, served on 127.0.0.1, and one org of theirs. */
export async function serveOrg(org: { name: string; allowUserKeys: boolean }): Promise<ServedOrg> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-roles-e2e-'));
  const db = path.join(dir, 'core.db');
  const root = initCore(db, { email: ROOT_EMAIL, org: 'Root Org' });
  const server = await startCore(db);
  const http = (method: string, p: string, body?: unknown, key = root.apiKey) =>
    coreCall(server.url, key, method, p, body);
  const orgId = (await http('POST', '/user/orgs', org)).id as number;
  return {
    server,
    root,
    orgId,
    http,
    add: async (email, role) =>
      (await http('POST', `/user/org/${orgId}/users`, { email, firstName: 'Test', lastName: role, role })).id,
    mint: async (input) => {
      const k = await http('POST', '/user/apiKey', { scopes: ['ui', 'rest'], ...input });
      return { id: k.id, apiKey: k.apiKey };
    },
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Call = <T = any>(op: string, payload?: unknown) => Promise<T>;

/** Profiles' credential entries in the keyring, to clear after each test. */
const accounts: string[] = [];
export function forgetCredentials(): void {
  for (const a of accounts.splice(0)) keyringClear(CREDENTIALS_SERVICE, a);
}

/** A remote profile on `url` whose credential is a role's key; its id. The app stays where it is. */
export async function addRemoteProfile(
  call: Call,
  installId: string,
  o: { url: string; name: string; credential: string },
): Promise<number> {
  const p = await call<{ id: number }>('createProfile', {
    backend: 'remote',
    name: o.name,
    environment: 'sandbox',
    url: o.url,
    credential: o.credential,
  });
  accounts.push(credentialAccount(p.id, installId));
  return p.id;
}

/** As addRemoteProfile, then switched to and the page reloaded on its keys. */
export async function openRemoteAs(
  app: Page,
  call: Call,
  installId: string,
  o: { url: string; name: string; credential: string },
): Promise<void> {
  const id = await addRemoteProfile(call, installId, o);
  await call('switchProfile', { id });
  await reloadToKeys(app);
}

/** Closes the one-time display without copying or saving the new key(s) shown. */
export async function discardOneTime(app: Page): Promise<void> {
  const modal = app.getByTestId('one-time-modal');
  await modal.getByRole('button', { name: 'Close', exact: true }).click();
  await modal.getByRole('button', { name: 'Close without saving' }).click();
  await expect(modal).toHaveCount(0);
}

/** Narrows the estate table to one profile and waits for its rows. */
export async function showEstateProfile(app: Page, profile: string, count: number): Promise<void> {
  const view = app.getByTestId('estate-table-view');
  // The filter whose label reads "Profile" (the grid's name says "profile" too).
  const filter = view.locator('label', { has: app.locator('span', { hasText: /^Profile$/ }) }).locator('select');
  await filter.selectOption({ label: profile });
  await expect(view.getByTestId('estate-total')).toHaveText(`${count} keys`);
}

/** One key's row of the estate table, by the profile it is listed under. */
export const estateRow = (app: Page, profile: string, keyId: number) =>
  app.getByTestId(`estate-row-${profile}-${keyId}`);

/** Runs an estate bulk action on the selected rows of a sandbox, past its confirmation; `done` keys succeed. */
export async function runEstateBulk(app: Page, button: string, done = 1): Promise<void> {
  await app.getByTestId('estate-table-view').getByRole('button', { name: button, exact: true }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Go' }).click();
  await expect(app.getByTestId('estate-bulk-result')).toHaveText(`${done} done, 0 failed`);
}
