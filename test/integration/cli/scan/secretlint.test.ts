// `keywarden scan --pattern`'s secretlint rule, run by the real secretlint (npm) over a
// fixture: it finds exactly the planted keys and none of the look-alikes. (gitleaks itself
// is not installable here; its rule carries the same regex.)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { secretlintConfig } from '../../../../src/main/cli/scan/pattern';
import { formatKey } from '../../../../src/shared/keyFormat';
import { kw } from '../support';

const SECRETLINT = path.resolve(__dirname, '../../../../node_modules/.bin/secretlint');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-secretlint-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('the printed secretlint rule finds exactly the planted keys', () => {
  const printed = kw(['scan', '--pattern']).stdout;
  const rc = printed.split('# secretlint (.secretlintrc.json)\n')[1].split('\n\n#')[0];
  expect(JSON.parse(rc)).toEqual(secretlintConfig());
  fs.writeFileSync(path.join(dir, '.secretlintrc.json'), rc);
  const test = formatKey('sandbox', randomBytes(20));
  const live = formatKey('production', randomBytes(20));
  fs.writeFileSync(path.join(dir, 'env.txt'), `A=${test}\nnot a key: kw_test_short\n`);
  fs.writeFileSync(path.join(dir, 'conf.yaml'), `x: 1\nkey: "${live}"\nother: kw_prod_${'a'.repeat(33)}\n`);
  fs.writeFileSync(path.join(dir, 'clean.md'), `kw_test_${'b'.repeat(34)}\nxkw_test_${'c'.repeat(33)}\n`);
  const r = spawnSync(SECRETLINT, ['--secretlintrc', '.secretlintrc.json', '--format', 'json', '**/*'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(1);
  const results = JSON.parse(r.stdout) as {
    filePath: string;
    messages: { ruleId: string; loc: { start: { line: number } } }[];
  }[];
  const found = results
    .flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.loc.start.line}:${m.ruleId}`))
    .sort();
  expect(found).toEqual([
    'conf.yaml:2:@secretlint/secretlint-rule-pattern',
    'env.txt:1:@secretlint/secretlint-rule-pattern',
  ]);
});
