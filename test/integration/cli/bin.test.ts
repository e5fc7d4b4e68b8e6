// bin/keywarden.cjs runs the built CLI (out/cli, `npm run build:cli`); without a build it
// says how to make one instead of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './support';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-bin-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bin/keywarden.cjs', () => {
  it('without a build: UNAVAILABLE naming npm run build, exit 1', () => {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(BIN, path.join(dir, 'bin', 'keywarden.cjs'));
    const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'keywarden.cjs'), 'scan', '--pattern'], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keywarden: UNAVAILABLE: the command line is not built .*npm run build/);
  });

  it('with the build: runs it', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', '--pattern'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('[[rules]]');
  });
});
