// Issue 8 item 7: raw keys do not outlive their display. Bulk-roll results used to keep
// every new key in main after delivery, after the dialog closed and after a profile
// switch. Now main holds a raw key only in OneTimeSecrets, by handle, until its dialog
// closes, the profile changes or its time is up; proven on the stores and by scanning a
// heap snapshot of a main process for the raw keys after their display closed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';

const ROOT = path.resolve(__dirname, '../../..');
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function rollThree(a: TestApp) {
  const [org] = await a.call('listOrgs');
  const [member] = await a.call('listMembers', { orgId: org.id });
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) {
    const made = await a.call('createKey', { orgUserId: member.id, name: `mem ${i}` });
    await a.call('forgetSecret', { handle: made.handle });
    ids.push(made.key.id);
  }
  const job = await a.call('startBulk', { action: 'roll', keyIds: ids });
  await a.services.bulk.settle(job.jobId);
  // The renderer's poll: the one reply that carries the new keys.
  const delivered = await a.call('bulkStatus', { jobId: job.jobId });
  const keys = delivered.results.map((r: any) => r.newKey);
  expect(keys.every((k: any) => /^kw_test_/.test(k.apiKey))).toBe(true);
  return { jobId: job.jobId as string, keys: keys as Array<{ handle: string; apiKey: string }> };
}

/** Everything the bulk runner would still show for a job, in process (settle shows what it holds). */
async function heldByBulk(a: TestApp, jobId: string): Promise<string[]> {
  const view = await a.services.bulk.settle(jobId);
  return view.results.flatMap((r) => (r.newKey ? [r.newKey.apiKey] : []));
}

describe('issue 8 item 7: a raw key leaves main when its display closes, the profile changes or its time is up', () => {
  it('after delivery and close: neither the bulk job nor the one-time store holds the key', async () => {
    app = await startTestApp();
    const { jobId, keys } = await rollThree(app);
    expect(app.services.secrets.size).toBe(3);
    for (const k of keys) await app.call('forgetSecret', { handle: k.handle });
    expect(app.services.secrets.size).toBe(0);
    expect(await heldByBulk(app, jobId)).toEqual([]);
    // Later polls still report the results, without a key.
    const later = await app.call('bulkStatus', { jobId });
    expect(later.results.map((r: any) => [r.state, r.newKey])).toEqual([
      ['done', null],
      ['done', null],
      ['done', null],
    ]);
  });

  it('after a profile switch: nothing held, and the old handles no longer copy', async () => {
    app = await startTestApp();
    const { jobId, keys } = await rollThree(app);
    const other = await app.call('createProfile', { name: 'Other', environment: 'sandbox', backend: 'local' });
    await app.call('switchProfile', { id: other.id });
    expect(app.services.secrets.size).toBe(0);
    expect(await heldByBulk(app, jobId)).toEqual([]);
    expect(await app.fail('copySecret', { handle: keys[0].handle })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a key rolled but never delivered is not delivered after it was forgotten (profile switch mid-job)', async () => {
    app = await startTestApp();
    const [org] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: org.id });
    const made = await app.call('createKey', { orgUserId: member.id, name: 'undelivered' });
    const job = await app.call('startBulk', { action: 'roll', keyIds: [made.key.id] });
    await app.services.bulk.settle(job.jobId);
    app.services.secrets.forgetAll();
    const status = await app.call('bulkStatus', { jobId: job.jobId });
    expect(status.results[0]).toMatchObject({ state: 'done', newKey: null });
  });

  it('a heap snapshot of main holds none of the keys once their display closed (and all of them while open)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/integration/services/fixtures/heapProbe.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      keysHex: string[];
      before: string;
      after: string;
      dataDir: string;
    };
    try {
      const keys = out.keysHex.map((h) => Buffer.from(h, 'hex'));
      expect(keys).toHaveLength(4);
      const before = fs.readFileSync(out.before);
      const after = fs.readFileSync(out.after);
      // The scan can see a held key: every key is in the snapshot taken while its display is open.
      expect(keys.filter((k) => before.includes(k))).toHaveLength(4);
      const left = keys.filter((k) => after.includes(k)).map((k) => k.toString('utf8').slice(0, 12));
      expect(left, 'raw keys still in main after their display closed').toEqual([]);
    } finally {
      fs.rmSync(out.dataDir, { recursive: true, force: true });
    }
  });
});
