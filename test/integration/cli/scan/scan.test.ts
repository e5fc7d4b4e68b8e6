// `keywarden scan` (docs/cli.md): the real bin over a fixture tree and a real git repository,
// against a data dir made by the app's own services. Keys are planted live, revoked, with a
// wrong checksum, of the other environment, and only in a deleted file's history.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKeys } from '../../../../src/main/cli/scan/finder';
import { checksumOf, formatKey } from '../../../../src/shared/keyFormat';
import { startTestApp, type TestApp } from '../../../support/mainServices';

const BIN = path.resolve(__dirname, '../../../../bin/keywarden.cjs');
let app: TestApp;
let root: string;
const keys = { live: '', revoked: '', badChecksum: '', otherEnv: '', deleted: '', prod: '' };
let liveId = 0;
let orgName = '';

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', app.dataDir], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const write = (rel: string, text: string) => {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
};
const git = (...args: string[]) =>
  execFileSync('git', ['-C', path.join(root, 'repo'), ...args], {
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    },
    encoding: 'utf8',
  });

beforeAll(async () => {
  app = await startTestApp();
  const backend = await app.services.workspace.backend();
  const orgs = await backend.listOrgs();
  const orgId = orgs.items[0].id;
  orgName = orgs.items[0].name;
  const live = await backend.createKey({ orgId, kind: 'org', name: 'ci deploy' });
  const revoked = await backend.createKey({ orgId, kind: 'org', name: 'old one' });
  await backend.deleteKey(revoked.id);
  const deleted = await backend.createKey({ orgId, kind: 'org', name: 'in history' });
  liveId = live.id;
  keys.live = live.apiKey;
  keys.revoked = revoked.apiKey;
  keys.deleted = deleted.apiKey;
  // Flip one checksum character: shaped like a key, but not one.
  const last = keys.live.at(-1) === 'a' ? 'b' : 'a';
  keys.badChecksum = keys.live.slice(0, -1) + last;
  keys.otherEnv = formatKey('production', randomBytes(20));
  const prod = await app.call<{ id: number }>('createProfile', {
    backend: 'local',
    name: 'Prod',
    environment: 'production',
  });
  const prodBackend = await app.services.workspace.openForThisProcess(prod.id);
  const prodOrg = (await prodBackend.listOrgs()).items[0].id;
  keys.prod = (await prodBackend.createKey({ orgId: prodOrg, kind: 'org', name: 'prod leak' })).apiKey;
  await app.services.workspace.closeCurrent();

  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-scan-'));
  write('tree/config/.env', `# deploy\nAPI_KEY=${keys.live}\n`);
  write('tree/src/old.ts', `const k = "${keys.revoked}"; // ${keys.badChecksum}\n`);
  write('tree/notes.md', `prod:\n\n  ${keys.otherEnv}\n`);
  write('tree/.gitignore', 'build/\n*.log\n');
  write('tree/build/out.js', `x="${keys.live}"`);
  write('tree/debug.log', keys.live);

  fs.mkdirSync(path.join(root, 'repo'));
  git('init', '-q', '-b', 'main');
  write('repo/README.md', 'hello\n');
  write('repo/secrets.txt', `one\ntwo\nTOKEN=${keys.deleted}\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'add');
  git('rm', '-q', 'secrets.txt');
  git('commit', '-q', '-m', 'remove');
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('keywarden scan', () => {
  it('a tree: exactly the checksum-valid keys, .gitignore honoured, owners and states named', () => {
    const r = run(['scan', 'tree', '--json']);
    expect(r.status, r.stderr).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    const by = (file: string) => findings.filter((f) => f.file === path.join('tree', file));
    expect(findings).toHaveLength(3);
    expect(by('config/.env')).toEqual([
      expect.objectContaining({
        line: 2,
        column: 8,
        start: keys.live.slice(0, 12),
        environment: 'sandbox',
        profile: 'Local sandbox',
        org: orgName,
        keyId: liveId,
        keyName: 'ci deploy',
        state: 'WORKS',
      }),
    ]);
    expect(by('src/old.ts')).toEqual([expect.objectContaining({ line: 1, keyName: 'old one', state: 'REVOKED' })]);
    expect(by('notes.md')).toEqual([
      expect.objectContaining({ line: 3, environment: 'production', profile: null, state: 'UNKNOWN' }),
    ]);
    for (const k of Object.values(keys)) {
      expect(r.stdout).not.toContain(k);
      expect(r.stderr).not.toContain(k);
    }
  });

  it('exits 0 when every key found is known to be dead', () => {
    const r = run(['scan', 'tree/src/old.ts']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tree\/src\/old\.ts:1:\d+ {2}kw_test_\w{4}… {2}sandbox {2}Local sandbox \/ .+ \/ old one/);
    expect(r.stdout).not.toContain(keys.revoked);
  });

  it('--git: a key only in a deleted file is found with its commit and path', () => {
    const first = git('rev-list', '--max-parents=0', 'HEAD').trim();
    const plain = run(['scan', 'repo', '--json']);
    expect(JSON.parse(plain.stdout).findings).toEqual([]);
    expect(plain.status).toBe(0);
    const r = run(['scan', '--git', 'repo', '--json']);
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([
      expect.objectContaining({
        commit: first,
        file: 'secrets.txt',
        line: 3,
        keyName: 'in history',
        state: 'WORKS',
      }),
    ]);
    expect(r.stdout).not.toContain(keys.deleted);
  });

  it('--revoke revokes the working keys it found; they no longer work', () => {
    write('once/leak.txt', keys.deleted);
    const r = run(['scan', 'once', '--revoke']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('REVOKED (revoked now)');
    expect(run(['scan', 'once', '--json']).stdout).toContain('"state":"REVOKED"');
  });

  it('--revoke in a production profile needs --confirm with its name, checked before any change', () => {
    write('prod/leak.txt', `${keys.prod}\n`);
    const refused = run(['scan', 'prod', '--revoke']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^keywarden: BAD_REQUEST: .*--confirm "Prod"/);
    expect(run(['scan', 'prod', '--json']).stdout).toContain('"state":"WORKS"');
    const done = run(['scan', 'prod', '--revoke', '--confirm', 'Prod']);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('Prod / ');
    expect(done.stdout).toContain('REVOKED (revoked now)');
    expect(done.stdout + done.stderr).not.toContain(keys.prod);
  });

  it('--pattern prints a gitleaks rule, a secretlint config and a GitHub pattern', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', '--pattern'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[[rules]]');
    expect(r.stdout).toContain('@secretlint/secretlint-rule-pattern');
    expect(r.stdout).toContain('kw_(?:test|live)_[0-9A-Za-z]{33}');
  });

  it('bad invocations exit 2; a missing path exits 1', () => {
    expect(run(['scan']).status).toBe(2);
    expect(run(['scan', 'tree', '--bogus']).status).toBe(2);
    const r = run(['scan', 'nowhere']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^keywarden: NOT_FOUND: /);
  });
});

describe('scan finder', () => {
  it('no false positives on 10,000 random 41-character kw_-shaped strings', () => {
    const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const lines: string[] = [];
    let valid = 0;
    for (let i = 0; i < 10_000; i++) {
      const bytes = randomBytes(33);
      const body = `kw_${i % 2 ? 'live' : 'test'}_${[...bytes.subarray(0, 27)].map((b) => A[b % 62]).join('')}`;
      const tail = [...bytes.subarray(27)].map((b) => A[b % 62]).join('');
      if (checksumOf(body) === tail) valid++;
      lines.push(`${body}${tail}`);
    }
    expect(findKeys(lines.join('\n'))).toHaveLength(valid);
    expect(valid).toBe(0);
  });
});
