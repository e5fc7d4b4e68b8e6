// (c) engine.createKeys for 10,000 keys in one call against a raw loop that mints, hashes
// and inserts the same rows in one transaction. Both draw their randomness the same way
// (one crypto.randomBytes call for all keys), so the ratio is the engine's own overhead:
// permission checks, one audit entry per key and the metadata of the reply.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Engine } from '../src/main/engine';
import { formatKey } from '../src/shared/keyFormat';
import { fmt, median, tempDir } from './util';

const COUNT = 10_000;
const ROUNDS = 5;

export interface CreateResult {
  engineMs: number;
  rawMs: number;
  ratio: number;
}

function fresh(dir: string, name: string) {
  return Engine.create(path.join(dir, name), 'sandbox', { email: 'bench@example.com', orgName: 'Bench' });
}

export function benchCreate(): CreateResult {
  const dir = tempDir();
  const engineMs: number[] = [];
  const rawMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    {
      const { engine, created } = fresh(dir, `engine-${r}.db`);
      const owner = engine.owner();
      const inputs = Array.from({ length: COUNT }, (_, i) => ({ orgUserId: created.orgUserId, name: `bench ${i}` }));
      const t = performance.now();
      const keys = engine.keys.createMany(owner, inputs);
      engineMs.push(performance.now() - t);
      if (keys.length !== COUNT) throw new Error('bench: createKeys returned the wrong count');
      engine.close();
    }
    {
      const { engine, created } = fresh(dir, `raw-${r}.db`);
      const db = engine.database;
      // The same INSERT the engine prepares, every column bound: only the engine's own work differs.
      const insert = db.prepare(`INSERT INTO api_keys (kind, org_id, membership_id, name, description, start,
        digest, scopes, read_only, can_impersonate, status, disabled_by_admin, expires_at, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t = performance.now();
      db.transaction(() => {
        const secrets = randomBytes(20 * COUNT);
        for (let i = 0; i < COUNT; i++) {
          const key = formatKey('sandbox', secrets.subarray(20 * i, 20 * i + 20));
          insert.run(
            'user',
            created.orgId,
            created.orgUserId,
            `bench ${i}`,
            '',
            key.slice(0, 12),
            createHash('sha256').update(key).digest(),
            'rest',
            0,
            0,
            'enabled',
            0,
            null,
            Date.now(),
            created.userId,
          );
        }
      })();
      rawMs.push(performance.now() - t);
      engine.close();
    }
  }
  const e = median(engineMs);
  const raw = median(rawMs);
  return { engineMs: e, rawMs: raw, ratio: e / raw };
}

export const describeCreate = (r: CreateResult): string[] => [
  `  engine.keys.createMany(10,000)        ${fmt(r.engineMs, 1)} ms`,
  `  raw mint + hash + insert loop    ${fmt(r.rawMs, 1)} ms`,
];
