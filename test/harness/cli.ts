// npm run harness -- --port N [--data DIR] [--system-keyring]
// A development tool: the renderer in a browser against the real main-process services.
import { startHarness } from './server';

const USAGE = `usage: npm run harness -- --port N [--data DIR] [--system-keyring]
  --data DIR         keep profiles in DIR (default: a temporary dir, removed on exit)
  --system-keyring   use your desktop's keyring (default: a private, throwaway one)
A development tool, not a way to run Keywarden: open only the URL it prints.
`;

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(USAGE);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; dataDir?: string; keyring: 'private' | 'system' } {
  let port: number | undefined;
  let dataDir: string | undefined;
  let keyring: 'private' | 'system' = 'private';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      const v = argv[++i];
      if (!v || !/^\d{1,5}$/.test(v) || Number(v) > 65535) usage('--port needs a number from 0 to 65535');
      port = Number(v);
    } else if (a === '--data') {
      dataDir = argv[++i];
      if (!dataDir) usage('--data needs a directory');
    } else if (a === '--system-keyring') keyring = 'system';
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (port === undefined) usage('--port is required');
  return { port, dataDir, keyring };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const harness = await startHarness({ ...args, log: (l) => process.stderr.write(`${l}\n`) });
  process.stderr.write(
    'DEVELOPMENT HARNESS — not a product mode. Every call needs the token in this URL; do not share it.\n',
  );
  process.stdout.write(`harness on ${harness.url}\n`);
  process.stderr.write(`data dir: ${harness.dataDir}${args.dataDir ? '' : ' (temporary, removed on exit)'}\n`);
  process.stderr.write(
    harness.keyring === 'system'
      ? "keyring: your desktop's own (--system-keyring)\n"
      : 'keyring: a private, throwaway Secret Service (pass --system-keyring for your own)\n',
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void harness.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`harness failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
