// A throwaway Secret Service for the keychain tests, so no test can touch a person's real
// keyring. `npm test` (scripts/test.sh) already runs everything inside a private D-Bus session
// with its own gnome-keyring and says so with KEYWARDEN_TEST_KEYRING=private. Run any other way
// (plain `npx vitest`, an IDE, a developer's desktop), this module starts its own session bus
// and gnome-keyring in temporary directories and points this process at them before keytar
// first connects.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';

export const KEYTAR_SCHEMA = 'org.freedesktop.Secret.Generic';
const TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'];
// Variables through which a child could find the desktop's own bus, keyring or display
// (a display would let gnome-keyring pop up a real unlock prompt).
const DESKTOP_VARS = [
  'DBUS_SESSION_BUS_ADDRESS',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'GNOME_KEYRING_CONTROL',
  'SSH_AUTH_SOCK',
];

export function assertTools(): void {
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) {
    throw new Error(
      `the keychain tests need ${missing.join(', ')} (Debian: apt-get install dbus gnome-keyring libsecret-tools)`,
    );
  }
}

/** An environment with none of the desktop's session variables, over fresh XDG directories. */
export function isolatedEnv(extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; dirs: string[] } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of DESKTOP_VARS) delete env[v];
  const dataHome = mkdtempSync(join(tmpdir(), 'kw-xdg-data-'));
  const runtimeDir = mkdtempSync(join(tmpdir(), 'kw-xdg-run-'));
  chmodSync(runtimeDir, 0o700);
  Object.assign(env, { XDG_DATA_HOME: dataHome, XDG_RUNTIME_DIR: runtimeDir }, extra);
  return { env, dirs: [dataHome, runtimeDir] };
}

export interface PrivateBus {
  env: NodeJS.ProcessEnv;
  address: string;
  stop(): void;
}

const NO_SERVICES_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;

/**
 * Starts a session bus in fresh XDG directories. `keyring`: 'unlocked' starts gnome-keyring
 * with an unlocked login keyring; 'started' starts it without unlocking (no login keyring, or a
 * locked one when `dataHome` already holds one); 'none' leaves the bus without a Secret Service
 * (and without the system's activatable services, so none can be started on demand).
 */
export async function startPrivateBus(opts: {
  keyring: 'unlocked' | 'started' | 'none';
  dataHome?: string;
}): Promise<PrivateBus> {
  assertTools();
  const { env, dirs } = isolatedEnv(opts.dataHome ? { XDG_DATA_HOME: opts.dataHome } : {});
  const args = ['--nofork', '--print-address=1'];
  if (opts.keyring === 'none') {
    const config = join(env.XDG_RUNTIME_DIR as string, 'bus.conf');
    writeFileSync(config, NO_SERVICES_CONFIG);
    args.push(`--config-file=${config}`);
  } else {
    args.push('--session', `--address=unix:path=${join(env.XDG_RUNTIME_DIR as string, 'bus')}`);
  }
  // The shell waits on its stdin, which closes when this process ends however it ends (a killed
  // test worker included); then it stops the bus, which gnome-keyring-daemon quits with, and
  // removes the directories it was given. No daemon and no keyring file outlives the tests.
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const owned = dirs.filter((d) => d !== opts.dataHome);
  const script = `dbus-daemon ${quoted} & pid=$!; read _ignored; kill $pid; wait $pid; sleep 1; rm -rf "$@"`;
  const child: ChildProcess = spawn('sh', ['-c', script, 'private-bus', ...owned], {
    env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`dbus-daemon exited (${code}) before printing its address`)));
  });
  env.DBUS_SESSION_BUS_ADDRESS = address;
  // The bus may live as long as this process; it must not keep the process alive.
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  (child.stdout as unknown as { unref(): void }).unref();

  if (opts.keyring !== 'none') {
    const r = spawnSync(
      'gnome-keyring-daemon',
      [opts.keyring === 'unlocked' ? '--unlock' : '--start', '--components=secrets'],
      {
        env,
        input: opts.keyring === 'unlocked' ? 'keywarden-test' : '',
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`gnome-keyring-daemon failed: ${r.stderr}`);
  }

  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    child.stdin!.end();
  };
  return { env, address, stop };
}

/** `secret-tool lookup`: an independent reader of what landed in the Secret Service. */
export function secretToolLookup(
  service: string,
  account: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const r = spawnSync('secret-tool', ['lookup', 'service', service, 'account', account], { env, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

/**
 * `secret-tool store`: an independent writer, to check that keytar reads what others store.
 * libsecret matches the schema name too (the `xdg:schema` attribute), so another client's item
 * is visible to keytar only when it carries keytar's schema.
 */
export function secretToolStore(
  service: string,
  account: string,
  secret: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const args = [
    'store',
    `--label=${service}/${account}`,
    'xdg:schema',
    KEYTAR_SCHEMA,
    'service',
    service,
    'account',
    account,
  ];
  const r = spawnSync('secret-tool', args, {
    env,
    input: secret,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`secret-tool store failed: ${r.stderr}`);
}

export function secretToolClear(service: string, account: string, env: NodeJS.ProcessEnv = process.env): void {
  spawnSync('secret-tool', ['clear', 'service', service, 'account', account], { env });
}

export interface SearchResult {
  /** One entry per item, from stdout: label, secret, schema. */
  items: Array<Record<string, string>>;
  /** The `account` attributes of those items (secret-tool prints attributes on stderr). */
  accounts: string[];
}

/** Every item whose `service` attribute is exactly `service`, as secret-tool reports them. */
export function secretToolSearch(service: string, env: NodeJS.ProcessEnv = process.env): SearchResult {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', service], { env, encoding: 'utf8' });
  const items: Array<Record<string, string>> = [];
  for (const line of r.stdout.split('\n')) {
    if (/^\[.*\]$/.test(line.trim())) items.push({});
    const m = /^(\w+) = (.*)$/.exec(line);
    if (m && items.length) items[items.length - 1][m[1]] = m[2];
  }
  const accounts = [...r.stderr.matchAll(/^attribute\.account = (.*)$/gm)].map((m) => m[1]).sort();
  return { items, accounts };
}

let ready: Promise<void> | undefined;

/**
 * Makes sure this process talks to a private Secret Service. Proves it before the first test
 * writes anything: a canary stored with secret-tool on the private bus must be what keytar reads.
 */
export function usePrivateKeyring(): Promise<void> {
  ready ??= (async () => {
    assertTools();
    if (process.env.KEYWARDEN_TEST_KEYRING !== 'private') {
      const bus = await startPrivateBus({ keyring: 'unlocked' });
      for (const v of DESKTOP_VARS) delete process.env[v];
      Object.assign(process.env, {
        DBUS_SESSION_BUS_ADDRESS: bus.env.DBUS_SESSION_BUS_ADDRESS,
        XDG_DATA_HOME: bus.env.XDG_DATA_HOME,
        XDG_RUNTIME_DIR: bus.env.XDG_RUNTIME_DIR,
        KEYWARDEN_TEST_KEYRING: 'private',
      });
      process.once('exit', bus.stop);
    }
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    secretToolStore('keywarden-test/canary', canary, canary);
    const seen = await createKeytarStore().get('keywarden-test/canary', canary);
    secretToolClear('keywarden-test/canary', canary);
    if (seen !== canary) {
      throw new Error(
        'keytar is not talking to the private test keyring (it connected to another session bus first); refusing to run',
      );
    }
  })();
  return ready;
}
