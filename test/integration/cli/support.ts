// Runs the real `keywarden` bin for the CLI tests, with this process's (private) keyring.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../../bin/keywarden.cjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function kw(args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    input: o.input ?? '',
    env: o.env ?? process.env,
    cwd: o.cwd,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const widest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
