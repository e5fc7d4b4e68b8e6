// (a) engine.authenticate against the floor: SHA-256 of the key and one prepared SELECT by
// digest, on the same database with the same keys.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fmt, median, seeded, tempDir, yieldToLoop } from './util';

const KEYS = 10_000;
const BATCH = 10_000;
const ROUNDS = 6;
const ROUND_MS = 700;

export interface AuthResult { engineOps: number; limitOps: number; ratio: number }

export async function benchAuth(): Promise<AuthResult> {
  const { engine, keys } = seeded(path.join(tempDir(), 'auth.db'), KEYS);
  const byDigest = engine.database.prepare('SELECT * FROM api_keys WHERE digest = ?');
  const ctx = { method: 'GET', scope: 'rest' as const };

  let i = 0;
  const viaEngine = () => {
    for (let n = 0; n < BATCH; n++) engine.authenticate(keys[i++ % KEYS], ctx);
  };
  const floor = () => {
    for (let n = 0; n < BATCH; n++) {
      const row = byDigest.get(createHash('sha256').update(keys[i++ % KEYS]).digest());
      if (!row) throw new Error('bench: key not found');
    }
  };

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

  await rate(viaEngine);
  await rate(floor);
  const e: number[] = [];
  const l: number[] = [];
  // Alternate so drift in the machine's speed hits both alike.
  for (let r = 0; r < ROUNDS; r++) {
    e.push(await rate(viaEngine));
    l.push(await rate(floor));
  }
  engine.close();
  const engineOps = median(e);
  const limitOps = median(l);
  return { engineOps, limitOps, ratio: engineOps / limitOps };
}

export const describeAuth = (r: AuthResult): string[] => [
  `  engine.authenticate      ${fmt(r.engineOps)} verifications/s`,
  `  SHA-256 + SELECT floor   ${fmt(r.limitOps)} verifications/s`,
];
