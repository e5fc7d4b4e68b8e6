// (b) GET /user/users/me through the Core server against a bare node:http server that
// answers a fixed JSON body of the same size, with the same load generator and connections.
// Two workloads: one valid key (200) and a stream of distinct unknown keys (401).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { formatKey } from '../src/shared/keyFormat';
import { fmt, median, seeded, tempDir } from './util';

const CONNECTIONS = 16;
const WARMUP_S = 2;
/**
 * Many short rounds, alternating core and bare: the other tenants of these machines come
 * and go within seconds, and a burst that falls on one server's long round decided the
 * whole figure (single 4 s rounds ranged 0.36x-0.94x). The headline is the median of the
 * rounds' ratios, which one such burst cannot move; the ratio of the totals is printed too.
 */
const ROUND_S = 2;
const ROUNDS = 9;
/**
 * Distinct unknown keys the 401 workload cycles through: more than the distinct starts the
 * server audits per hour (1,000), so both the audited and the merely counted refusal run.
 */
const JUNK_KEYS = 2000;

interface Workload {
  rps: number;
  /** Server CPU (user + system) per request, from the server process itself: robust to other load. */
  cpuUs: number;
  p99: number;
  /** Replies other than the expected status, plus errors and timeouts. */
  unexpected: number;
}

export interface HttpResult {
  core: Workload;
  bare: Workload;
  refusedCore: Workload;
  refusedBare: Workload;
  /** Requests per second, core / bare: the median of the rounds' ratios. */
  ratio: number;
  refusedRatio: number;
  /** Requests per second, core / bare, over all rounds together. */
  totalRatio: number;
  refusedTotalRatio: number;
  /** The same, round by round (each round runs core then bare back to back). */
  roundRatios: number[];
  refusedRoundRatios: number[];
  /** Server CPU per request, bare / core: what the throughput ratio would be if only the server's CPU counted. */
  cpuRatio: number;
  refusedCpuRatio: number;
}

