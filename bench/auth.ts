// (a) engine.authenticate against a floor of SHA-256 plus one prepared SELECT by digest, on
// the same database with the same keys. Two floors are measured:
//   - the goal's: `SELECT * FROM api_keys WHERE digest = ?`, rows as objects (better-sqlite3's default);
//   - a stricter one: only the key columns a verdict needs, rows as arrays, no joins — the
//     least any verifier of stored digests can do. Shown for information.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fmt, median, seeded, tempDir, yieldToLoop } from './util';

const KEYS = 10_000;
const BATCH = 10_000;
const ROUNDS = 5;
const ROUND_MS = 600;

export interface AuthResult {
  engineOps: number;
  limitOps: number;
  strictOps: number;
  ratio: number;
  strictRatio: number;
}

export async function benchAuth(): Promise<AuthResult> {
  const { engine, keys } = seeded(path.join(tempDir(), 'auth.db'), KEYS);
  const selectAll = engine.database.prepare('SELECT * FROM api_keys WHERE digest = ?');
  const selectNarrow = engine.database
    .prepare(
      'SELECT id, kind, org_id, membership_id, scopes, read_only, status, expires_at, revoked_at FROM api_keys WHERE digest = ?',
    )
    .raw(true);
  const ctx = { method: 'GET', scope: 'rest' as const };

  let i = 0;
  const viaEngine = () => {
    for (let n = 0; n < BATCH; n++) engine.authenticate(keys[i++ % KEYS], ctx);
  };
  const floorOf = (stmt: { get(d: Buffer): unknown }) => () => {
    for (let n = 0; n < BATCH; n++) {
      if (
        !stmt.get(
          createHash('sha256')
            .update(keys[i++ % KEYS])
            .digest(),
        )
      )
        throw new Error('bench: key not found');
    }
  };
  const floor = floorOf(selectAll);
  const strict = floorOf(selectNarrow);

  const rate = async (fn: () => void): Promise<number> => {
    let done = 0;
    const start = performance.now();
    while (performance.now() - start < ROUND_MS) {
      fn();
      done += BATCH;
      await yieldToLoop();
    }
    return (done * 1000) / (performance.now() - start);
  };

  for (const warm of [viaEngine, floor, strict]) await rate(warm);
  const e: number[] = [];
  const l: number[] = [];
  const s: number[] = [];
  // Interleaved so that drift in the machine's speed hits all three alike.
  for (let r = 0; r < ROUNDS; r++) {
    e.push(await rate(viaEngine));
    l.push(await rate(floor));
    s.push(await rate(strict));
  }
  engine.close();
  const engineOps = median(e);
  const limitOps = median(l);
  const strictOps = median(s);
  return { engineOps, limitOps, strictOps, ratio: engineOps / limitOps, strictRatio: engineOps / strictOps };
}

export const describeAuth = (r: AuthResult): string[] => [
  `  engine.authenticate                       ${fmt(r.engineOps)} verifications/s`,
  `  SHA-256 + SELECT * by digest (floor)      ${fmt(r.limitOps)} verifications/s`,
  `  SHA-256 + narrow array SELECT (strict)    ${fmt(r.strictOps)} verifications/s  -> engine is ${fmt(r.strictRatio, 2)}x of it`,
];
