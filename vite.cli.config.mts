// Builds the `keywarden` command to plain CommonJS in out/cli/, so bin/keywarden.cjs starts
// under node with no TypeScript compiler in the way (tsx cost ~0.6 s per run). Commands load
// their heavy modules (engine, services, server) with import(), which become separate chunks:
// `keywarden scan` never reads the code it does not run.
//
// Start-up is most of a small scan's time, so two more things (measured, docs/cli.md):
// commander and ignore are bundled in (one file to resolve and read instead of a dozen),
// and commander's node:child_process (for subcommands run as separate executables, which we
// have none of) is src/main/cli/lazyChildProcess.ts, which loads the real module on first use.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: object };
const BUNDLED = ['commander', 'ignore'];
// child_process is resolved by the plugin below for commander, and is external for the rest.
const builtins = builtinModules.filter((m) => m !== 'child_process');
const external = [
  ...Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d)),
  ...builtins,
  ...builtins.map((m) => `node:${m}`),
];
const LAZY_CHILD_PROCESS = resolve(root, 'src/main/cli/lazyChildProcess.ts');

const lazyChildProcess = (): Plugin => ({
  name: 'keywarden-lazy-child-process',
  enforce: 'pre',
  resolveId(id, importer) {
    if (!/^(node:)?child_process$/.test(id)) return null;
    if (importer?.includes('/node_modules/commander/')) return LAZY_CHILD_PROCESS;
    return { id: 'node:child_process', external: true };
  },
});

export default defineConfig({
  plugins: [lazyChildProcess()],
  ssr: { noExternal: BUNDLED },
  build: {
    ssr: true,
    outDir: resolve(root, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: { keywarden: resolve(root, 'src/main/cli/main.ts') },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: {
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
      },
    },
  },
});
