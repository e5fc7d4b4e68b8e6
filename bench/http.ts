// (b) GET /user/users/me through the Core server against a bare node:http server that
// answers a fixed JSON body of the same size, with the same load generator and connections.
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { formatKey } from '../src/shared/keyFormat';
import { fmt, seeded, tempDir } from './util';

const CONNECTIONS = 16;
const WARMUP_S = 2;
const ROUND_S = 4;
const ROUNDS = 3;

export interface HttpResult {
  coreRps: number;
  bareRps: number;
  ratio: number;
  coreP99: number;
  bareP99: number;
  errors: number;
  /** The 401 workload: a fresh unknown key per connection, against bare answering the same 401. */
  refusedCoreRps: number;
  refusedBareRps: number;
  refusedRatio: number;
}

async function startChild(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'serverChild.ts'), ...args], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function load(url: string, headers: Record<string, string>, duration: number) {
  return autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration, headers });
}

export async function benchHttp(): Promise<HttpResult> {
  const dir = tempDir();
  const file = path.join(dir, 'http.db');
  const { engine, ownerKey } = seeded(file, 1000);
  engine.close();

  const headers = { 'x-api-key': ownerKey };
  const junk = { 'x-api-key': formatKey('sandbox', randomBytes(20)) };
  const core = await startChild(['core', file]);
  const sample = await fetch(`${core.url}/user/users/me`, { headers });
  if (sample.status !== 200) throw new Error(`bench: GET /user/users/me answered ${sample.status}`);
  const refusal = await fetch(`${core.url}/user/users/me`, { headers: junk });
  if (refusal.status !== 401) throw new Error(`bench: an unknown key got ${refusal.status}`);
  const bare = await startChild(['bare', await sample.text()]);
  const bare401 = await startChild(['bare', await refusal.text(), '401']);
  const coreUrl = `${core.url}/user/users/me`;
  const bareUrl = `${bare.url}/user/users/me`;
  const bare401Url = `${bare401.url}/user/users/me`;
  try {
    await load(coreUrl, headers, WARMUP_S);
    await load(bareUrl, headers, WARMUP_S);
    // Short rounds, alternating, so that other load on the machine weighs on both alike.
    const c: Awaited<ReturnType<typeof load>>[] = [];
    const b: Awaited<ReturnType<typeof load>>[] = [];
    const rc: Awaited<ReturnType<typeof load>>[] = [];
    const rb: Awaited<ReturnType<typeof load>>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      c.push(await load(coreUrl, headers, ROUND_S));
      b.push(await load(bareUrl, headers, ROUND_S));
      rc.push(await load(coreUrl, junk, ROUND_S));
      rb.push(await load(bare401Url, junk, ROUND_S));
    }
    const rps = (xs: typeof c) => xs.reduce((n, x) => n + x.requests.total, 0) / xs.reduce((n, x) => n + x.duration, 0);
    const coreRps = rps(c);
    const bareRps = rps(b);
    const refusedCoreRps = rps(rc);
    const refusedBareRps = rps(rb);
    return {
      coreRps,
      bareRps,
      ratio: coreRps / bareRps,
      coreP99: Math.max(...c.map((x) => x.latency.p99)),
      bareP99: Math.max(...b.map((x) => x.latency.p99)),
      errors: c.reduce((n, x) => n + x.errors + x.non2xx + x.timeouts, 0),
      refusedCoreRps,
      refusedBareRps,
      refusedRatio: refusedCoreRps / refusedBareRps,
    };
  } finally {
    await core.stop();
    await bare.stop();
    await bare401.stop();
  }
}

export const describeHttp = (r: HttpResult): string[] => [
  `  Core GET /user/users/me   ${fmt(r.coreRps)} req/s (p99 ${r.coreP99} ms, ${r.errors} errors or non-2xx)`,
  `  bare node:http fixed JSON ${fmt(r.bareRps)} req/s (p99 ${r.bareP99} ms)`,
  `  Core 401 for an unknown key ${fmt(r.refusedCoreRps)} req/s; bare node:http answering the same 401 ${fmt(r.refusedBareRps)} req/s`,
  `  ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_S} s each after ${WARMUP_S} s warm-up;`,
  '  autocannon in this process, each server in a process of its own',
];
