// Issue 8 item 10: `npm start` checks the better-sqlite3 build's ABI before stamping it as
// built for Electron. Against the real module in node_modules (built for this Node).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { abiProblem, electronAbi, HOW_TO_FIX, moduleAbiOf } from '../../../scripts/nativeAbi.mjs';

const ROOT = path.resolve(__dirname, '../../..');
const nodeBuild = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const electronVersion: string = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8'),
).version;

describe('issue 8 item 10: the ABI check before stamping better-sqlite3 for Electron', () => {
  it("reads the module's NODE_MODULE_VERSION from the real binary", () => {
    expect(moduleAbiOf(nodeBuild)).toBe(Number(process.versions.modules));
  });

  it("knows Electron's ABI, and it is not Node's", () => {
    const abi = electronAbi(null, electronVersion);
    expect(Number.isInteger(abi)).toBe(true);
    expect(abi).not.toBe(Number(process.versions.modules));
  });

  it("refuses a build made for Node's ABI, saying what to do; accepts a matching one", () => {
    const expected = electronAbi(null, electronVersion);
    const problem = abiProblem({ file: nodeBuild, expected, electronVersion });
    expect(problem).toMatch(new RegExp(`NODE_MODULE_VERSION ${process.versions.modules} \\(this Node`));
    expect(problem).toContain(`needs ${expected}`);
    expect(HOW_TO_FIX).toMatch(/rm -rf \.electron-native/);
    expect(abiProblem({ file: nodeBuild, expected: Number(process.versions.modules), electronVersion })).toBeNull();
  });

  it('refuses a missing file and a file that is no addon', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-abi-'));
    try {
      const junk = path.join(dir, 'junk.node');
      fs.writeFileSync(junk, 'not an addon');
      expect(abiProblem({ file: junk, expected: 140, electronVersion })).toMatch(/names no NODE_MODULE_VERSION/);
      expect(abiProblem({ file: path.join(dir, 'none.node'), expected: 140, electronVersion })).toMatch(
        /no better-sqlite3 build/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
