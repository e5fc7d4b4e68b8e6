// `npm start`: builds what Electron needs and launches the app. better-sqlite3 is compiled
// once more for Electron's ABI into .electron-native/ — node_modules stays built for Node,
// so `npm test` and the CLI keep working. Rebuilt only when the Electron version changes,
// and stamped (and launched) only when the built module's ABI is the one Electron needs.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { abiProblem, electronAbi, HOW_TO_FIX } from './nativeAbi.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const electronVersion = require('electron/package.json').version;
const nativeDir = path.join(root, '.electron-native', 'better-sqlite3');
const stamp = path.join(nativeDir, '.built-for');
const binding = path.join(nativeDir, 'build', 'Release', 'better_sqlite3.node');

function run(cmd, args, cwd = root) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
}

if (!fs.existsSync(binding) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== electronVersion) {
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  fs.rmSync(nativeDir, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), nativeDir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  });
  const target = ['--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'];
  try {
    // A prebuilt binary for this Electron, if one is published…
    run('npx', ['--yes', 'prebuild-install', '--runtime=electron', `--target=${electronVersion}`], nativeDir);
  } catch {
    // …else compile against Electron's headers.
    try {
      run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', ...target], nativeDir);
    } catch {
      console.error(
        `\nCould not build better-sqlite3 for Electron ${electronVersion} (see the output above).\n\n${HOW_TO_FIX}\n`,
      );
      process.exit(1);
    }
  }
}

// Checked on every start, not only after a build: a stamped build from an older start
// may have been compiled for Node's ABI and would fail inside Electron.
let electronPath = null;
try {
  electronPath = require('electron');
} catch (e) {
  console.error(
    `Electron's binary is missing (${e.message.split('\n')[0]}): run npm ci on a machine that can download it.`,
  );
  process.exit(1);
}
const problem = abiProblem({ file: binding, expected: electronAbi(electronPath, electronVersion), electronVersion });
if (problem) {
  fs.rmSync(stamp, { force: true });
  console.error(`\nbetter-sqlite3 cannot run in Electron ${electronVersion}: ${problem}\n\n${HOW_TO_FIX}\n`);
  process.exit(1);
}
fs.writeFileSync(stamp, electronVersion);

run('npx', ['electron-vite', 'build']);
const child = spawn(electronPath, ['.'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, KEYWARDEN_SQLITE_BINDING: binding },
});
child.on('exit', (code) => process.exit(code ?? 0));
