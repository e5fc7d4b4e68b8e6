// Which Node ABI a native module was built for, and which one an Electron needs, so
// `npm start` never stamps (or loads) a better-sqlite3 build that cannot run. A module
// built with node-gyp for a non-N-API addon exports `node_register_module_v<N>`, N being
// the NODE_MODULE_VERSION of the headers it was compiled against.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** NODE_MODULE_VERSION a .node file was built for, or null if it names none (N-API, or not a module). */
export function moduleAbiOf(file) {
  const bytes = fs.readFileSync(file).toString('latin1');
  const found = new Set([...bytes.matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])));
  return found.size === 1 ? [...found][0] : null;
}

/**
 * Electron's NODE_MODULE_VERSION: asked of the Electron binary itself (its Node, via
 * ELECTRON_RUN_AS_NODE), else from node-abi's registry (installed with prebuild-install).
 */
export function electronAbi(electronPath, electronVersion) {
  if (electronPath && fs.existsSync(electronPath)) {
    const r = spawnSync(electronPath, ['-p', 'process.versions.modules'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const n = Number(r.stdout?.trim());
    if (r.status === 0 && Number.isInteger(n) && n > 0) return n;
  }
  try {
    return Number(require('node-abi').getAbi(electronVersion, 'electron'));
  } catch {
    return null;
  }
}

/** null when the build can run in that Electron; else what is wrong and what to do. */
export function abiProblem({ file, expected, electronVersion }) {
  if (!fs.existsSync(file)) return `no better-sqlite3 build at ${file}`;
  const actual = moduleAbiOf(file);
  if (expected === null)
    return `cannot tell which ABI Electron ${electronVersion} needs (no electron binary, no node-abi)`;
  if (actual === null) return `${file} names no NODE_MODULE_VERSION: it is not a Node addon build of better-sqlite3`;
  if (actual !== expected) {
    const forNode = actual === Number(process.versions.modules) ? ` (this Node ${process.version}'s ABI)` : '';
    return (
      `${file} was built for NODE_MODULE_VERSION ${actual}${forNode}, but Electron ${electronVersion} needs ${expected}. ` +
      "It was compiled against the wrong headers (npm's nodedir or a cached Node build)."
    );
  }
  return null;
}

export const HOW_TO_FIX = `What to do:
  1. Remove the failed build:    rm -rf .electron-native
  2. Make sure npm points at no Node headers: unset npm_config_nodedir (and remove nodedir from .npmrc)
  3. Run npm start again; it fetches a prebuilt binary for Electron or compiles one against
     Electron's headers (needs network access to electronjs.org, and g++, make and python3).
  Or build it with the ecosystem's tool (needs Node >= 22):
     npx @electron/rebuild -f -w better-sqlite3 -m .electron-native/better-sqlite3`;
