// node:child_process loads net, dgram and more: 15-60 ms of every start-up on a busy machine,
// while most runs (scan, keys …) never start a process. The CLI imports these instead, and the
// CLI build (vite.cli.config.mts) points commander's import here too; the real module loads on
// the first call.
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';

let real: typeof ChildProcess | undefined;
const load = (): typeof ChildProcess =>
  (real ??= createRequire(__filename)('node:child_process') as typeof ChildProcess);

export const spawn: typeof ChildProcess.spawn = ((...args: Parameters<typeof ChildProcess.spawn>) =>
  load().spawn(...args)) as typeof ChildProcess.spawn;
export const spawnSync: typeof ChildProcess.spawnSync = ((...args: Parameters<typeof ChildProcess.spawnSync>) =>
  load().spawnSync(...args)) as typeof ChildProcess.spawnSync;
export const execFileSync: typeof ChildProcess.execFileSync = ((
  ...args: Parameters<typeof ChildProcess.execFileSync>
) => load().execFileSync(...args)) as typeof ChildProcess.execFileSync;
export const execFile: typeof ChildProcess.execFile = ((...args: Parameters<typeof ChildProcess.execFile>) =>
  load().execFile(...args)) as typeof ChildProcess.execFile;
