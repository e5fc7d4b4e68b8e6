// (s) `keywarden scan` over 100 MB of text vs `grep -rE` with the same pattern, same files,
// same run (SPEC §13 goal: at least 0.5x grep's speed). Both as child processes, files warm
// in the page cache after one untimed pass each.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatKey } from '../src/shared/keyFormat';
import { fmt, median, tempDir } from './util';

const BIN = path.resolve(__dirname, '../bin/keywarden.cjs');
const GREP_PATTERN = 'kw_(test|live)_[0-9A-Za-z]{33}';

export interface ScanBench {
  mb: number;
  scanMs: number;
  /** `keywarden scan --pattern`: the bin's start-up (tsx compiling src/), part of scanMs. */
  startMs: number;
  grepMs: number;
  /** grep time / scan time: 1 means as fast as grep. */
  ratio: number;
}

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed: ${r.stderr}`);
  return performance.now() - t;
}

export function benchScan(): ScanBench {
  const dir = tempDir();
  const files = 100;
  const line = 'const config = { url: "https://example.com/api", retries: 3, label: "lorem ipsum dolor" };\n';
  const chunk = line.repeat(Math.ceil((1 << 20) / line.length));
  for (let i = 0; i < files; i++) {
    // One planted key per file so both tools report something.
    fs.writeFileSync(path.join(dir, `f${i}.ts`), `${chunk}k=${formatKey('sandbox', randomBytes(20))}\n`);
  }
  const dataDir = path.join(dir, 'no-app-data');
  const scan = () => timed(process.execPath, [BIN, 'scan', dir, '--json', '--data-dir', dataDir]);
  const grep = () => timed('grep', ['-rEc', GREP_PATTERN, dir]);
  scan();
  grep();
  const start = () => timed(process.execPath, [BIN, 'scan', '--pattern']);
  start();
  const st: number[] = [];
  const s: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < 3; i++) {
    s.push(scan());
    g.push(grep());
    st.push(start());
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const scanMs = median(s);
  const grepMs = median(g);
  return { mb: (files * chunk.length) / (1 << 20), scanMs, startMs: median(st), grepMs, ratio: grepMs / scanMs };
}

export const describeScan = (b: ScanBench): string[] => [
  `  ${fmt(b.mb)} MB: keywarden scan ${fmt(b.scanMs)} ms (of which ${fmt(b.startMs)} ms start-up), grep -rE ${fmt(b.grepMs)} ms`,
];
