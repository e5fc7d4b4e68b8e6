// Builds the renderer with electron-vite, and the command line with vite, when its output is
// missing or older than any source it is built from, so the harness always serves (and the
// tests always run) what the code says.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const RENDERER_OUT = path.join(ROOT, 'out/renderer');

const SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts', 'package.json'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function rendererIsStale(): boolean {
  const index = path.join(RENDERER_OUT, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

export function ensureRendererBuilt(log: (line: string) => void = () => {}): void {
  if (!rendererIsStale()) return;
  log('building the renderer (npx electron-vite build)…');
  const r = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  // The build keeps index.html's mtime only if its content did not change; touch it so a
  // no-op rebuild is not repeated on every start.
  const index = path.join(RENDERER_OUT, 'index.html');
  const now = new Date();
  fs.utimesSync(index, now, now);
}

export const CLI_OUT = path.join(ROOT, 'out/cli/keywarden.cjs');
const CLI_SOURCES = ['src/main', 'src/shared', 'vite.cli.config.mts', 'package.json'];

/** bin/keywarden.cjs runs out/cli (vite.cli.config.mts): rebuilt here when a source is newer. */
export function cliIsStale(): boolean {
  if (!fs.existsSync(CLI_OUT)) return true;
  const built = fs.statSync(CLI_OUT).mtimeMs;
  return CLI_SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

export function ensureCliBuilt(log: (line: string) => void = () => {}): void {
  if (!cliIsStale()) return;
  log('building the command line (npm run build:cli)…');
  const r = spawnSync('npm', ['run', '--silent', 'build:cli'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`the CLI build failed:\n${r.stdout}\n${r.stderr}`);
}
