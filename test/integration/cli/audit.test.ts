// `keywarden audit verify` and `serve --audit-retention-days` through the real bin (docs/cli.md, docs/usage-and-rotation.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'keywarden.cjs');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-audit-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

function database(name: string): string {
  const file = path.join(dir, name);
  const { engine, created } = Engine.create(file, 'sandbox', { email: 'ops@example.com' }, { background: false });
  const actor = engine.authenticate(created.apiKey, { method: 'GET', scope: 'rest' });
  for (let i = 0; i < 3; i++) engine.me(actor);
  engine.directory.createOrg(engine.owner(), { name: 'Second' });
  engine.close();
  return file;
}

describe('keywarden audit verify', () => {
  it('prints ok N entries and exits 0 on an untouched database', () => {
    const file = database('ok.db');
    const r = run(['audit', 'verify', '--db', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ok \d+ entries\n$/);
    const n = Number(/ok (\d+)/.exec(r.stdout)![1]);
    const db = new Database(file, { readonly: true });
    expect(n).toBe(db.prepare('SELECT count(*) FROM audit').pluck().get());
    db.close();
  });

  it('names the first bad entry and exits 1 after an edit', () => {
    const file = database('edited.db');
    const db = new Database(file);
    const id = db.prepare("SELECT id FROM audit WHERE action = 'org.create'").pluck().get() as number;
    db.prepare('UPDATE audit SET actor_user_id = 99 WHERE id = ?').run(id);
    db.close();
    const r = run(['audit', 'verify', '--db', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`audit entry ${id} does not match its hash (edited)`);
  });

  it('bad invocations exit 2 with usage', () => {
    expect(run(['audit', '--db', 'x.db']).status).toBe(2);
    expect(run(['audit', 'check', '--db', 'x.db']).status).toBe(2);
    expect(run(['audit', 'verify']).status).toBe(2);
    const r = run(['serve', '--db', 'x.db', '--audit-retention-days', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--audit-retention-days');
  });
});
