// docs/rules.md, docs/cli.md: the entries `serve` batches (per-call audit, lastUsedAt) reach the database
// on every catchable way out: SIGINT, SIGTERM, SIGHUP, and a second signal that arrives
// while the first one's shutdown is still waiting on open connections.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'keywarden.cjs');
const CALLS = 25;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-signals-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function init(file: string): { apiKey: string; orgUserId: number } {
  const r = spawnSync(process.execPath, [BIN, 'init', '--db', file, '--email', 'ops@example.com'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { apiKey: string; orgUserId: number };
}

async function serve(file: string) {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', file, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    void exit.then(({ code }) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
  return { child, url, exit, stderr: () => err };
}

/** Authenticated reads, each of which leaves a batched audit entry and a lastUsedAt. */
async function calls(url: string, key: string): Promise<void> {
  for (let i = 0; i < CALLS; i++) {
    const r = await fetch(`${url}/user/users/me`, { headers: { 'x-api-key': key } });
    expect(r.status).toBe(200);
    await r.arrayBuffer();
  }
}

function stored(file: string, orgUserId: number): { reads: number; lastUsed: number | null } {
  const db = new Database(file, { readonly: true });
  try {
    const reads = (db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'user.me'").get() as { n: number }).n;
    const row = db.prepare('SELECT last_used_at FROM api_keys WHERE membership_id = ?').get(orgUserId) as {
      last_used_at: number | null;
    };
    return { reads, lastUsed: row.last_used_at };
  } finally {
    db.close();
  }
}

/** A request whose body never finishes: it keeps the graceful close waiting. */
function stalledUpload(url: string, key: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST /user/orgs HTTP/1.1\r\nhost: ${hostname}:${port}\r\nx-api-key: ${key}\r\n` +
          'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"name":',
      );
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('serve flushes batched writes on every catchable signal', () => {
  it.each(['SIGHUP', 'SIGTERM', 'SIGINT'] as const)('%s: exits 0 with every call audited', async (signal) => {
    const file = path.join(dir, `one-${signal}.db`);
    const { apiKey, orgUserId } = init(file);
    const s = await serve(file);
    await calls(s.url, apiKey);
    s.child.kill(signal);
    expect(await s.exit).toEqual({ code: 0, signal: null });
    const after = stored(file, orgUserId);
    expect(after.reads).toBe(CALLS);
    expect(after.lastUsed).not.toBeNull();
  });

  const pairs = [
    ['SIGTERM', 'SIGINT'],
    ['SIGTERM', 'SIGTERM'],
    ['SIGINT', 'SIGINT'],
    ['SIGHUP', 'SIGTERM'],
  ] as const;
  it.each(pairs)('%s, then %s during shutdown: exits 0 with every call audited', async (first, second) => {
    const file = path.join(dir, `two-${first}-${second}.db`);
    const { apiKey, orgUserId } = init(file);
    const s = await serve(file);
    await calls(s.url, apiKey);
    const stalled = await stalledUpload(s.url, apiKey);
    try {
      s.child.kill(first);
      // The first signal has been taken: shutdown is under way, waiting on the stalled upload.
      await until(() => /closing/.test(s.stderr()));
      s.child.kill(second);
      expect(await s.exit).toEqual({ code: 0, signal: null });
    } finally {
      stalled.destroy();
    }
    const after = stored(file, orgUserId);
    expect(after.reads).toBe(CALLS);
    expect(after.lastUsed).not.toBeNull();
  });
});