interface Child {
  url: string;
  /** CPU microseconds the server process has used so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

async function startChild(args: string[]): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, 'serverChild.ts'), ...args],
    { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
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
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as number));
        child.send('cpu');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

type Run = { requests: number; seconds: number; cpuUs: number; p99: number; unexpected: number };

async function load(
  server: Child,
  requests: { headers: Record<string, string> }[],
  duration: number,
  status: number,
): Promise<Run> {
  const before = await server.cpu();
  const r = await autocannon({
    url: `${server.url}/user/users/me`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration,
    requests: requests.map((x) => ({ method: 'GET', path: '/user/users/me', headers: x.headers })),
  });
  const cpuUs = (await server.cpu()) - before;
  const answered = Number(r.statusCodeStats[String(status)]?.count ?? 0);
  return {
    requests: r.requests.total,
    seconds: r.duration,
    cpuUs,
    p99: r.latency.p99,
    unexpected: r.errors + r.timeouts + (r.requests.total - answered),
  };
}

function total(runs: Run[]): Workload {
  const requests = runs.reduce((n, x) => n + x.requests, 0);
  return {
    rps: requests / runs.reduce((n, x) => n + x.seconds, 0),
    cpuUs: runs.reduce((n, x) => n + x.cpuUs, 0) / requests,
    p99: Math.max(...runs.map((x) => x.p99)),
    unexpected: runs.reduce((n, x) => n + x.unexpected, 0),
  };
}

const perSecond = (r: Run): number => r.requests / r.seconds;

export async function benchHttp(): Promise<HttpResult> {
  const dir = tempDir();
  const file = path.join(dir, 'http.db');
  const { engine, ownerKey } = seeded(file, 1000);
  engine.close();

  const valid = [{ headers: { 'x-api-key': ownerKey } }];
  const junk = Array.from({ length: JUNK_KEYS }, () => ({
    headers: { 'x-api-key': formatKey('sandbox', randomBytes(20)) },
  }));
  const core = await startChild(['core', file]);
  const sample = await fetch(`${core.url}/user/users/me`, valid[0]);
  if (sample.status !== 200) throw new Error(`bench: GET /user/users/me answered ${sample.status}`);
  const refusal = await fetch(`${core.url}/user/users/me`, junk[0]);
  if (refusal.status !== 401) throw new Error(`bench: an unknown key got ${refusal.status}`);
  const bare = await startChild(['bare', await sample.text()]);
  const bare401 = await startChild(['bare', await refusal.text(), '401']);
  try {
    await load(core, valid, WARMUP_S, 200);
    await load(bare, valid, WARMUP_S, 200);
    await load(core, junk, WARMUP_S, 401);
    await load(bare401, junk, WARMUP_S, 401);
    // Short rounds, alternating, so that other load on the machine weighs on both alike.
    const c: Run[] = [];
    const b: Run[] = [];
    const rc: Run[] = [];
    const rb: Run[] = [];
    // Which of the two goes first alternates too, so that neither always follows the other's load.
    const round = async (
      pair: [Child, Run[]][],
      requests: { headers: Record<string, string> }[],
      status: number,
      swap: boolean,
    ) => {
      for (const [server, runs] of swap ? [...pair].reverse() : pair)
        runs.push(await load(server, requests, ROUND_S, status));
    };
    for (let r = 0; r < ROUNDS; r++) {
      const swap = r % 2 === 1;
      await round(
        [
          [core, c],
          [bare, b],
        ],
        valid,
        200,
        swap,
      );
      await round(
        [
          [core, rc],
          [bare401, rb],
        ],
        junk,
        401,
        swap,
      );
    }
    const [coreW, bareW, refusedCore, refusedBare] = [total(c), total(b), total(rc), total(rb)];
    const roundRatios = c.map((x, i) => perSecond(x) / perSecond(b[i]));
    const refusedRoundRatios = rc.map((x, i) => perSecond(x) / perSecond(rb[i]));
    return {
      core: coreW,
      bare: bareW,
      refusedCore,
      refusedBare,
      ratio: median(roundRatios),
      refusedRatio: median(refusedRoundRatios),
      totalRatio: coreW.rps / bareW.rps,
      refusedTotalRatio: refusedCore.rps / refusedBare.rps,
      roundRatios,
      refusedRoundRatios,
      cpuRatio: bareW.cpuUs / coreW.cpuUs,
      refusedCpuRatio: refusedBare.cpuUs / refusedCore.cpuUs,
    };
  } finally {
    await core.stop();
    await bare.stop();
    await bare401.stop();
  }
}

const line = (name: string, w: Workload): string =>
  `  ${name.padEnd(34)} ${fmt(w.rps).padStart(7)} req/s  ${fmt(w.cpuUs).padStart(4)} µs CPU/req  p99 ${w.p99} ms${
    w.unexpected ? `  (${w.unexpected} unexpected replies or errors)` : ''
  }`;

const rounds = (xs: number[], all: number): string =>
  `rounds ${xs.map((x) => fmt(x, 2)).join(', ')}; median ${fmt(median(xs), 2)}; all rounds together ${fmt(all, 2)}`;

export const describeHttp = (r: HttpResult): string[] => [
  line('Core GET /user/users/me (200)', r.core),
  line('bare node:http, same JSON (200)', r.bare),
  line(`Core, ${JUNK_KEYS} unknown keys (401)`, r.refusedCore),
  line('bare node:http, same 401 JSON', r.refusedBare),
  `  ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_S} s each after ${WARMUP_S} s warm-up;`,
  "  the ratio is the median of the rounds' ratios (core and bare back to back in each round);",
  '  autocannon in this process, each server in a process of its own',
  `  200: ${rounds(r.roundRatios, r.totalRatio)}; server CPU per request bare / core = ${fmt(r.cpuRatio, 2)}x`,
  `  401: ${rounds(r.refusedRoundRatios, r.refusedTotalRatio)}; server CPU per request bare / core = ${fmt(r.refusedCpuRatio, 2)}x`,
];
