// npm run harness -- --port N [--data DIR]
import { startHarness } from './server';

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: npm run harness -- --port N [--data DIR]\n');
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; dataDir?: string } {
  let port: number | undefined;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      const v = argv[++i];
      if (!v || !/^\d{1,5}$/.test(v) || Number(v) > 65535) usage('--port needs a number from 0 to 65535');
      port = Number(v);
    } else if (a === '--data') {
      dataDir = argv[++i];
      if (!dataDir) usage('--data needs a directory');
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (port === undefined) usage('--port is required');
  return { port, dataDir };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const harness = await startHarness({ ...args, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`harness on ${harness.url}\n`);
  process.stderr.write(`data dir: ${harness.dataDir}${args.dataDir ? '' : ' (temporary)'}\n`);
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
