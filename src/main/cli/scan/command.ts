// `keywarden scan PATH… [--git] [--json] [--revoke --confirm NAME] | --pattern` (docs/cli.md).
import type { Command } from 'commander';
import { KeywardenError } from '../../../shared/errors';
import { sameTypedName } from '../../../shared/text';
import { defaultDataDir } from '../dataDir';
import type { Io, Outcome } from '../main';
import { UsageError } from '../usage';
import { findKeys } from './finder';
import { KeyLookup, type Owner } from './lookup';
import { patternText } from './pattern';
import { commitOf, fileTexts, gitBlobs, type Blob } from './sources';

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

export function scan(paths: string[], o: ScanOptions): { findings: Finding[]; owners: Map<Finding, Owner> } {
  const lookup = new KeyLookup(o.dataDir ?? defaultDataDir());
  const known = new Map<string, Owner | null>();
  const findings: Finding[] = [];
  const owners = new Map<Finding, Owner>();
  try {
    for (const p of paths) {
      const blobs: Iterable<Blob> = o.git ? gitBlobs(p) : fileTexts([p]);
      for (const b of blobs) {
        for (const h of findKeys(b.text)) {
          if (!known.has(h.key)) known.set(h.key, lookup.find(h.key));
          const owner = known.get(h.key)!;
          const f: Finding = {
            file: 'file' in b.where ? b.where.file : b.where.path,
            ...('blob' in b.where ? { commit: commitOf(p, b.where.blob) } : {}),
            line: h.line,
            column: h.column,
            start: h.start,
            environment: h.environment,
            profile: owner?.profile ?? null,
            org: owner?.org ?? null,
            keyId: owner?.keyId ?? null,
            keyName: owner?.keyName ?? null,
            state: owner ? owner.state : 'UNKNOWN',
          };
          findings.push(f);
          if (owner) owners.set(f, owner);
        }
      }
    }
    if (o.revoke) revokeWorking(findings, owners, lookup, o.confirm ?? []);
  } finally {
    lookup.close();
  }
  return { findings, owners };
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
    .action((paths: string[], o: ScanOptions) => {
      if (o.pattern) {
        if (paths.length) throw new UsageError('--pattern takes no paths');
        io.stdout(patternText());
        outcome.code = 0;
        return;
      }
      if (paths.length === 0) throw new UsageError('scan needs at least one PATH (or --pattern)');
      const { findings } = scan(paths, o);
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
