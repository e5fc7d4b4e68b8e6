// `npm run bench`: each goal's ratio against a baseline measured in the same run (not a test;
// prints, never fails the build). Parts: a b c d e s (README.md, Benchmarks).
import { benchAuditBytes, describeAuditBytes } from './auditBytes';
import { benchAuth, describeAuth } from './auth';
import { benchCreate, describeCreate } from './createKeys';
import { benchEstate, describeEstate } from './estate';
import { benchHttp, describeHttp } from './http';
import { benchScan, describeScan } from './scan';
import { fmt } from './util';

const verdict = (ok: boolean) => (ok ? 'goal met' : 'GOAL MISSED');

// `npm run bench -- a c` runs only those parts (handy while profiling); no argument runs all.
const only = new Set(process.argv.slice(2));
const want = (part: string) => only.size === 0 || only.has(part);

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Keywarden benchmark — node ${process.version}, ${new Date().toISOString()}\n`);

  const summary: string[] = [];
  if (want('a')) {
    console.log('(a) verification, in process');
    const a = await benchAuth();
    for (const l of describeAuth(a)) console.log(l);
    console.log(`  ratio engine / floor = ${fmt(a.ratio, 2)}x   (goal >= 0.85x: ${verdict(a.ratio >= 0.85)})\n`);
    summary.push(`  (a) authenticate vs floor     ${fmt(a.ratio, 2)}x  (goal >= 0.85x)`);
  }
  if (want('b')) {
    console.log('(b) HTTP throughput on loopback');
    const b = await benchHttp();
    for (const l of describeHttp(b)) console.log(l);
    console.log(`  ratio core / bare = ${fmt(b.ratio, 2)}x   (goal >= 0.6x: ${verdict(b.ratio >= 0.6)})`);
    console.log(
      `  401 workload (unknown keys): ratio core / bare = ${fmt(b.refusedRatio, 2)}x   (goal >= 0.6x: ${verdict(b.refusedRatio >= 0.6)})\n`,
    );
    summary.push(`  (b) HTTP vs bare node:http    ${fmt(b.ratio, 2)}x  (goal >= 0.6x)`);
    summary.push(`  (b) 401s vs bare node:http    ${fmt(b.refusedRatio, 2)}x  (goal >= 0.6x)`);
    summary.push(`  (b) server CPU/req bare/core  ${fmt(b.cpuRatio, 2)}x (200), ${fmt(b.refusedCpuRatio, 2)}x (401)`);
  }
  if (want('d')) {
    console.log('(d) audit storage per call');
    const d = benchAuditBytes();
    for (const l of describeAuditBytes(d)) console.log(l);
    console.log('');
    summary.push(
      `  (d) audit bytes/call          ${fmt(d.perAuthenticated, 1)} authenticated, ${fmt(d.perJunkSame, 1)} junk (${fmt(d.perJunkDistinct, 1)} distinct junk)`,
    );
  }
  if (want('c')) {
    console.log('(c) creating 10,000 keys in one call');
    const c = benchCreate();
    for (const l of describeCreate(c)) console.log(l);
    console.log(`  ratio engine / raw = ${fmt(c.ratio, 2)}x the time   (goal <= 1.5x: ${verdict(c.ratio <= 1.5)})\n`);
    summary.push(`  (c) createKeys vs raw insert  ${fmt(c.ratio, 2)}x  (goal <= 1.5x)`);
  }

  if (want('e')) {
    console.log('(e) the estate: Overview of 5 local profiles + 1 remote, 20,000 keys each');
    const e = await benchEstate();
    for (const l of describeEstate(e)) console.log(l);
    console.log(`  ratio cold / baseline = ${fmt(e.coldRatio, 2)}x   (goal <= 2x: ${verdict(e.coldRatio <= 2)})`);
    console.log(`  warm ${fmt(e.warmMs, 2)} ms   (goal < 300 ms: ${verdict(e.warmMs < 300)})`);
    console.log(`  heap ${fmt(e.heapMb, 1)} MB   (goal < 100 MB: ${verdict(e.heapMb < 100)})\n`);
    summary.push(`  (e) estate Overview cold vs SQL ${fmt(e.coldRatio, 2)}x  (goal <= 2x)`);
    summary.push(`  (e) estate Overview warm      ${fmt(e.warmMs, 2)} ms  (goal < 300 ms)`);
    summary.push(`  (e) estate heap, 120k rows    ${fmt(e.heapMb, 1)} MB  (goal < 100 MB)`);
  }

  if (want('s')) {
    console.log('(s) keywarden scan vs grep -rE, 100 MB of text');
    const s = benchScan();
    for (const l of describeScan(s)) console.log(l);
    console.log(`  ratio grep time / scan time = ${fmt(s.ratio, 2)}x   (goal >= 0.5x: ${verdict(s.ratio >= 0.5)})\n`);
    summary.push(`  (s) scan speed vs grep -rE     ${fmt(s.ratio, 2)}x  (goal >= 0.5x)`);
  }

  console.log('summary');
  for (const l of summary) console.log(l);
  console.log(`  total time ${fmt((performance.now() - started) / 1000, 1)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
