// Helpers for specs that reach outside the browser: the private test keyring (through
// `secret-tool`, as a user would check it), a real `keywarden serve` child process, and a
// byte scan of everything the app wrote to its data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/build';

/**
 * Keychain specs write to whatever Secret Service the session bus offers. scripts/test.sh
 * sets this only inside its own D-Bus session with a throwaway gnome-keyring.
 */
export const PRIVATE_KEYRING = process.env.KEYWARDEN_TEST_KEYRING === 'private';
export const NOT_PRIVATE_REASON =
  'needs the private test keyring (KEYWARDEN_TEST_KEYRING=private, set by scripts/test.sh inside its own D-Bus session); ' +
  'refusing to write to a real keyring';

function secretTool(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('secret-tool', args, { encoding: 'utf8', timeout: 15_000 });
  if (r.error) throw new Error(`secret-tool could not run (${r.error.message}): install libsecret-tools`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The secret keytar stored under (service, account), or null when there is no such entry. */
export function keyringLookup(service: string, account: string): string | null {
  const r = secretTool(['lookup', 'service', service, 'account', account]);
  // lookup exits 1 with no output when nothing matches; anything on stderr is a real failure.
  if (r.status !== 0) {
    if (r.stderr.trim() !== '') throw new Error(`secret-tool lookup failed: ${r.stderr.trim()}`);
    return null;
  }
  return r.stdout;
}

export function keyringClear(service: string, account: string): void {
  secretTool(['clear', 'service', service, 'account', account]);
}

/** Every byte of every file under the app's data dir (app db, profile dbs, WAL and shm). */
export function dataDirBytes(dataDir: string): { bytes: Buffer; files: string[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(dataDir);
  return {
    bytes: Buffer.concat(files.map((f) => fs.readFileSync(f))),
    files: files.map((f) => path.relative(dataDir, f)),
  };
}

const BIN = path.join(ROOT, 'bin/keywarden.cjs');

export interface InitResult {
  userId: number;
  orgId: number;
  orgUserId: number;
  apiKey: string;
}

/** `keywarden init`: a new Core database with a super admin, their org and one key. */
export function initCore(db: string, o: { email: string; org: string }): InitResult {
  const r = spawnSync(process.execPath, [BIN, 'init', '--db', db, '--email', o.email, '--org', o.org], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`keywarden init failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as InitResult;
}

export interface CoreServer {
  url: string;
  port: number;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds; resolves once it is gone. */
  stop(): Promise<void>;
}

export class PortTakenError extends Error {}

/** `keywarden serve` as a child process; resolves once it prints where it listens. */
export function startCore(db: string, port = 0): Promise<CoreServer> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Even if the test worker dies without running afterAll, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      resolve();
    }),
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));

  return new Promise<CoreServer>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keywarden serve did not say where it listens within 30 s: ${stdout}${stderr}`));
    }, 30_000);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const m = /listening on (http:\/\/[^\s]+:(\d+))/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1], port: Number(m[2]), stop: () => stopChild(child, exited) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const why = `keywarden serve exited (${code ?? signal}) before listening: ${stderr.trim()}`;
      reject(/EADDRINUSE|in use/i.test(stderr) ? new PortTakenError(why) : new Error(why));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5_000);
  });
  await Promise.race([exited, forced.then(() => exited)]);
  clearTimeout(timer);
}

/** One JSON call to a Core server with a key; a non-2xx reply fails the test with its body. */
export async function coreCall(url: string, key: string, method: string, p: string, body?: unknown): Promise<any> {
  const r = await fetch(`${url}${p}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
