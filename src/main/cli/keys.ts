// `keywarden keys …` and `keywarden profiles list` (docs/cli.md): the app's own services on
// the app's own data dir. create/roll print the key alone on stdout, so `KEY=$(…)` works.
import type { Command } from 'commander';
import type { CreatedKey, KeyMeta } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { readAll } from '../backend/types';
import type { Session } from './context';
import type { Io, Outcome } from './main';
import { confirmProduction, keyId, type Opts } from './keyArgs';
import { registerKeyChanges } from './keyChanges';
import { table } from './table';
import { UsageError } from './usage';

const common = (c: Command): Command =>
  c
    .option('--data-dir <dir>', "the app's data directory (default: the app's own, or KEYWARDEN_DATA_DIR)")
    .option('--profile <name>', 'which profile (default: the current one)')
    .option('--org <name|id>', 'which org (default: the current one)')
    .option('--json', 'machine-readable output');

const collect = (v: string, acc: string[]) => [...acc, v];

function labelsOf(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new UsageError(`--label takes key=value, not "${p}"`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '-');

function keyTable(keys: KeyMeta[]): string {
  return table(
    ['ID', 'NAME', 'START', 'STATUS', 'EXPIRES', 'LAST USED'],
    keys.map((k) => [
      String(k.id),
      k.name,
      k.start,
      k.revokedAt ? 'deleted' : k.status,
      day(k.expiresAt),
      day(k.lastUsedAt),
    ]),
  );
}

export function keyDetail(k: KeyMeta): string {
  const labels = Object.entries(k.labels).map(([a, b]) => `${a}=${b}`);
  return [
    ['id', String(k.id)],
    ['name', k.name],
    ['kind', k.kind],
    ['org', String(k.orgId)],
    ['start', k.start],
    ['status', k.revokedAt ? 'deleted' : k.status],
    ['scopes', k.scopes.join(', ')],
    ['expires', k.expiresAt ?? 'never'],
    ['last used', k.lastUsedAt ?? 'never'],
    ['labels', labels.join(', ') || '-'],
    ['description', k.description || '-'],
  ]
    .map(([a, b]) => `${a.padEnd(12)}${b}`)
    .join('\n');
}

// The app's services (engine, SQLite, keychain) load only when a command runs.
const context = () => import('./context');
const pickOrg: (typeof import('./context'))['pickOrg'] = async (...args) => (await context()).pickOrg(...args);

async function withSession<T>(o: Opts, f: (s: Session) => Promise<T>): Promise<T> {
  const s = await (await context()).openSession(o);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

/** Prints a new key, or saves it to the keychain and prints where. */
async function deliver(s: Session, io: Io, created: CreatedKey, o: Opts, replacesKeyId?: number): Promise<void> {
  const { apiKey, ...key } = created;
  if (!o.saveToKeychain) {
    io.stdout(apiKey);
    return;
  }
  const org = await pickOrg(s.backend, String(key.orgId));
  const saved = await s.services.keychain.exportKey(s.profile, org, key, apiKey, replacesKeyId);
  if (o.json) io.stdout(JSON.stringify({ key, keychain: { service: saved.service, account: saved.account } }));
  else io.stdout(`saved key ${key.id} to the OS keychain: service "${saved.service}", account "${saved.account}"`);
}

export function registerKeys(program: Command, io: Io, outcome: Outcome, overview: string): void {
  const profiles = program.command('profiles').description("the app's profiles").addHelpText('after', overview);
  profiles
    .command('list')
    .description('list the profiles')
    .option('--data-dir <dir>', "the app's data directory")
    .option('--json', 'machine-readable output')
    .action(async (o: Opts) => {
      const services = await (await context()).openServices(o);
      try {
        const { profiles: list, currentId } = services.workspace.listProfiles();
        if (o.json) io.stdout(JSON.stringify({ profiles: list, currentId }));
        else
          io.stdout(
            table(
              ['', 'ID', 'NAME', 'ENVIRONMENT', 'BACKEND'],
              list.map((p) => [p.id === currentId ? '*' : '', String(p.id), p.name, p.environment, p.backend]),
              2,
            ),
          );
        outcome.code = 0;
      } finally {
        await services.close();
      }
    });

  const keys = program.command('keys').description('manage keys').addHelpText('after', overview);

  common(keys.command('list').description("list an org's keys"))
    .option('--q <text>', 'name or start contains')
    .option('--status <status>', 'a status filter of docs/estate.md')
    .option('--kind <kind>', 'user or org')
    .option('--label <key[:value]>', 'label filter (repeatable)', collect, [])
    .option('--include-deleted', 'include deleted keys')
    .action(async (o: Opts) =>
      withSession(o, async (s) => {
        const org = await pickOrg(s.backend, o.org);
        const list = await readAll((cursor) =>
          s.backend.listKeys({
            orgId: org.id,
            cursor,
            ...(o.q !== undefined ? { q: o.q as string } : {}),
            ...(o.status !== undefined ? { status: o.status as never } : {}),
            ...(o.kind !== undefined ? { kind: o.kind as never } : {}),
            ...((o.label as string[]).length ? { label: o.label as string[] } : {}),
            ...(o.includeDeleted ? { includeRevoked: true } : {}),
          }),
        );
        io.stdout(o.json ? JSON.stringify({ keys: list }) : keyTable(list));
        outcome.code = 0;
      }),
    );

  common(keys.command('show').argument('<id>').description("a key's details")).action(async (id: string, o: Opts) =>
    withSession(o, async (s) => {
      const k = await s.backend.getKey(keyId(id));
      io.stdout(o.json ? JSON.stringify(k) : keyDetail(k));
      outcome.code = 0;
    }),
  );

  common(keys.command('create').description('create a key; prints the key alone on stdout'))
    .requiredOption('--name <name>', "the key's name")
    .option('--kind <kind>', 'org (default) or user (your own membership)', 'org')
    .option('--description <text>')
    .option('--scopes <list>', 'comma-separated scopes')
    .option('--read-only')
    .option('--expires-at <iso>', 'ISO 8601 date-time')
    .option('--label <key=value>', 'a label (repeatable)', collect, [])
    .option('--save-to-keychain', 'store the key in the OS keychain instead of printing it')
    .option('--confirm <name>', "the key's name, required in a production profile")
    .action(async (o: Opts) =>
      withSession(o, async (s) => {
        confirmProduction(s, o.name as string, o.confirm);
        const org = await pickOrg(s.backend, o.org);
        const settings = {
          name: o.name as string,
          ...(o.description !== undefined ? { description: o.description as string } : {}),
          ...(o.scopes !== undefined ? { scopes: (o.scopes as string).split(',') as never } : {}),
          ...(o.readOnly ? { readOnly: true } : {}),
          ...(o.expiresAt !== undefined ? { expiresAt: o.expiresAt as string } : {}),
          ...((o.label as string[]).length ? { labels: labelsOf(o.label as string[]) } : {}),
        };
        let input;
        if (o.kind === 'org') input = { orgId: org.id, kind: 'org' as const, ...settings };
        else if (o.kind === 'user') {
          const me = await s.backend.whoami();
          if (me.currentOrg?.id !== org.id || me.orgUserId === null)
            throw new KeywardenError('BAD_REQUEST', 'a user key is made for your own membership of your current org');
          input = { orgUserId: me.orgUserId, ...settings };
        } else throw new UsageError('--kind is org or user');
        await deliver(s, io, await s.backend.createKey(input), o);
        outcome.code = 0;
      }),
    );

  common(keys.command('update').argument('<id>').description("change a key's name, description, expiry or labels"))
    .option('--name <name>')
    .option('--description <text>')
    .option('--expires-at <iso>', 'ISO 8601 date-time, or "never"')
    .option('--label <key=value>', 'replace the labels (repeatable)', collect, [])
    .option('--clear-labels')
    .option('--confirm <name>', "the key's name, required in a production profile")
    .action(async (id: string, o: Opts) =>
      withSession(o, async (s) => {
        const before = await s.backend.getKey(keyId(id));
        confirmProduction(s, before.name, o.confirm);
        const patch = {
          ...(o.name !== undefined ? { name: o.name as string } : {}),
          ...(o.description !== undefined ? { description: o.description as string } : {}),
          ...(o.expiresAt !== undefined ? { expiresAt: o.expiresAt === 'never' ? null : (o.expiresAt as string) } : {}),
          ...((o.label as string[]).length ? { labels: labelsOf(o.label as string[]) } : {}),
          ...(o.clearLabels ? { labels: {} } : {}),
        };
        if (Object.keys(patch).length === 0) throw new UsageError('keys update needs something to change');
        const k = await s.backend.updateKey(before.id, patch);
        io.stdout(o.json ? JSON.stringify(k) : keyDetail(k));
        outcome.code = 0;
      }),
    );

  registerKeyChanges(keys, io, outcome, { common, withSession, deliver });

  common(keys.command('check').description('is a key valid here, and if not why (the key is read from stdin)')).action(
    async (o: Opts) =>
      withSession(o, async (s) => {
        // From stdin, never argv: a key on the command line is in the process table and history.
        const raw = await readStdin();
        const r = await s.backend.checkKey(raw.trim());
        io.stdout(o.json ? JSON.stringify(r) : 'valid' in r && r.valid ? 'valid' : `invalid: ${JSON.stringify(r)}`);
        outcome.code = 'valid' in r && r.valid ? 0 : 1;
      }),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
