// A local ESLint rule for the layer boundaries of docs/architecture.md: which folder of src/
// may import which. It resolves each relative import against the importing file, so a rule
// is about where code lives, not how the import string happens to be spelled.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

// The top of src/main: the CLI, the Electron shell and the two roots that wire everything.
// No layer below them may import them.
const TOP = ['src/main/cli', 'src/main/shell', 'src/main/app.ts', 'src/main/index.ts'];

/** Each layer (a folder, or one file, under src/) and the places it must not import from. */
export const LAYERS = [
  { from: 'src/shared', forbid: ['src/main', 'src/preload', 'src/renderer'] },
  { from: 'src/renderer', forbid: ['src/main', 'src/preload'] },
  { from: 'src/preload', forbid: ['src/main', 'src/renderer'] },
  { from: 'src/main', forbid: ['src/renderer', 'src/preload'] },
  {
    from: 'src/main/engine',
    forbid: [
      'src/main/api',
      'src/main/server',
      'src/main/backend',
      'src/main/services',
      'src/main/ipc',
      'src/main/secrets',
      ...TOP,
    ],
  },
  // The route table sits on the engine: it names the engine's handlers and shared schemas, and
  // the server, the backends and the IPC handlers derive from it. It knows none of them.
  {
    from: 'src/main/api',
    forbid: ['src/main/server', 'src/main/backend', 'src/main/services', 'src/main/ipc', 'src/main/secrets', ...TOP],
  },
  { from: 'src/main/server', forbid: ['src/main/services', 'src/main/ipc', 'src/main/secrets', ...TOP] },
  { from: 'src/main/backend', forbid: ['src/main/services', 'src/main/ipc', ...TOP] },
  // The migration runner serves both the engine and the app store, so it may import neither.
  {
    from: 'src/main/db',
    forbid: [
      'src/main/engine',
      'src/main/server',
      'src/main/backend',
      'src/main/services',
      'src/main/ipc',
      'src/main/secrets',
      ...TOP,
    ],
  },
  {
    from: 'src/main/secrets',
    forbid: [
      'src/main/engine',
      'src/main/api',
      'src/main/server',
      'src/main/backend',
      'src/main/services',
      'src/main/ipc',
      ...TOP,
    ],
  },
  // Services are wired to the IPC dispatcher by the composition root (src/main/app.ts), never
  // by importing it: that is what keeps services and ipc free of a cycle.
  // Services and the CLI reach an operation through the Backend interface, never the route table.
  { from: 'src/main/services', forbid: ['src/main/api', 'src/main/ipc', ...TOP] },
  { from: 'src/main/ipc', forbid: TOP },
  // The CLI is an entry point like the shell: it may use the composition root, never Electron's shell.
  { from: 'src/main/cli', forbid: ['src/main/api', 'src/main/shell', 'src/main/index.ts'] },
];

const inside = (file, place) => file === place || file.startsWith(place.endsWith('.ts') ? place : place + '/');
/** "src/main/app" (an extensionless import) names src/main/app.ts too. */
const names = (target, place) => inside(target, place) || (place.endsWith('.ts') && target === place.slice(0, -3));

/** The first forbidden place `target` falls in when imported from `file` (both repo-relative), or null. */
export function forbiddenImport(file, target) {
  for (const layer of LAYERS) {
    if (!inside(file, layer.from)) continue;
    const hit = layer.forbid.find((place) => names(target, place));
    if (hit) return { layer: layer.from, place: hit };
  }
  return null;
}

export const layersPlugin = {
  rules: {
    layers: {
      meta: {
        type: 'problem',
        docs: { description: 'Keep imports inside the layer boundaries of docs/architecture.md' },
        messages: {
          forbidden: '{{layer}} must not import from {{place}} (docs/architecture.md, "What may import what")',
        },
        schema: [],
      },
      create(context) {
        const file = path.relative(root, context.filename).split(path.sep).join('/');
        const check = (node) => {
          const spec = node.source?.value;
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const target = path
            .relative(root, path.resolve(path.dirname(context.filename), spec))
            .split(path.sep)
            .join('/');
          const hit = forbiddenImport(file, target);
          if (hit) context.report({ node: node.source, messageId: 'forbidden', data: hit });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};
