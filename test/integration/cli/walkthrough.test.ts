// The README's curl walkthrough is meant to be pasted into bash: run its bash blocks, in order, as
// one script, against the real bin, and check what it printed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

function script(): string {
  const md = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...md.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(8);
  return blocks.join('\n');
}

describe('README walkthrough', () => {
  it('runs from start to finish as written', () => {
    // If a step fails, the background server must not outlive the test.
    const guarded = `trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT\n${script()}`;
    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', guarded], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^\{"userId":1,"orgId":1,"orgUserId":1,"apiKey":"kw_test_.{4}…"\}$/m);
    expect(out).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain('{"imported":2}');
    expect(out).toMatch(/^dev@example\.com\nmember\nadmin@example\.com$/m);
    expect(out).toContain('"code":"FORBIDDEN"');
    expect(out).toMatch(/^204\n204\n\{"error":\{"code":"REVOKED"/m);
    expect(out).toContain('server exited 0');
    // No whole key is printed: the walkthrough shortens init's line on purpose.
    expect(out).not.toMatch(/kw_test_[0-9A-Za-z]{33}/);
  });
});
