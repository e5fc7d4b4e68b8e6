// The real `keywarden` bin under plain node, as an operator runs it.
// Over ~300 lines on purpose: every command runs through the same spawned-bin helpers (run,
// init, serve) defined here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'keywarden.cjs');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
const dbPath = (name: string) => path.join(dir, name);

interface Init {
  userId: number;
  orgId: number;
  orgUserId: number;
  apiKey: string;
}

function init(file: string, extra: string[] = []): Init {
  const r = run(['init', '--db', file, '--email', 'Ops@Example.com', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Init;
}

interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function serve(file: string): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', file, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(out);
      if (m) resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exit });
    });
    void exit.then(({ code }) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
}

describe('keywarden init', () => {
  it('creates the database and prints one JSON line with the owner, org, membership and key', () => {
    const file = dbPath('init.db');
    const created = init(file);
    // Closed cleanly: nothing left in a WAL.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'orgId', 'orgUserId', 'userId']);
    expect(created.apiKey).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT email, is_super_admin FROM users WHERE id = ?').get(created.userId)).toEqual({
        email: 'ops@example.com',
        is_super_admin: 1,
      });
      expect(db.prepare('SELECT name, allow_user_keys FROM orgs WHERE id = ?').get(created.orgId)).toEqual({
        name: 'Default',
        allow_user_keys: 0,
      });
      expect(db.prepare('SELECT role FROM memberships WHERE id = ?').get(created.orgUserId)).toEqual({ role: 'admin' });
      expect(db.prepare('SELECT scopes FROM api_keys').all()).toEqual([{ scopes: 'ui,rest,integration' }]);
    } finally {
      db.close();
    }
  });

  it('takes --org and --env production', () => {
    const file = dbPath('prod.db');
    const created = init(file, ['--org', 'Acme Corp', '--env', 'production']);
    expect(created.apiKey).toMatch(/^kw_live_/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT name FROM orgs').all()).toEqual([{ name: 'Acme Corp' }]);
      expect(db.prepare("SELECT v FROM meta WHERE k = 'environment'").get()).toEqual({ v: 'production' });
    } finally {
      db.close();
    }
  });

  it('refuses an existing database and leaves it untouched', () => {
    const file = dbPath('existing.db');
    init(file);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const hash = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const before = { hash: hash(), mtime: fs.statSync(file).mtimeMs, size: fs.statSync(file).size };
    const r = run(['init', '--db', file, '--email', 'other@example.com']);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/already exists/);
    expect({ hash: hash(), mtime: fs.statSync(file).mtimeMs, size: fs.statSync(file).size }).toEqual(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it('refuses any other existing file too', () => {
    const file = dbPath('notes.txt');
    fs.writeFileSync(file, 'my notes');
    const r = run(['init', '--db', file, '--email', 'a@example.com']);
    expect(r.status).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('my notes');
  });
});

describe('bad invocations', () => {
  const cases: [string, string[]][] = [
    ['no command', []],
    ['unknown command', ['start']],
    ['unknown flag', ['init', '--db', 'x.db', '--email', 'a@example.com', '--force']],
    ['missing --db', ['init', '--email', 'a@example.com']],
    ['missing --email', ['init', '--db', 'x.db']],
    ['flag without value', ['init', '--db', 'x.db', '--email']],
    ['bad --env', ['init', '--db', 'x.db', '--email', 'a@example.com', '--env', 'staging']],
    ['bad --email', ['init', '--db', 'x.db', '--email', 'not-an-email']],
    ['positional argument', ['init', 'x.db', '--email', 'a@example.com']],
    ['serve without --db', ['serve']],
    ['bad --port', ['serve', '--db', 'x.db', '--port', '70000']],
    ['non-numeric --port', ['serve', '--db', 'x.db', '--port', 'http']],
    ['init flag on serve', ['serve', '--db', 'x.db', '--email', 'a@example.com']],
  ];
  it.each(cases)('%s: usage on stderr, exit 2, nothing created', (_name, args) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^keywarden: /);
    expect(r.stderr).toContain('Usage:');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('prints usage on stdout with --help and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['init', '--help'], ['serve', '--help']]) {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('keywarden init');
      expect(r.stdout).toContain('keywarden serve');
    }
  });

  it('fails with a message, not a stack, when serve has no database', () => {
    const r = run(['serve', '--db', dbPath('missing.db'), '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/keywarden init/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(dbPath('missing.db'))).toBe(false);
  });
});

