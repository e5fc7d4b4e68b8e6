// Audit storage per call (docs/usage-and-rotation.md): bytes the database file grows by per authenticated
// call and per junk (unknown-key) call, measured on a real file after flush and checkpoint.
// Before this round every such call was one permanent audit row (issue 12: about 61 bytes).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatKey } from '../src/shared/keyFormat';
import type { Engine } from '../src/main/engine';
import { fmt, seeded, tempDir } from './util';

const CALLS = 20_000;

export interface AuditBytesResult {
  perAuthenticated: number;
  perJunkSame: number;
  perJunkDistinct: number;
}

function grow(engine: Engine, file: string, run: () => void): number {
  const size = () => {
    engine.flush();
    engine.database.pragma('wal_checkpoint(TRUNCATE)');
    return fs.statSync(file).size;
  };
  const before = size();
  run();
  return (size() - before) / CALLS;
}

export function benchAuditBytes(): AuditBytesResult {
  const file = path.join(tempDir(), 'audit-bytes.db');
  const { engine, ownerKey } = seeded(file, 10);
  const ctx = { method: 'GET', scope: 'rest' as const, ip: '127.0.0.1', userAgent: 'autocannon' };
  const refuse = (key: string) => {
    try {
      engine.authenticate(key, ctx);
    } catch {
      // refused, as expected
    }
  };
  try {
    const perAuthenticated = grow(engine, file, () => {
      for (let i = 0; i < CALLS; i++) engine.me(engine.authenticate(ownerKey, ctx));
    });
    const junk = formatKey('sandbox', randomBytes(20));
    const perJunkSame = grow(engine, file, () => {
      for (let i = 0; i < CALLS; i++) refuse(junk);
    });
    const perJunkDistinct = grow(engine, file, () => {
      for (let i = 0; i < CALLS; i++) refuse(formatKey('sandbox', randomBytes(20)));
    });
    return { perAuthenticated, perJunkSame, perJunkDistinct };
  } finally {
    engine.close();
  }
}

export const describeAuditBytes = (r: AuditBytesResult): string[] => [
  `  authenticated GET /user/users/me     ${fmt(r.perAuthenticated, 1)} bytes/call (an audit event each, pruned after the retention period)`,
  `  junk call, one unknown key repeated  ${fmt(r.perJunkSame, 1)} bytes/call (counted per hour; one event per key start per hour)`,
  `  junk call, a new unknown key each    ${fmt(r.perJunkDistinct, 1)} bytes/call (first 1,000 starts an hour logged, the rest counted)`,
  `  before (issue 12): about 61 bytes/call for both, kept for ever`,
];
