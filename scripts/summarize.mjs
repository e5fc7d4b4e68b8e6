// Sums every suite's JSON report into the one line CI reads: "N passed, N failed, N skipped".
// A suite that should have reported but did not counts as one failure.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
const read = (name) => {
  const f = path.join(dir, name);
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
};

for (const name of ['typecheck.json', 'lint.json', 'format.json', 'build.json']) {
  const r = read(name);
  if (!r) {
    failed += 1;
    continue;
  }
  passed += r.passed;
  failed += r.failed;
}

const v = read('vitest.json');
if (!v) {
  console.error('vitest wrote no report');
  failed += 1;
} else {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  // A file that failed to load has no tests but must still fail the run.
  failed += (v.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
}

const hasE2E = fs.existsSync('test/e2e') && fs.readdirSync('test/e2e').some((f) => f.endsWith('.spec.ts'));
if (hasE2E) {
  const p = read('playwright.json');
  if (!p) {
    console.error('playwright wrote no report');
    failed += 1;
  } else {
    passed += p.stats.expected + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected;
    skipped += p.stats.skipped;
    failed += (p.errors ?? []).length;
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
