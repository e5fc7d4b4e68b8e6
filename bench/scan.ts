// (s) `keywarden scan` over 100 MB of text vs `grep -rE` with the same pattern, same files,
// same run (SPEC §13 goal: at least 0.5x grep's speed). Both as child processes, files warm
// in the page cache after one untimed pass each, runs interleaved, medians of five.
// The tree: 1,000 files of 100 KB in 10 directories cut from real source code (TypeScript's
// compiler), with a few near-miss "kw_" strings per file and a real key in every tenth.
// grep -rE prints each matching line with its file, as scan prints file:line.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatKey } from '../src/shared/keyFormat';
import { fmt, median, tempDir } from './util';

const BIN = path.resolve(__dirname, '../bin/keywarden.cjs');
const GREP_PATTERN = 'kw_(test|live)_[0-9A-Za-z]{33}';

export interface ScanBench {
  mb: number;
  files: number;
  scanMs: number;
  /** `keywarden scan --pattern`: the bin's start-up alone, part of scanMs. */
  startMs: number;
  grepMs: number;
  /** grep time / scan time: 1 means as fast as grep. */
  ratio: number;
  /** The same without NODE_EXTRA_CA_CERTS, which node reads at every start when it is set. */
  withoutCaCerts?: { scanMs: number; grepMs: number; ratio: number };
  load: number[];
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 1 << 26 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed: ${r.stderr}`);
  return performance.now() - t;
}

// Real source text: TypeScript's own compiler, cut into pieces (both tools see the same bytes).
const CORPUS = path.resolve(__dirname, '../node_modules/typescript/lib/typescript.js');
// Near misses, a few per file: the shape's start without the rest.
const NEAR_MISSES = '// kw_ is the prefix; kw_test_ and kw_live_ follow; kw_test_tooShort is not a key\n';

function makeTree(dir: string, files: number, bytesPerFile: number): number {
  const corpus = fs.readFileSync(CORPUS, 'latin1');
  let total = 0;
  let at = 0;
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `d${i % 10}`);
    fs.mkdirSync(sub, { recursive: true });
    if (at + bytesPerFile > corpus.length) at = 0;
    const body = corpus.slice(at, at + bytesPerFile);
    at += bytesPerFile;
    // A planted key in every tenth file (100 in all), in the middle: leaks are rare, and
    // scan counts lines only in files that hold one.
    const half = body.length >> 1;
    const key = i % 10 === Math.floor(i / 10) % 10 ? `API_KEY=${formatKey('sandbox', randomBytes(20))}` : '';
    const content = `${NEAR_MISSES}${body.slice(0, half)}\n${key}\n${NEAR_MISSES}${body.slice(half)}`;
    fs.writeFileSync(path.join(sub, `f${i}.ts`), content, 'latin1');
    total += content.length;
  }
  return total;
}

function measure(dir: string, env: NodeJS.ProcessEnv): { scanMs: number; startMs: number; grepMs: number } {
  const dataDir = path.join(dir, 'no-app-data');
  const scan = () =>
    timed(process.execPath, [BIN, 'scan', path.join(dir, 'tree'), '--json', '--data-dir', dataDir], env);
  const grep = () => timed('grep', ['-rE', GREP_PATTERN, path.join(dir, 'tree')], env);
  const start = () => timed(process.execPath, [BIN, 'scan', '--pattern'], env);
  scan();
  grep();
  start();
  const s: number[] = [];
  const g: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < 5; i++) {
    s.push(scan());
    g.push(grep());
    st.push(start());
  }
  return { scanMs: median(s), startMs: median(st), grepMs: median(g) };
}

export function benchScan(): ScanBench {
  // The scan runs the built CLI, as a user would; a fresh clone has none yet.
  if (!fs.existsSync(path.resolve(__dirname, '../out/cli/keywarden.cjs'))) {
    const built = spawnSync('npm', ['run', '--silent', 'build:cli'], {
      cwd: path.resolve(__dirname, '..'),
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('bench: npm run build:cli failed');
  }
  const dir = tempDir();
  const files = 1000;
  const bytes = makeTree(path.join(dir, 'tree'), files, 100 * 1024);
  try {
    const m = measure(dir, process.env);
    const out: ScanBench = { mb: bytes / (1 << 20), files, ...m, ratio: m.grepMs / m.scanMs, load: os.loadavg() };
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      const w = measure(dir, env);
      out.withoutCaCerts = { scanMs: w.scanMs, grepMs: w.grepMs, ratio: w.grepMs / w.scanMs };
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const describeScan = (b: ScanBench): string[] => [
  `  ${fmt(b.mb)} MB in ${fmt(b.files)} files: keywarden scan ${fmt(b.scanMs)} ms (of which ${fmt(b.startMs)} ms start-up), grep -rE ${fmt(b.grepMs)} ms`,
  ...(b.withoutCaCerts
    ? [
        `  without NODE_EXTRA_CA_CERTS (node reads that file at every start): scan ${fmt(b.withoutCaCerts.scanMs)} ms, grep ${fmt(b.withoutCaCerts.grepMs)} ms, ratio ${fmt(b.withoutCaCerts.ratio, 2)}x`,
      ]
    : []),
  `  load average ${b.load.map((l) => fmt(l, 2)).join(', ')} on ${os.availableParallelism()} CPUs`,
];
