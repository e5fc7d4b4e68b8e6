// The CLI is safe while the app runs (docs/cli.md): the app's own services create keys in a
// loop while the real bin creates and updates keys in the same data dir, two runs at a time.
// No run may fail (SQLITE_BUSY must be waited out, not shown), no write may be lost, and the
// audit hash chain must verify afterwards.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../../src/main/backend/types';
import { APP_DB } from '../../../src/main/cli/dataDir';
import { AppStore } from '../../../src/main/services/appStore';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { BIN, kw, type Run } from './support';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 60_000);
afterAll(async () => app?.close());

function kwAsync(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data-dir', app.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('safe while the app runs', () => {
  it('app and CLI write the same data dir at once: no failure, no lost write, audit chain intact', async () => {
    const backend = await app.services.workspace.backend();
    const orgId = (await backend.listOrgs()).items[0].id;
    const target = await backend.createKey({ orgId, kind: 'org', name: 'updated by the CLI' });

    const appMade: string[] = [];
    let stop = false;
    const appLoop = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `app ${i}`;
        await backend.createKey({ orgId, kind: 'org', name });
        appMade.push(name);
        // Let the children's output events in between writes.
        await new Promise((r) => setImmediate(r));
      }
    })();

    const runs: Run[] = [];
    const cliMade: string[] = [];
    for (let i = 0; i < 8; i++) {
      const pair = await Promise.all([
        kwAsync(['keys', 'create', '--org', String(orgId), '--name', `cli ${i}`]),
        kwAsync(['keys', 'update', String(target.id), '--description', `round ${i}`, '--json']),
      ]);
      runs.push(...pair);
      cliMade.push(`cli ${i}`);
    }
    stop = true;
    await appLoop;

    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(appMade.length).toBeGreaterThan(0);
    const names = (await readAll((cursor) => backend.listKeys({ orgId, cursor }))).map((k) => k.name);
    for (const n of [...appMade, ...cliMade]) expect(names).toContain(n);
    expect((await backend.getKey(target.id)).description).toBe('round 7');

    await app.services.workspace.closeCurrent();
    const store = new AppStore(path.join(app.dataDir, APP_DB));
    const db = store.listProfiles().find((p) => p.backend === 'local')!.dbFile!;
    store.close();
    const verified = kw(['audit', 'verify', '--db', db]);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/^ok \d+ entries\n$/);
  }, 180_000);
});
