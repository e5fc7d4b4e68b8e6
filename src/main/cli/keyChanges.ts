// `keywarden keys disable|enable|roll|delete ID…` (docs/cli.md): one key or many. Every id is
// looked up (and production confirmed) before anything changes, so a typo changes nothing;
// many keys show progress on stderr when it is a terminal (./progress.ts).
import type { Command } from 'commander';
import type { CreatedKey, KeyMeta } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { sameTypedName } from '../../shared/text';
import type { Session } from './context';
import { confirmProduction, keyId, type Opts } from './keyArgs';
import type { Io, Outcome } from './main';
import { countOf, createProgress } from './progress';
import { UsageError } from './usage';

interface Helpers {
  common: (c: Command) => Command;
  withSession: <T>(o: Opts, f: (s: Session) => Promise<T>) => Promise<T>;
  deliver: (s: Session, io: Io, created: CreatedKey, o: Opts, replacesKeyId?: number) => Promise<void>;
}

const CONFIRM_HELP = "the key's name, required in a production profile (for several keys: the profile's name)";

/** The keys named by `ids`, all checked before any is changed. */
async function targets(s: Session, ids: string[], confirm: unknown): Promise<KeyMeta[]> {
  const numbers = ids.map(keyId);
  if (new Set(numbers).size !== numbers.length) throw new UsageError('the same key id is given twice');
  const keys: KeyMeta[] = [];
  for (const id of numbers) keys.push(await s.backend.getKey(id));
  if (keys.length === 1) confirmProduction(s, keys[0].name, confirm);
  else if (
    s.profile.environment === 'production' &&
    !(typeof confirm === 'string' && sameTypedName(confirm, s.profile.name))
  )
    throw new KeywardenError(
      'BAD_REQUEST',
      `"${s.profile.name}" is a production profile: add --confirm "${s.profile.name}" to change ${keys.length} keys`,
    );
  return keys;
}

async function each(keys: KeyMeta[], doing: string, f: (k: KeyMeta) => Promise<void>): Promise<void> {
  const progress = keys.length > 1 ? createProgress() : null;
  try {
    for (let i = 0; i < keys.length; i++) {
      progress?.update(`${doing}: ${countOf(i, keys.length, 'keys')}`);
      await f(keys[i]);
    }
  } finally {
    progress?.done();
  }
}

export function registerKeyChanges(keys: Command, io: Io, outcome: Outcome, h: Helpers): void {
  for (const [verb, status, doing] of [
    ['disable', 'disabled', 'disabling'],
    ['enable', 'enabled', 'enabling'],
  ] as const) {
    h.common(keys.command(verb).argument('<ids...>').description(`${verb} one key or several`))
      .option('--confirm <name>', CONFIRM_HELP)
      .action(async (ids: string[], o: Opts) =>
        h.withSession(o, async (s) => {
          const list = await targets(s, ids, o.confirm);
          const done: KeyMeta[] = [];
          await each(list, doing, async (before) => {
            const k = await s.backend.updateKey(before.id, { status });
            done.push(k);
            if (!o.json) io.stdout(`key ${k.id} "${k.name}" is ${k.status}`);
          });
          if (o.json) io.stdout(JSON.stringify(done.length === 1 ? done[0] : { keys: done }));
          outcome.code = 0;
        }),
      );
  }

  h.common(keys.command('roll').argument('<ids...>').description('replace keys; prints each new key alone on a line'))
    .option('--grace-seconds <n>', 'how long the old keys keep working')
    .option('--save-to-keychain', 'store the new keys in the OS keychain instead of printing them')
    .option('--confirm <name>', CONFIRM_HELP)
    .action(async (ids: string[], o: Opts) =>
      h.withSession(o, async (s) => {
        const grace = o.graceSeconds === undefined ? undefined : Number(o.graceSeconds);
        if (grace !== undefined && !Number.isInteger(grace)) throw new UsageError('--grace-seconds is an integer');
        const list = await targets(s, ids, o.confirm);
        await each(list, 'rolling', async (before) => {
          const created = await s.backend.rollKey(before.id, grace === undefined ? {} : { gracePeriodSeconds: grace });
          await h.deliver(s, io, created, o, before.id);
        });
        outcome.code = 0;
      }),
    );

  h.common(keys.command('delete').argument('<ids...>').description('delete (revoke) one key or several'))
    .option('--confirm <name>', CONFIRM_HELP)
    .action(async (ids: string[], o: Opts) =>
      h.withSession(o, async (s) => {
        const list = await targets(s, ids, o.confirm);
        await each(list, 'deleting', async (before) => {
          await s.backend.deleteKey(before.id);
          if (!o.json) io.stdout(`key ${before.id} "${before.name}" deleted`);
        });
        if (o.json) io.stdout(JSON.stringify({ deleted: list.length === 1 ? list[0].id : list.map((k) => k.id) }));
        outcome.code = 0;
      }),
    );
}
