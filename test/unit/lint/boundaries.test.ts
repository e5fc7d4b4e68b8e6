// The import boundaries of docs/architecture.md are checked by ESLint in `npm test`. These
// tests lint deliberate violations (and their allowed twins) with the project's own config,
// so a boundary that quietly stopped being enforced fails here.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids ESLint reports for `code` placed at `file` (a path that need not exist). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('electron stays in the shell and the preload', () => {
  it("refuses import 'electron' in src/main/engine", async () => {
    expect(await ruleIds('src/main/engine/probe.ts', "import 'electron';\n")).toContain('no-restricted-imports');
  });

  it('refuses electron in the server, services, backend, renderer and shared code', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    for (const file of [
      'src/main/server/probe.ts',
      'src/main/services/probe.ts',
      'src/main/backend/probe.ts',
      'src/main/cli/probe.ts',
      'src/renderer/probe.ts',
      'src/shared/probe.ts',
    ]) {
      expect(await ruleIds(file, code), file).toContain('no-restricted-imports');
    }
  });

  it('allows it in src/main/index.ts, src/main/shell and src/preload', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    for (const file of ['src/main/index.ts', 'src/main/shell/probe.ts', 'src/preload/probe.ts']) {
      expect(await ruleIds(file, code), file).toEqual([]);
    }
  });
});

describe('the renderer runs in the browser: no Node built-ins', () => {
  it("refuses import 'node:fs' in src/renderer", async () => {
    expect(await ruleIds('src/renderer/lib/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses the bare names and subpaths too, in renderer and shared code', async () => {
    for (const spec of ['fs', 'path', 'crypto', 'fs/promises', 'node:path']) {
      const code = `import x from '${spec}';\nexport const y = x;\n`;
      expect(await ruleIds('src/renderer/probe.tsx', code), spec).toContain('no-restricted-imports');
      expect(await ruleIds('src/shared/probe.ts', code), spec).toContain('no-restricted-imports');
    }
  });

  it('allows Node built-ins in the engine', async () => {
    expect(await ruleIds('src/main/engine/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([]);
  });
});

describe('layers import only downward', () => {
  it('services do not import ipc: the composition root wires them', async () => {
    const code = "import { createDispatcher } from '../ipc/dispatcher';\nexport const d = createDispatcher;\n";
    expect(await ruleIds('src/main/services/probe.ts', code)).toContain('keywarden/layers');
    expect(await ruleIds('src/main/probe.ts', code.replace('../ipc', './ipc'))).toEqual([]);
  });

  it('the engine does not import the server, services or backends', async () => {
    for (const spec of ['../server', '../services/workspace', '../backend/local', '../ipc/handlers']) {
      const code = `import * as x from '${spec}';\nexport const y = x;\n`;
      expect(await ruleIds('src/main/engine/probe.ts', code), spec).toContain('keywarden/layers');
    }
  });

  it('the route table (src/main/api) imports the engine and shared code, never what derives from it', async () => {
    for (const spec of ['../server', '../backend/local', '../ipc/handlers', '../services/workspace', '../app']) {
      const code = `import * as x from '${spec}';\nexport const y = x;\n`;
      expect(await ruleIds('src/main/api/probe.ts', code), spec).toContain('keywarden/layers');
    }
    const allowed =
      "import type { Engine } from '../engine';\nimport { idSchema } from '../../shared/domain';\nexport type E = Engine;\nexport const i = idSchema;\n";
    expect(await ruleIds('src/main/api/probe.ts', allowed)).toEqual([]);
  });

  it('only the server, the backends and the IPC handlers import the route table', async () => {
    const code = "import { ROUTE_TABLE } from '../api/routes';\nexport const t = ROUTE_TABLE;\n";
    for (const file of [
      'src/main/engine/probe.ts',
      'src/main/services/probe.ts',
      'src/main/cli/probe.ts',
      'src/main/secrets/probe.ts',
    ]) {
      expect(await ruleIds(file, code), file).toContain('keywarden/layers');
    }
    for (const file of ['src/main/server/probe.ts', 'src/main/backend/probe.ts', 'src/main/ipc/probe.ts']) {
      expect(await ruleIds(file, code), file).toEqual([]);
    }
  });

  it('the renderer reaches main only through the preload API, never by import', async () => {
    const code = "import * as e from '../../main/engine';\nexport const y = e;\n";
    expect(await ruleIds('src/renderer/lib/probe.ts', code)).toContain('keywarden/layers');
    const shared = "import * as d from '../../shared/domain';\nexport const y = d;\n";
    expect(await ruleIds('src/renderer/lib/probe.ts', shared)).toEqual([]);
  });
});
