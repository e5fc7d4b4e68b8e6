import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/main/engine';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kw-bench-'));
}

/** A database whose owner's membership holds `count` extra keys; returns their raw values. */
export function seeded(
  file: string,
  count: number,
): { engine: Engine; keys: string[]; orgUserId: number; ownerKey: string } {
  const { engine, created } = Engine.create(file, 'sandbox', { email: 'bench@example.com', orgName: 'Bench' });
  const owner = engine.owner();
  const made = engine.keys.createMany(
    owner,
    Array.from({ length: count }, (_, i) => ({ orgUserId: created.orgUserId, name: `bench ${i}` })),
  );
  return { engine, keys: made.map((k) => k.apiKey), orgUserId: created.orgUserId, ownerKey: created.apiKey };
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Lets timers (the write-behind flush) run between batches, as they would in a server. */
export const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
