// The `keywarden` command (docs/cli.md). Built to out/cli/ (vite.cli.config.mts) and run by
// bin/keywarden.cjs under plain node. Actions import() what they need, so a command loads
// only its own modules: scan never loads the engine unless it finds a key.
//
// Parsing is commander's (not node:util parseArgs grown by hand): nested subcommands
// (`keys roll`, `audit verify`), a generated --help per command, and strict errors for
// unknown flags, missing values and stray arguments, which we map to exit status 2.
import { Command, CommanderError } from 'commander';
import { isKeywardenError } from '../../shared/errors';
import { redactKeys } from '../../shared/keyFormat';
import { registerCompletion } from './completion';
import { registerExec } from './exec';
import { registerKeys } from './keys';
import { registerScan } from './scan/command';
import { USAGE, UsageError } from './usage';

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

/** What a command's action reports back: its exit status. */
export interface Outcome {
  code: number;
}

function build(io: Io, outcome: Outcome): Command {
  const program = new Command('keywarden');
  // Set before any .command(): subcommands inherit these settings when they are created.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s.trimEnd()),
      writeErr: () => {},
      outputError: () => {},
    })
    .showSuggestionAfterError(false)
    .helpOption('-h, --help', 'show help');
  // Every command's own help ends with the overview, so one --help shows the whole tool.
  program.helpInformation = () => USAGE;
  const overview = `\n${USAGE}`;

  program
    .command('init')
    .description('create a new database with a super admin, an org and one key')
    .option('--db <file>')
    .option('--email <email>')
    .option('--org <name>')
    .option('--env <env>', 'sandbox|production')
    .addHelpText('after', overview)
    .action(async (o: Record<string, string | undefined>) => {
      const { parseInit, runInit } = await import('./init');
      runInit(parseInit(o), io.stdout);
      outcome.code = 0;
    });

  program
    .command('serve')
    .description('serve the Core HTTP API from a database')
    .option('--db <file>')
    .option('--host <host>')
    .option('--port <port>')
    .option('--audit-retention-days <days>')
    .addHelpText('after', overview)
    .action(async (o: Record<string, string | undefined>) => {
      const { parseServe, runServe } = await import('./serve');
      outcome.code = await runServe(
        parseServe({ db: o.db, host: o.host, port: o.port, 'audit-retention-days': o.auditRetentionDays }),
        io,
      );
    });

  const audit = program.command('audit').description('audit log tools').addHelpText('after', overview);
  audit
    .command('verify')
    .description('check the audit hash chain')
    .option('--db <file>')
    .addHelpText('after', overview)
    .action(async (o: Record<string, string | undefined>) => {
      const { parseAuditVerify, runAuditVerify } = await import('./audit');
      outcome.code = runAuditVerify(parseAuditVerify(['verify'], o), io);
    });

  registerScan(program, io, outcome, overview);
  registerKeys(program, io, outcome, overview);
  registerExec(program, io, outcome, overview);
  registerCompletion(program, io, outcome, overview);
  return program;
}

/** commander's messages start with "error: "; ours say the tool's name instead. */
const usageMessage = (e: CommanderError): string => e.message.replace(/^error:\s*/, '');

/** Returns the exit status: 0 done, 1 failed, 2 bad invocation. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const outcome: Outcome = { code: 0 };
  try {
    if (argv.length === 0) throw new UsageError('no command given');
    if (argv[0] === 'help') {
      io.stdout(USAGE.trimEnd());
      return 0;
    }
    await build(io, outcome).parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      const message = e.code === 'commander.help' ? 'that command needs a subcommand' : usageMessage(e);
      io.stderr(`keywarden: ${message}\n\n${USAGE.trimEnd()}`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr(`keywarden: ${e.message}\n\n${USAGE.trimEnd()}`);
      return 2;
    }
    if (isKeywardenError(e)) {
      io.stderr(`keywarden: ${e.code}: ${redactKeys(e.message)}`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr(`keywarden: ${err?.code ? `${err.code}: ` : ''}${redactKeys(err?.message ?? 'failed')}`);
    return 1;
  }
}

/** Entry point of bin/keywarden.cjs. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
      // Nothing should keep the loop alive after a command ends; if something does, do not hang.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (e: unknown) => {
      process.stderr.write(`keywarden: ${e instanceof Error ? e.message : 'failed'}\n`);
      process.exit(1);
    },
  );
}