describe('keywarden serve', () => {
  it('listens on a free port, answers with the init key, and on SIGTERM flushes, closes and exits 0', async () => {
    const file = dbPath('serve.db');
    const created = init(file);
    const s = await serve(file);
    try {
      const r = await fetch(`${s.url}/user/users/me`, { headers: { 'x-api-key': created.apiKey } });
      expect(r.status).toBe(200);
      const me = (await r.json()) as {
        id: number;
        email: string;
        isSuperAdmin: boolean;
        orgUserId: number;
        currentOrg: { id: number };
      };
      expect(me).toMatchObject({
        id: created.userId,
        email: 'ops@example.com',
        isSuperAdmin: true,
        orgUserId: created.orgUserId,
        currentOrg: { id: created.orgId },
      });
      const bad = await fetch(`${s.url}/user/users/me`, { headers: { authorization: 'Bearer nope' } });
      expect(bad.status).toBe(401);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toEqual({ code: 0, signal: null });
    // The database was closed, which folds the WAL back into the file.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      const row = db.prepare('SELECT last_used_at FROM api_keys WHERE membership_id = ?').get(created.orgUserId) as {
        last_used_at: number | null;
      };
      expect(row.last_used_at).not.toBeNull();
      const audit = db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'user.me'").get() as { n: number };
      expect(audit.n).toBe(1);
    } finally {
      db.close();
    }
    expect(s.stdout() + s.stderr()).not.toContain(created.apiKey);
    expect(s.stdout() + s.stderr()).not.toContain(created.apiKey.slice(12));
  });

  it('exits 0 on SIGINT too', async () => {
    const file = dbPath('sigint.db');
    init(file);
    const s = await serve(file);
    s.child.kill('SIGINT');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 1 with a message when the port is taken', async () => {
    const file = dbPath('busy.db');
    init(file);
    const s = await serve(file);
    try {
      const port = new URL(s.url).port;
      const other = dbPath('other.db');
      init(other);
      const r = run(['serve', '--db', other, '--port', port]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/EADDRINUSE/);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('refuses a second server on a database that one already serves', async () => {
    const file = dbPath('owned.db');
    init(file);
    const s = await serve(file);
    try {
      const r = run(['serve', '--db', file, '--port', '0']);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/in use by another program/);
      // The first server is unharmed.
      const me = await fetch(`${s.url}/user/users/me`);
      expect(me.status).toBe(401);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });
});

describe('serve refuses a foreign SQLite file without changing a byte', () => {
  // Foreign databases an operator might point --db at by mistake: one that uses
  // user_version as we do (so a version check alone passes it) and one in WAL mode
  // (where merely opening it read-write would create -wal/-shm files).
  const foreign: [string, (db: Database.Database) => void][] = [
    ['a plain SQLite file', () => {}],
    ['one whose user_version matches ours', (db) => db.pragma('user_version = 1')],
    [
      'one in WAL mode with user_version 1',
      (db) => {
        db.pragma('journal_mode = WAL');
        db.pragma('user_version = 1');
      },
    ],
    [
      'one with a meta table of its own',
      (db) => db.exec("CREATE TABLE meta (k TEXT, v TEXT); INSERT INTO meta VALUES ('x', 'y')"),
    ],
  ];
  it.each(foreign)('%s', (_name, shape) => {
    const file = dbPath(`foreign-${Math.random().toString(36).slice(2)}.sqlite`);
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')");
    shape(db);
    db.close();
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const snapshot = () => ({
      hash: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      mtime: fs.statSync(file).mtimeMs,
      siblings: fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(file))),
    });
    const before = snapshot();
    expect(before.siblings).toEqual([path.basename(file)]);
    const r = run(['serve', '--db', file, '--port', '0']);
    expect(snapshot()).toEqual(before);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not a Keywarden database/);
    expect(r.stdout).toBe('');
  });

  it('still serves a Keywarden database made before databases were stamped', async () => {
    const file = dbPath('legacy.db');
    const created = init(file);
    const db = new Database(file);
    db.pragma('application_id = 0');
    db.close();
    const s = await serve(file);
    try {
      const r = await fetch(`${s.url}/user/users/me`, { headers: { 'x-api-key': created.apiKey } });
      expect(r.status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toEqual({ code: 0, signal: null });
    // Stamped now, so the next open knows it from its header.
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('application_id', { simple: true })).toBe(0x4b57444e);
    } finally {
      after.close();
    }
  });
});

describe('npx keywarden', () => {
  it("resolves the project's own bin from the project root", () => {
    const r = spawnSync('npx', ['--no-install', 'keywarden', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('keywarden init');
  });
});
