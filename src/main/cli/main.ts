// The `keywarden` command (docs/cli.md). Runs under plain node through bin/keywarden.cjs.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isKeywardenError } from '../../shared/errors';
import { parseAuditVerify, runAuditVerify } from './audit';
import { parseInit, runInit } from './init';
import { parseServe, runServe } from './serve';
import { USAGE, UsageError } from './usage';

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const processIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

const OPTIONS = {
  init: { db: { type: 'string' }, email: { type: 'string' }, org: { type: 'string' }, env: { type: 'string' } },
  serve: {
    db: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'audit-retention-days': { type: 'string' },
  },
  audit: { db: { type: 'string' } },
} as const;

function isCommand(c: string | undefined): c is keyof typeof OPTIONS {
  return c === 'init' || c === 'serve' || c === 'audit';
}

/** Returns the exit status: 0 done, 1 failed, 2 bad invocation. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (
    command === '--help' ||
    command === '-h' ||
    command === 'help' ||
    (isCommand(command) && (rest.includes('--help') || rest.includes('-h')))
  ) {
    io.stdout(USAGE.trimEnd());
    return 0;
  }
  try {
    if (!isCommand(command)) throw new UsageError(command === undefined ? 'no command given' : 'unknown command');
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      const options: ParseArgsConfig['options'] = OPTIONS[command];
      const parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: command === 'audit' });
      values = parsed.values as typeof values;
      positionals = parsed.positionals;
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : 'bad arguments');
    }
    if (command === 'init') {
      runInit(parseInit(values), io.stdout);
      return 0;
    }
    if (command === 'audit') return runAuditVerify(parseAuditVerify(positionals, values), io);
    return await runServe(parseServe(values), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`keywarden: ${e.message}\n\n${USAGE.trimEnd()}`);
      return 2;
    }
    if (isKeywardenError(e)) {
      io.stderr(`keywarden: ${e.message}`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr(`keywarden: ${err?.code ? `${err.code}: ` : ''}${err?.message ?? 'failed'}`);
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
