import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Engine } from '../src/main/engine';
import { formatKey } from '../src/shared/keyFormat';
import { tempDir } from './util';
const dir = tempDir();
const N = 10000;
function time(name: string, fn: () => void) { const t = performance.now(); fn(); console.log(name.padEnd(36), (performance.now() - t).toFixed(1), 'ms'); }
for (let r = 0; r < 2; r++) {
  const { engine, created } = Engine.create(path.join(dir, `p${r}.db`), 'sandbox', { email: 'b@example.com' });
  const db = engine.database;
  const insert = db.prepare(`INSERT INTO api_keys (kind, org_id, membership_id, name, description, start, digest, scopes,
        read_only, can_impersonate, status, disabled_by_admin, expires_at, created_at, created_by)
        VALUES ('user', ?, ?, ?, '', ?, ?, 'rest', 0, 0, 'enabled', 0, NULL, ?, ?)`);
  const audit = db.prepare(`INSERT INTO audit (at, org_id, action, outcome, code, actor_user_id, impersonator_user_id, key_id, key_start, target_type, target_id) VALUES (?, ?, 'key.create', 'ok', NULL, ?, NULL, NULL, NULL, 'apiKey', ?)`);
  let keys: string[] = [];
  time('randomBytes(20) x N', () => { for (let i = 0; i < N; i++) randomBytes(20); });
  const bulk = randomBytes(20 * N);
  time('formatKey x N', () => { keys = []; for (let i = 0; i < N; i++) keys.push(formatKey('sandbox', bulk.subarray(i * 20, i * 20 + 20))); });
  time('sha256 x N', () => { for (let i = 0; i < N; i++) createHash('sha256').update(keys[i]).digest(); });
  time('insert key x N (txn)', () => db.transaction(() => { for (let i = 0; i < N; i++) insert.run(1, 1, 'n', keys[i].slice(0, 12), createHash('sha256').update(keys[i] + 'x').digest(), Date.now(), 1); })());
  time('insert audit x N (txn)', () => db.transaction(() => { for (let i = 0; i < N; i++) audit.run(Date.now(), 1, 1, i); })());
  time('toISOString x N', () => { for (let i = 0; i < N; i++) new Date(Date.now()).toISOString(); });
  engine.close();
}
