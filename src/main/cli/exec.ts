// `keywarden exec --profile P --key ID [--env VAR] -- CMD…` (docs/cli.md): the key goes from
// the OS keychain into CMD's environment and nowhere else — not our stdout, not our own
// environment, not any command line. CMD's exit status (or 128+signal) becomes ours.
import { spawn } from './lazyChildProcess';
import os from 'node:os';
import type { Command } from 'commander';
import { KeywardenError } from '../../shared/errors';
import type { CommonOptions } from './context';
import type { Io, Outcome } from './main';
import { UsageError } from './usage';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

async function keyFromKeychain(o: CommonOptions, keyId: number): Promise<string> {
  const { openServices, pickProfile } = await import('./context');
  const services = await openServices(o);
  try {
    const profile = pickProfile(services, o.profile);
    const raw = await services.keychain.readExport(profile.id, keyId);
    if (raw === null) {
      const p = JSON.stringify(profile.name);
      throw new KeywardenError(
        'NOT_FOUND',
        `key ${keyId} of profile ${p} is not in the OS keychain (or the keyring is locked): ` +
          `save it with \`keywarden keys roll ${keyId} --profile ${p} --save-to-keychain\`, ` +
          'or "Save to keychain" when the app shows the key',
      );
    }
    return raw;
  } finally {
    await services.close();
  }
}

/** Runs the child and resolves with the status to exit with. */
export function runWithKey(cmd: string[], variable: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, [variable]: key } });
    const forward = (s: NodeJS.Signals) => child.kill(s);
    for (const s of FORWARDED) process.on(s, forward);
    const done = () => {
      for (const s of FORWARDED) process.off(s, forward);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(new KeywardenError('NOT_FOUND', `cannot run ${cmd[0]}: ${e.code ?? e.message}`));
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

export function registerExec(program: Command, io: Io, outcome: Outcome, overview: string): void {
  program
    .command('exec')
    .description('run a command with a key from the OS keychain in its environment')
    .argument('<cmd...>', 'the command, after --')
    .requiredOption('--key <id>', 'the key id (saved to the keychain from this profile)')
    .option('--env <var>', 'the environment variable', 'KEYWARDEN_API_KEY')
    .option('--data-dir <dir>', "the app's data directory")
    .option('--profile <name>', 'which profile (default: the current one)')
    .option('--json', 'accepted for symmetry; exec never prints the key')
    .addHelpText('after', overview)
    .action(async (cmd: string[], o: CommonOptions & { key: string; env: string }) => {
      if (!/^\d{1,15}$/.test(o.key)) throw new UsageError('--key is a key id');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.env)) throw new UsageError('--env must be an environment variable name');
      const key = await keyFromKeychain(o, Number(o.key));
      outcome.code = await runWithKey(cmd, o.env, key);
    });
}
