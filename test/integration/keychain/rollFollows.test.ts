// docs/usage-and-rotation.md: keychain entries follow the new key. A key saved to the OS
// keychain and then rolled from the app (single or bulk) leaves its entry holding the new raw
// key — from the roll reply — under the same service and account, with the record moved to
// the new key; revoking the old key then leaves nothing pointing at it. Real main services,
// real private gnome-keyring, read back with secret-tool.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { secretToolClear, secretToolLookup } from './privateKeyring';

let app: TestApp | undefined;
const entries: Array<{ service: string; account: string }> = [];
afterEach(async () => {
  for (const e of entries.splice(0)) secretToolClear(e.service, e.account);
  await app?.close();
  app = undefined;
});

/** A key created and saved to the keychain from its one-time display, as the app does. */
async function savedKey(a: TestApp, orgUserId: number) {
  const made = await a.call('createKey', { orgUserId, name: `follow ${randomBytes(4).toString('hex')}` });
  const saved = await a.call('exportKey', { handle: made.handle });
  entries.push(saved);
  await a.call('forgetSecret', { handle: made.handle });
  expect(secretToolLookup(saved.service, saved.account)).toBe(made.apiKey);
  return { made, saved };
}

async function member(a: TestApp): Promise<number> {
  const [org] = await a.call('listOrgs');
  const [m] = await a.call('listMembers', { orgId: org.id });
  return m.id;
}

describe('docs/usage-and-rotation.md: keychain entries follow the new key', () => {
  it('a single roll: the entry holds the new key, its record moves to the new key, and deleting the old key leaves it', async () => {
    app = await startTestApp();
    const { made, saved } = await savedKey(app, await member(app));
    const rolled = await app.call('rollKey', { id: made.key.id, gracePeriodSeconds: 3600 });
    expect(rolled.savedTo).toMatchObject({ keyId: rolled.key.id, service: saved.service, account: saved.account });
    expect(secretToolLookup(saved.service, saved.account)).toBe(rolled.apiKey);
    const exports = await app.call('listExports');
    expect(exports.map((e: { keyId: number }) => e.keyId)).toEqual([rolled.key.id]);
    // What `keywarden exec` reads for the new key.
    const profileId = (await app.call('getSession')).profile.id;
    expect(await app.services.keychain.readExport(profileId, rolled.key.id)).toBe(rolled.apiKey);
    expect(await app.services.keychain.readExport(profileId, made.key.id)).toBeNull();

    await app.call('deleteKey', { id: made.key.id });
    expect(secretToolLookup(saved.service, saved.account)).toBe(rolled.apiKey);
    expect(await app.call('checkKey', { key: rolled.apiKey })).toMatchObject({ valid: true });
    expect(await app.call('checkKey', { key: made.apiKey })).toMatchObject({ valid: false, code: 'REVOKED' });
  });

  it('a bulk roll: every saved key’s entry follows its own replacement; an unsaved key gets no entry', async () => {
    app = await startTestApp();
    const orgUserId = await member(app);
    const a = await savedKey(app, orgUserId);
    const b = await savedKey(app, orgUserId);
    const plain = await app.call('createKey', { orgUserId, name: `plain ${randomBytes(4).toString('hex')}` });
    await app.call('forgetSecret', { handle: plain.handle });
    const job = await app.call('startBulk', {
      action: 'roll',
      keyIds: [a.made.key.id, b.made.key.id, plain.key.id],
      gracePeriodSeconds: 600,
    });
    await app.services.bulk.settle(job.jobId);
    const status = await app.call('bulkStatus', { jobId: job.jobId });
    const byOld = new Map(status.results.map((r: any) => [r.keyId, r.newKey]));
    for (const { made, saved } of [a, b]) {
      const next: any = byOld.get(made.key.id);
      expect(next.savedTo).toMatchObject({ keyId: next.key.id, account: saved.account });
      expect(secretToolLookup(saved.service, saved.account)).toBe(next.apiKey);
    }
    expect((byOld.get(plain.key.id) as any).savedTo).toBeUndefined();
    const exports = await app.call('listExports');
    expect(exports.map((e: { keyId: number }) => e.keyId).sort()).toEqual(
      [(byOld.get(a.made.key.id) as any).key.id, (byOld.get(b.made.key.id) as any).key.id].sort(),
    );
  });
});
