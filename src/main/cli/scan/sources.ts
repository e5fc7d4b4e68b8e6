// Where scan reads from: the files under each path (honouring .gitignore files on the way
// down, skipping .git), or with --git every blob ever committed to a repository.
import { execFileSync, spawnSync } from '../lazyChildProcess';
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { KeywardenError } from '../../../shared/errors';

interface Rules {
  base: string;
  ig: Ignore;
}

function ignored(full: string, isDir: boolean, rules: Rules[]): boolean {
  for (const r of rules) {
    const rel = path.relative(r.base, full).split(path.sep).join('/');
    if (rel && r.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Files under each path, depth first in name order; a named file is read even when ignored. */
export function* filesUnder(paths: string[]): Generator<string> {
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new KeywardenError('NOT_FOUND', `no such file or directory: ${p}`);
    }
    if (st.isFile()) yield p;
    else yield* walk(p, []);
  }
}

function* walk(dir: string, inherited: Rules[]): Generator<string> {
  // One getdents per directory: the entry types come with the names, no stat per file.
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let rules = inherited;
  if (entries.some((e) => e.name === '.gitignore' && e.isFile()))
    rules = [...inherited, { base: dir, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) }];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === '.git' || (rules.length && ignored(full, true, rules))) continue;
      yield* walk(full, rules);
    } else if (e.isFile() && !(rules.length && ignored(full, false, rules))) yield full;
  }
}

function git(repo: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  if (r.error) throw new KeywardenError('UNAVAILABLE', `git could not be run: ${r.error.message}`);
  if (r.status !== 0)
    throw new KeywardenError('BAD_REQUEST', `${repo} is not a git repository: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

export interface GitBlob {
  blob: string;
  /** The first path the blob was seen at. */
  path: string;
  data: Buffer;
}

/** Every blob reachable from any ref. */
export function* gitBlobs(repo: string): Generator<GitBlob> {
  const paths = new Map<string, string>();
  for (const line of git(repo, ['rev-list', '--all', '--objects']).toString('latin1').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp === 40 || sp === 64) paths.set(line.slice(0, sp), line.slice(sp + 1));
  }
  if (paths.size === 0) return;
  const out = git(repo, ['cat-file', '--batch'], [...paths.keys()].join('\n') + '\n');
  let at = 0;
  while (at < out.length) {
    const nl = out.indexOf(10, at);
    const [sha, type, sizeText] = out.subarray(at, nl).toString('latin1').split(' ');
    const size = Number(sizeText);
    const data = out.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    if (type === 'blob') yield { blob: sha, path: paths.get(sha) ?? '', data };
  }
}

/** The oldest commit that holds the blob: where the key entered the history. */
export function commitOf(repo: string, blob: string): string {
  const lines = execFileSync('git', ['-C', repo, 'log', '--all', '--format=%H', `--find-object=${blob}`], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  return lines[lines.length - 1] ?? '';
}
