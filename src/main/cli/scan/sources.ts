// Where scan reads text from: files and directories (honouring .gitignore files on the way
// down), or with --git every blob ever committed to a repository.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { KeywardenError } from '../../../shared/errors';

export interface Blob {
  /** file path, or for --git `<commit>:<path>` once a hit is located. */
  where: { file: string } | { blob: string; path: string };
  text: string;
}

interface Rules {
  base: string;
  ig: Ignore;
}

function rulesOf(dir: string): Rules | null {
  const file = path.join(dir, '.gitignore');
  if (!fs.existsSync(file)) return null;
  return { base: dir, ig: ignore().add(fs.readFileSync(file, 'utf8')) };
}

function ignored(full: string, isDir: boolean, rules: Rules[]): boolean {
  for (const r of rules) {
    const rel = path.relative(r.base, full).split(path.sep).join('/');
    if (rel && r.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Files under each path, depth first; a named file is read even when ignored. */
export function* fileTexts(paths: string[]): Generator<Blob> {
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new KeywardenError('NOT_FOUND', `no such file or directory: ${p}`);
    }
    if (st.isFile()) yield { where: { file: p }, text: fs.readFileSync(p, 'latin1') };
    else yield* walk(p, []);
  }
}

function* walk(dir: string, inherited: Rules[]): Generator<Blob> {
  const own = rulesOf(dir);
  const rules = own ? [...inherited, own] : inherited;
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === '.git' || ignored(full, true, rules)) continue;
      yield* walk(full, rules);
    } else if (e.isFile() && !ignored(full, false, rules)) {
      // latin1 maps every byte to one character: binary files cannot throw, keys stay ASCII.
      yield { where: { file: full }, text: fs.readFileSync(full, 'latin1') };
    }
  }
}

function git(repo: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  if (r.error) throw new KeywardenError('UNAVAILABLE', `git could not be run: ${r.error.message}`);
  if (r.status !== 0)
    throw new KeywardenError('BAD_REQUEST', `${repo} is not a git repository: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

/** Every blob reachable from any ref, with the first path it was seen at. */
export function* gitBlobs(repo: string): Generator<Blob> {
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
    const body = out.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    if (type === 'blob') yield { where: { blob: sha, path: paths.get(sha) ?? '' }, text: body.toString('latin1') };
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
