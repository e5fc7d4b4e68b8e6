// A real Core server on 127.0.0.1 for the remote tests: `keywarden init` + `keywarden serve
// --port 0` as child processes, exactly as an operator runs them. KEYWARDEN_TEST_SERVER=in-process
// runs the server module in this process instead (handy under a debugger).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from '../../../../src/shared/domain';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CLI = path.join(ROOT, 'bin', 'keywarden.cjs');
export const OWNER_EMAIL = 'owner@example.com';
export const FIRST_ORG = 'Default';

export interface RunningServer {
  url: string;
  /** The super admin's key that `init` printed. */
  ownerKey: string;
  ownerUserId: number;
  dbFile: string;
  mode: 'cli' | 'in-process';
  /** Stops the server (SIGTERM for the CLI) and resolves with its exit code (0 in-process). */
  stop(): Promise<number | null>;
}

export function serverMode(): 'cli' | 'in-process' {
  return process.env.KEYWARDEN_TEST_SERVER === 'in-process' ? 'in-process' : 'cli';
}

interface InitResult {
  userId: number;
  orgId: number;
  orgUserId: number;
  apiKey: string;
}

export async function startCoreServer(opts: { environment?: Environment; dir?: string } = {}): Promise<RunningServer> {
  const environment = opts.environment ?? 'sandbox';
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kw-core-'));
  const dbFile = path.join(dir, 'core.db');
  const cleanup = () => {
    if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  return serverMode() === 'cli' ? startCli(dbFile, environment, cleanup) : startInProcess(dbFile, environment, cleanup);
}

async function startCli(dbFile: string, environment: Environment, cleanup: () => void): Promise<RunningServer> {
  const init = spawnSync(
    process.execPath,
    [CLI, 'init', '--db', dbFile, '--email', OWNER_EMAIL, '--org', FIRST_ORG, '--env', environment],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  if (init.status !== 0) throw new Error(`keywarden init exited ${init.status}: ${init.stderr}`);
  const created = JSON.parse(init.stdout.trim().split('\n').pop() as string) as InitResult;

  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--db', dbFile, '--host', '127.0.0.1', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`keywarden serve printed no "listening on" line in 20 s; stderr: ${stderr}`)),
      20_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`keywarden serve exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
  return {
    url,
    ownerKey: created.apiKey,
    ownerUserId: created.userId,
    dbFile,
    mode: 'cli',
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      cleanup();
      return code;
    },
  };
}

async function startInProcess(dbFile: string, environment: Environment, cleanup: () => void): Promise<RunningServer> {
  const { Engine } = await import('../../../../src/main/engine');
  const { createCoreServer } = await import('../../../../src/main/server');
  const { engine, created } = Engine.create(dbFile, environment, { email: OWNER_EMAIL, orgName: FIRST_ORG });
  const server = createCoreServer(engine, { log: () => {} });
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    url,
    ownerKey: created.apiKey,
    ownerUserId: created.userId,
    dbFile,
    mode: 'in-process',
    async stop() {
      await server.close();
      engine.close();
      cleanup();
      return 0;
    },
  };
}
