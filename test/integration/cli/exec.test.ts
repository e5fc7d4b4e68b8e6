// `keywarden exec` (docs/cli.md): the key goes from the private keyring into the child's
// environment only. The parent's stdout/stderr and every /proc/*/cmdline are searched for it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { BIN, kw } from './support';

let app: TestApp;
let dir: string;
let key = '';
let keyId = 0;
let unsavedId = 0;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'exec', '--data-dir', app.dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { child, exit, out: () => out, err: () => err };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 600 && !f(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!f()) throw new Error('timed out');
};

beforeAll(async () => {
  app = await startTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-exec-'));
  const orgs = await (await app.services.workspace.backend()).listOrgs();
  await app.services.workspace.closeCurrent();
  const r = kw([
    'keys',
    'create',
    '--org',
    orgs.items[0].name,
    '--name',
    'for exec',
    '--save-to-keychain',
    '--json',
    '--data-dir',
    app.dataDir,
  ]);
  keyId = JSON.parse(r.stdout).key.id;
  const { service, account } = JSON.parse(r.stdout).keychain;
  key = (await import('../keychain/privateKeyring')).secretToolLookup(service, account)!;
  const u = kw(['keys', 'create', '--org', orgs.items[0].name, '--name', 'not saved', '--data-dir', app.dataDir]);
  unsavedId = JSON.parse(
    kw(['keys', 'list', '--q', 'not saved', '--org', orgs.items[0].name, '--json', '--data-dir', app.dataDir]).stdout,
  ).keys[0].id;
  expect(u.status).toBe(0);
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('keywarden exec', () => {
  it('the child sees the key; our output and the process table never do', async () => {
    const mark = path.join(dir, 'seen');
    const script = `require('fs').writeFileSync(${JSON.stringify(mark)}, require('crypto').createHash('sha256').update(process.env.MY_KEY).digest('hex')); setTimeout(() => {}, 1500)`;
    const s = start(['--key', String(keyId), '--env', 'MY_KEY', '--json', '--', process.execPath, '-e', script]);
    await until(() => fs.existsSync(mark) && fs.readFileSync(mark, 'utf8').length === 64);
    let cmdlines = '';
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        cmdlines += fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      } catch {
        // Gone already.
      }
    }
    expect(cmdlines).toContain('MY_KEY');
    expect(cmdlines).not.toContain(key);
    expect(await s.exit).toBe(0);
    expect(fs.readFileSync(mark, 'utf8')).toBe(sha(key));
    expect(s.out() + s.err()).not.toContain(key);
    expect(s.out() + s.err()).not.toContain(key.slice(12));
  });

  it('exit statuses pass through: 0, 3, and death by a signal as 128+n', async () => {
    const run = (code: string) => start(['--key', String(keyId), '--', process.execPath, '-e', code]).exit;
    expect(await run('process.exit(0)')).toBe(0);
    expect(await run('process.exit(3)')).toBe(3);
    expect(await run("process.kill(process.pid, 'SIGKILL')")).toBe(137);
  });

  it('forwards SIGTERM to the child', async () => {
    const mark = path.join(dir, 'ready');
    const s = start([
      '--key',
      String(keyId),
      '--',
      process.execPath,
      '-e',
      `process.on('SIGTERM', () => process.exit(42)); require('fs').writeFileSync(${JSON.stringify(mark)}, '1'); setTimeout(() => {}, 30000)`,
    ]);
    await until(() => fs.existsSync(mark));
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(42);
  });

  it('refuses a key not in the keychain, naming the command to save it', async () => {
    const s = start(['--key', String(unsavedId), '--', 'true']);
    expect(await s.exit).toBe(1);
    expect(s.err()).toMatch(/NOT_FOUND: key \d+ of profile "Local sandbox" is not in the OS keychain/);
    expect(s.err()).toContain(`keywarden keys roll ${unsavedId}`);
  });

  it('bad invocations exit 2', async () => {
    expect(await start(['--', 'true']).exit).toBe(2);
    expect(await start(['--key', 'x', '--', 'true']).exit).toBe(2);
    expect(await start(['--key', '1', '--env', 'A-B', '--', 'true']).exit).toBe(2);
  });
});
