// Long work shows progress on stderr only when stderr is a terminal (src/main/cli/progress.ts):
// a real pseudo-terminal from util-linux `script`, KEYWARDEN_PROGRESS=1 forcing it, and plain
// pipes, which must stay clean for scripts. Against a data dir made by the app's services.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { BIN, kw } from './support';

let app: TestApp;
const ids: string[] = [];
let tmp: string;

beforeAll(async () => {
  app = await startTestApp();
  const backend = await app.services.workspace.backend();
  const orgId = (await backend.listOrgs()).items[0].id;
  for (let i = 0; i < 30; i++)
    ids.push(String((await backend.createKey({ orgId, kind: 'org', name: `bulk ${i}` })).id));
  await app.services.workspace.closeCurrent();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-progress-'));
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(tmp, `f${i}.txt`), 'nothing here\n'.repeat(1000));
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the bin under a pseudo-terminal with stdout to a file: what the terminal showed, and stdout. */
function inTerminal(args: string[]): { screen: string; stdout: string } {
  const out = path.join(tmp, 'stdout.txt');
  const cmd = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', `${cmd} > ${quote(out)}`, '/dev/null'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KEYWARDEN_PROGRESS: '' },
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return { screen: r.stdout, stdout: fs.readFileSync(out, 'utf8') };
}

describe('progress on stderr', () => {
  it('a bulk disable of 30 keys: progress on a terminal, wiped at the end; stdout unchanged', () => {
    const { screen, stdout } = inTerminal(['keys', 'disable', ...ids, '--json', '--data-dir', app.dataDir]);
    expect(screen).toContain('disabling: 0 of 30 keys');
    expect(screen).toMatch(/\r\x1b\[2K$/);
    const keys = (JSON.parse(stdout) as { keys: { status: string }[] }).keys;
    expect(keys.map((k) => k.status)).toEqual(Array(30).fill('disabled'));
  });

  it('not a terminal: no progress at all, so scripts see clean output', () => {
    const r = kw(['keys', 'enable', ...ids, '--data-dir', app.dataDir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(30);
  });

  it('KEYWARDEN_PROGRESS=1 forces it on a pipe; =0 keeps a terminal quiet', () => {
    const forced = kw(['keys', 'disable', ...ids, '--data-dir', app.dataDir], {
      env: { ...process.env, KEYWARDEN_PROGRESS: '1' },
    });
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('disabling: 0 of 30 keys');
    const quiet = spawnSync(
      'script',
      ['-qec', [process.execPath, BIN, 'scan', tmp].map(quote).join(' '), '/dev/null'],
      {
        encoding: 'utf8',
        env: { ...process.env, KEYWARDEN_PROGRESS: '0' },
      },
    );
    expect(quiet.status, quiet.stdout).toBe(0);
    expect(quiet.stdout).not.toContain('scanning');
  });

  it('scan of a tree: files and megabytes so far on a terminal', () => {
    const { screen, stdout } = inTerminal(['scan', tmp, '--json', '--data-dir', app.dataDir]);
    expect(screen).toMatch(/scanning: \d+ files, [\d.]+ MB/);
    expect(JSON.parse(stdout)).toEqual({ findings: [] });
  });
});
