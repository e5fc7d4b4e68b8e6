// When no usable keychain is reachable, every keychain operation fails with
// KEYCHAIN_UNAVAILABLE and says what to install or start; nothing falls back to plaintext.
// Each case runs the real service in a child process whose environment decides what it can
// reach, then every directory it could have written to is searched for the secret.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';
import { formatKey } from '../../../src/shared/keyFormat';
import { isolatedEnv, secretToolStore, startPrivateBus, type PrivateBus } from './privateKeyring';

const PROBE = path.join(__dirname, 'fixtures', 'keychainProbe.ts');
const cleanup: Array<() => void> = [];
afterAll(() => cleanup.forEach((f) => f()));

interface Outcome {
  ok: boolean;
  code?: string;
  status?: number;
  message?: string;
  name?: string;
  exports: number;
  hasCredential: boolean;
  stdout: string;
  stderr: string;
  written: Buffer;
}

function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function allBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(fs.readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(out);
}

/** Runs the probe with HOME, TMPDIR and every XDG directory pointing at fresh temp dirs. */
async function probe(env: NodeJS.ProcessEnv, op: 'export' | 'credential' | 'get', secret: string): Promise<Outcome> {
  const dataDir = tempDir('kw-probe-data-');
  const home = tempDir('kw-probe-home-');
  const scratch = tempDir('kw-probe-tmp-');
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    HOME: home,
    TMPDIR: scratch,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
  for (const d of [env.XDG_DATA_HOME, env.XDG_RUNTIME_DIR])
    if (d) cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', PROBE], {
    env: childEnv,
    cwd: path.resolve(__dirname, '../../..'),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(JSON.stringify({ op, dataDir, secret }));
  await new Promise((resolve) => child.on('close', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`probe printed no result; stderr: ${stderr}`);
  const dirs = [dataDir, home, scratch, env.XDG_DATA_HOME, env.XDG_RUNTIME_DIR].filter(
    (d): d is string => !!d && fs.existsSync(d),
  );
  return { ...JSON.parse(line), stdout, stderr, written: Buffer.concat(dirs.map(allBytes)) };
}

const newKey = (): string => formatKey('sandbox', randomBytes(20));

function expectUnavailable(o: Outcome, secret: string, reason: RegExp): void {
  expect(o).toMatchObject({ ok: false, name: 'KeywardenError', code: 'KEYCHAIN_UNAVAILABLE', status: 503 });
  expect(o.message).toMatch(reason);
  expect(o.message).toMatch(/install and start one such as gnome-keyring/);
  expect(o.message).toMatch(/never falls back to storing secrets in plaintext/);
  expect(o.message).not.toContain(secret);
  expect(o.stdout + o.stderr).not.toContain(secret);
  expect(o.written.includes(secret)).toBe(false);
}

describe('no usable keychain', () => {
  it('without any D-Bus session bus: exporting a key fails, says what to start, records nothing', async () => {
    const { env } = isolatedEnv();
    const secret = newKey();
    const o = await probe(env, 'export', secret);
    expectUnavailable(o, secret, /no D-Bus session bus was found/);
    expect(o.message).toContain('Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(o.exports).toBe(0);
  });

  it('with a bus address whose socket does not exist: saving a credential fails, hasCredential stays off', async () => {
    const { env } = isolatedEnv();
    env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(env.XDG_RUNTIME_DIR as string, 'no-such-bus')}`;
    const secret = `credential-${randomBytes(12).toString('hex')}`;
    const o = await probe(env, 'credential', secret);
    expectUnavailable(o, secret, /the D-Bus session bus could not be reached/);
    expect(o.hasCredential).toBe(false);
  });

  it('reading a credential without a bus is an error too, not a silent "none"', async () => {
    const { env } = isolatedEnv();
    const o = await probe(env, 'get', 'unused');
    expect(o).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
  });

  describe('on a private session bus', () => {
    const buses: PrivateBus[] = [];
    afterAll(() => buses.forEach((b) => b.stop()));

    it('without any Secret Service installed', async () => {
      const bus = await startPrivateBus({ keyring: 'none' });
      buses.push(bus);
      const secret = newKey();
      const o = await probe(bus.env, 'export', secret);
      expectUnavailable(o, secret, /no Secret Service is installed or running/);
      expect(o.message).toContain('org.freedesktop.secrets was not provided by any .service files');
      expect(o.exports).toBe(0);
    });

    it('with a Secret Service that has no default keyring yet', async () => {
      const bus = await startPrivateBus({ keyring: 'started' });
      buses.push(bus);
      const secret = newKey();
      const o = await probe(bus.env, 'export', secret);
      expectUnavailable(o, secret, /has no default keyring/);
      expect(o.message).toMatch(/Object does not exist at path .*\/collection\/login/);
      expect(o.exports).toBe(0);
    });

    it('with a locked login keyring', async () => {
      const dataHome = tempDir('kw-locked-');
      const first = await startPrivateBus({ keyring: 'unlocked', dataHome });
      secretToolStore('keywarden-test/locked', 'earlier', 'makes the login keyring exist', first.env);
      first.stop();
      const bus = await startPrivateBus({ keyring: 'started', dataHome });
      buses.push(bus);
      const secret = newKey();
      const o = await probe(bus.env, 'export', secret);
      expectUnavailable(o, secret, /the keyring is locked/);
      expect(o.message).toContain('Cannot create an item in a locked collection');
      expect(o.exports).toBe(0);
    });
  });
});

describe('keytar cannot be loaded', () => {
  it('is KEYCHAIN_UNAVAILABLE on first use, not a crash at startup', async () => {
    let attempts = 0;
    const store = createKeytarStore({
      platform: 'linux',
      load: () => {
        attempts++;
        throw new Error("Cannot find module '../build/Release/keytar.node'");
      },
    });
    expect(attempts).toBe(0);
    const err = await store.set('keywarden/p/o', 'k (#1)', 'secret-value').catch((e) => e);
    expect(attempts).toBe(1);
    expect(err).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(err.message).toMatch(/keytar native module could not be loaded/);
    expect(err.message).toMatch(/gnome-keyring/);
    expect(err.message).not.toContain('secret-value');
  });

  it('gives each OS its own advice', async () => {
    const fail = (): never => {
      throw new Error('boom');
    };
    const mac = await createKeytarStore({ platform: 'darwin', load: fail })
      .get('s', 'a')
      .catch((e) => e);
    const win = await createKeytarStore({ platform: 'win32', load: fail })
      .get('s', 'a')
      .catch((e) => e);
    expect(mac.message).toMatch(/macOS the Keychain needs nothing installed/);
    expect(win.message).toMatch(/Windows, Credential Manager needs nothing installed/);
  });
});
