// `keywarden scan PATH… [--git] [--json] [--revoke --confirm NAME] | --pattern` (docs/cli.md).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { KeywardenError } from '../../../shared/errors';
import { sameTypedName } from '../../../shared/text';
import { APP_DB, defaultDataDir } from '../dataDir';
import type { Io, Outcome } from '../main';
import { createProgress, megabytes } from '../progress';
import { UsageError } from '../usage';
import { keysIn, locate, type ByteHit, type Hit } from './finder';
import type { KeyLookup, Owner } from './lookup';
import { patternText } from './pattern';
import { FileReader } from './reader';
import { commitOf, filesUnder, gitBlobs } from './sources';

export interface Finding {
  file: string;
  commit?: string;
  line: number;
  column: number;
  start: string;
  environment: string;
  profile: string | null;
  org: string | null;
  keyId: number | null;
  keyName: string | null;
  /** WORKS, UNKNOWN (no local profile knows it), or why it is dead (REVOKED, DISABLED, …). */
  state: string;
  revokedNow?: boolean;
}

interface ScanOptions {
  git?: boolean;
  json?: boolean;
  pattern?: boolean;
  revoke?: boolean;
  confirm?: string[];
  dataDir?: string;
}

interface Located {
  file: string;
  commit?: string;
  hit: Hit;
}

/** Every checksum-valid key under the paths, with where it is; no database is opened here. */
function search(paths: string[], git: boolean): Located[] {
  const progress = createProgress();
  const found: Located[] = [];
  const reader = new FileReader();
  let items = 0;
  try {
    for (const p of paths) {
      if (git) {
        let bytes = 0;
        for (const b of gitBlobs(p)) {
          const hits: ByteHit[] = [];
          keysIn(b.data, 0, b.data.length, true, 0, hits);
          if (hits.length) {
            const commit = commitOf(p, b.blob);
            for (const hit of locate(b.data, hits)) found.push({ file: b.path, commit, hit });
          }
          bytes += b.data.length;
          progress.update(`scanning ${p}: ${++items} blobs, ${megabytes(bytes)}`);
        }
        continue;
      }
      for (const file of filesUnder([p])) {
        for (const hit of reader.keysInFile(file)) found.push({ file, hit });
        progress.update(`scanning: ${++items} files, ${megabytes(reader.bytes)}`);
      }
    }
  } finally {
    progress.done();
  }
  return found;
}

export async function scan(paths: string[], o: ScanOptions): Promise<Finding[]> {
  const found = search(paths, o.git === true);
  if (found.length === 0) return [];
  const dataDir = o.dataDir ?? defaultDataDir();
  // The engine and SQLite load only once there is a key to look up, and an app to look in.
  const lookup: KeyLookup | null = fs.existsSync(path.join(dataDir, APP_DB))
    ? new (await import('./lookup')).KeyLookup(dataDir)
    : null;
  const known = new Map<string, Owner | null>();
  const owners = new Map<Finding, Owner>();
  try {
    const findings = found.map(({ file, commit, hit }) => {
      if (!known.has(hit.key)) known.set(hit.key, lookup?.find(hit.key) ?? null);
      const owner = known.get(hit.key)!;
      const f: Finding = {
        file,
        ...(commit !== undefined ? { commit } : {}),
        line: hit.line,
        column: hit.column,
        start: hit.start,
        environment: hit.environment,
        profile: owner?.profile ?? null,
        org: owner?.org ?? null,
        keyId: owner?.keyId ?? null,
        keyName: owner?.keyName ?? null,
        state: owner ? owner.state : 'UNKNOWN',
      };
      if (owner) owners.set(f, owner);
      return f;
    });
    if (o.revoke && lookup) revokeWorking(findings, owners, lookup, o.confirm ?? []);
    return findings;
  } finally {
    lookup?.close();
  }
}

/** Production profiles need their name typed (--confirm), checked before anything changes. */
function revokeWorking(findings: Finding[], owners: Map<Finding, Owner>, lookup: KeyLookup, confirm: string[]): void {
  const live = findings.filter((f) => f.state === 'WORKS');
  for (const f of live) {
    const o = owners.get(f)!;
    if (o.profileEnvironment === 'production' && !confirm.some((c) => sameTypedName(c, o.profile)))
      throw new KeywardenError(
        'BAD_REQUEST',
        `revoking keys of the production profile "${o.profile}" needs --confirm "${o.profile}"`,
      );
  }
  const done = new Set<number>();
  for (const f of live) {
    const o = owners.get(f)!;
    const id = o.profileId * 1e9 + o.keyId;
    if (!done.has(id)) lookup.revoke(o);
    done.add(id);
    f.state = 'REVOKED';
    f.revokedNow = true;
  }
}

const place = (f: Finding): string =>
  f.commit ? `${f.commit.slice(0, 12)}:${f.file}:${f.line}` : `${f.file}:${f.line}:${f.column + 1}`;

function humanLine(f: Finding): string {
  const owner = f.profile ? `${f.profile} / ${f.org} / ${f.keyName} (#${f.keyId})` : 'no local profile';
  return `${place(f)}  ${f.start}…  ${f.environment}  ${owner}  ${f.state}${f.revokedNow ? ' (revoked now)' : ''}`;
}

export function registerScan(program: Command, io: Io, outcome: Outcome, overview: string): void {
  program
    .command('scan')
    .description('find Keywarden keys in files, directories or a git history')
    .argument('[paths...]')
    .option('--git', "scan every blob in each repository's history")
    .option('--pattern', 'print the key format for gitleaks, secretlint and GitHub')
    .option('--json', 'print findings as JSON')
    .option('--revoke', 'revoke the working keys found')
    .option('--confirm <name>', 'type a production profile name to allow --revoke there', collect, [])
    .option('--data-dir <dir>', "the app's data directory")
    .addHelpText('after', overview)
    .action(async (paths: string[], o: ScanOptions) => {
      if (o.pattern) {
        if (paths.length) throw new UsageError('--pattern takes no paths');
        io.stdout(patternText());
        outcome.code = 0;
        return;
      }
      if (paths.length === 0) throw new UsageError('scan needs at least one PATH (or --pattern)');
      const findings = await scan(paths, o);
      if (o.json) io.stdout(JSON.stringify({ findings }));
      else if (findings.length === 0) io.stderr('keywarden: no keys found');
      else for (const f of findings) io.stdout(humanLine(f));
      // A key is safe only if we know it is dead: unknown ones gate CI too.
      outcome.code = findings.some((f) => f.state === 'WORKS' || f.state === 'UNKNOWN') ? 1 : 0;
    });
}

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}
