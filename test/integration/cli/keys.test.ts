// `keywarden profiles list` and `keywarden keys …` (docs/cli.md): the real bin against a data
// dir made by the app's own services, a private keyring, and a real `keywarden serve` for a
// remote profile.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteAdapters } from '../../../src/main/shell/remote';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { isolatedEnv, secretToolLookup } from '../keychain/privateKeyring';
import { BIN, kw, widest } from './support';

let app: TestApp;
let dir: string;
let server: ChildProcess | undefined;
let orgName = '';
const KEY = /^kw_test_[0-9A-Za-z]{33}\n$/;

const at = (args: string[], input?: string) => kw([...args, '--data-dir', app.dataDir], { input });

async function serve(db: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
}

beforeAll(async () => {
  app = await startTestApp(remoteAdapters());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-keys-'));
  await app.call('createProfile', { backend: 'local', name: 'Prod', environment: 'production' });
  const db = path.join(dir, 'remote.db');
  const init = kw(['init', '--db', db, '--email', 'ops@example.com', '--org', 'Remote Org']);
  const { apiKey } = JSON.parse(init.stdout) as { apiKey: string };
  const url = await serve(db);
  await app.call('createProfile', {
    backend: 'remote',
    name: 'Remote',
    environment: 'sandbox',
    url,
    credential: apiKey,
  });
  const orgs = await (await app.services.workspace.backend()).listOrgs();
  orgName = orgs.items[0].name;
  // The app and the CLI share the files; the CLI must not need the app closed, but the
  // test keeps one writer at a time so its expectations are exact.
  await app.services.workspace.closeCurrent();
}, 120_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('keywarden profiles list', () => {
  it('lists the app profiles, the current one marked, in 80 columns and as JSON', () => {
    const r = at(['profiles', 'list']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\*\s+\d+\s+Local sandbox\s+sandbox\s+local$/m);
    expect(r.stdout).toMatch(/Prod\s+production\s+local/);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const j = JSON.parse(at(['profiles', 'list', '--json']).stdout);
    expect(j.profiles.map((p: { name: string }) => p.name)).toEqual(['Local sandbox', 'Prod', 'Remote']);
    expect(typeof j.currentId).toBe('number');
  });
});

describe('keywarden keys', () => {
  it('create prints the key alone; show, update, disable, enable, check, roll, delete', () => {
    const created = at(['keys', 'create', '--org', orgName, '--name', 'cli made', '--label', 'team=ops']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(KEY);
    const key = created.stdout.trim();

    const list = JSON.parse(at(['keys', 'list', '--org', orgName, '--q', 'cli made', '--json']).stdout);
    expect(list.keys).toHaveLength(1);
    const id = list.keys[0].id as number;
    expect(list.keys[0]).toMatchObject({ name: 'cli made', labels: { team: 'ops' }, start: key.slice(0, 12) });
    const table = at(['keys', 'list', '--org', orgName]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+START\s+STATUS\s+EXPIRES\s+LAST USED$/m);
    expect(widest(table.stdout)).toBeLessThanOrEqual(80);
    expect(
      JSON.parse(at(['keys', 'list', '--org', orgName, '--label', 'team:ops', '--json']).stdout).keys,
    ).toHaveLength(1);

    expect(JSON.parse(at(['keys', 'show', String(id), '--json']).stdout)).toMatchObject({ id, name: 'cli made' });
    const upd = JSON.parse(at(['keys', 'update', String(id), '--name', 'renamed', '--json']).stdout);
    expect(upd).toMatchObject({ id, name: 'renamed' });

    expect(at(['keys', 'disable', String(id)]).stdout).toContain('disabled');
    let check = at(['keys', 'check', '--json'], key);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: false, code: 'DISABLED' });
    expect(at(['keys', 'enable', String(id)]).stdout).toContain('enabled');
    check = at(['keys', 'check', '--json'], key);
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: true });
    expect(check.stdout).not.toContain(key);

    const rolled = at(['keys', 'roll', String(id), '--grace-seconds', '0']);
    expect(rolled.status, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(KEY);
    expect(rolled.stdout.trim()).not.toBe(key);
    const newId = JSON.parse(at(['keys', 'list', '--org', orgName, '--q', 'renamed', '--json']).stdout).keys.at(-1)
      .id as number;
    const del = at(['keys', 'delete', String(newId), '--json']);
    expect(JSON.parse(del.stdout)).toEqual({ deleted: newId });
    expect(at(['keys', 'check'], rolled.stdout).status).toBe(1);
  });

  it('production: a change is refused without --confirm and the key name, done with it', async () => {
    const refused = at(['keys', 'create', '--profile', 'Prod', '--name', 'prod key']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^keywarden: BAD_REQUEST: .*--confirm "prod key"/);
    const ok = at(['keys', 'create', '--profile', 'Prod', '--name', 'prod key', '--confirm', 'prod key']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^kw_live_[0-9A-Za-z]{33}\n$/);
    const id = JSON.parse(at(['keys', 'list', '--profile', 'Prod', '--q', 'prod key', '--json']).stdout).keys[0].id;
    expect(at(['keys', 'delete', String(id), '--profile', 'Prod']).status).toBe(1);
    expect(at(['keys', 'delete', String(id), '--profile', 'Prod', '--confirm', 'wrong']).status).toBe(1);
    expect(at(['keys', 'delete', String(id), '--profile', 'Prod', '--confirm', 'prod key']).status).toBe(0);
  });

  it('several keys at once: all checked before any change; production needs the profile name', () => {
    const make = (name: string) =>
      at(['keys', 'create', '--profile', 'Prod', '--name', name, '--confirm', name, '--json']).status;
    expect([make('bulk a'), make('bulk b')]).toEqual([0, 0]);
    const list = () =>
      JSON.parse(at(['keys', 'list', '--profile', 'Prod', '--q', 'bulk', '--json']).stdout).keys as {
        id: number;
        status: string;
      }[];
    const ids = list().map((k) => String(k.id));
    expect(ids).toHaveLength(2);
    const byKeyName = at(['keys', 'disable', ...ids, '--profile', 'Prod', '--confirm', 'bulk a']);
    expect(byKeyName.status).toBe(1);
    expect(byKeyName.stderr).toMatch(/^keywarden: BAD_REQUEST: .*--confirm "Prod" to change 2 keys/);
    const unknown = at(['keys', 'disable', ...ids, '999999', '--profile', 'Prod', '--confirm', 'Prod']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^keywarden: NOT_FOUND/);
    expect(list().map((k) => k.status)).toEqual(['enabled', 'enabled']);
    const done = at(['keys', 'disable', ...ids, '--profile', 'Prod', '--confirm', 'Prod', '--json']);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).keys.map((k: { status: string }) => k.status)).toEqual(['disabled', 'disabled']);
    const rolled = at(['keys', 'roll', ...ids, '--profile', 'Prod', '--confirm', 'Prod']);
    expect(rolled.stdout).toMatch(/^kw_live_[0-9A-Za-z]{33}\nkw_live_[0-9A-Za-z]{33}\n$/);
    const gone = at(['keys', 'delete', ...ids, '--profile', 'Prod', '--confirm', 'Prod', '--json']);
    expect(JSON.parse(gone.stdout)).toEqual({ deleted: ids.map(Number) });
  });

  it('--save-to-keychain stores the key in the OS keychain and prints only where', () => {
    const r = at(['keys', 'create', '--org', orgName, '--name', 'kept', '--save-to-keychain', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { key: { id: number }; keychain: { service: string; account: string } };
    expect(r.stdout).not.toMatch(/kw_test_[0-9A-Za-z]{33}/);
    const stored = secretToolLookup(out.keychain.service, out.keychain.account);
    expect(stored).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
  });

  it('a remote profile works through a real keywarden serve', () => {
    const r = at(['keys', 'list', '--profile', 'Remote', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keys).toHaveLength(1);
    const c = at(['keys', 'create', '--profile', 'Remote', '--name', 'over http']);
    expect(c.stdout).toMatch(KEY);
  });

  it('bad flags exit 2; unknown profile, org and key exit 1 with a code', () => {
    expect(at(['keys', 'list', '--bogus']).status).toBe(2);
    expect(at(['keys', 'show']).status).toBe(2);
    expect(at(['keys', 'show', 'abc']).status).toBe(2);
    expect(at(['keys', 'frobnicate']).status).toBe(2);
    expect(at(['keys', 'create', '--org', orgName]).status).toBe(2);
    const p = at(['keys', 'list', '--profile', 'Nope']);
    expect([p.status, p.stderr]).toEqual([1, expect.stringMatching(/^keywarden: NOT_FOUND: no profile "Nope"/)]);
    const o = at(['keys', 'list', '--org', 'Nope']);
    expect([o.status, o.stderr]).toEqual([1, expect.stringMatching(/^keywarden: NOT_FOUND: no org "Nope"/)]);
    const k = at(['keys', 'show', '99999']);
    expect([k.status, k.stderr]).toEqual([1, expect.stringMatching(/^keywarden: NOT_FOUND: /)]);
    const none = kw(['profiles', 'list', '--data-dir', path.join(dir, 'none')]);
    expect([none.status, none.stderr]).toEqual([1, expect.stringMatching(/NOT_FOUND: no Keywarden data/)]);
    expect(at(['keys', '--help']).status).toBe(0);
    expect(at(['keys', 'create', '--help']).stdout).toContain('--save-to-keychain');
  });

  it('keyring absent: a remote profile fails with a clear error, not a crash', () => {
    const { env } = isolatedEnv();
    const r = kw(['keys', 'list', '--profile', 'Remote', '--data-dir', app.dataDir], { env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^keywarden: (KEYCHAIN_UNAVAILABLE|NOT_FOUND): .*keyring/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
