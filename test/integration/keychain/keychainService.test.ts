// KeychainService on a real app database and a real (private) gnome-keyring; what landed in
// the keyring is read back with secret-tool, not only through keytar.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';
import { CREDENTIALS_SERVICE, credentialAccount } from '../../../src/main/secrets/types';
import { AppStore, type StoredProfile } from '../../../src/main/services/appStore';
import { KeychainService } from '../../../src/main/services/keychain';
import { formatKey } from '../../../src/shared/keyFormat';
import { secretToolClear, secretToolLookup, secretToolSearch, usePrivateKeyring } from './privateKeyring';

const newKey = (): string => formatKey('sandbox', randomBytes(20));
// Profile names are unique per app database but not across test runs sharing one keyring.
const tag = (): string => randomBytes(4).toString('hex');

let dir: string;
let store: AppStore;
let keychain: KeychainService;

function dbBytes(): Buffer {
  return Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
}

function localProfile(name: string): StoredProfile {
  return store.addProfile({ name, environment: 'sandbox', backend: 'local', dbFile: path.join(dir, `${tag()}.db`) });
}

function remoteProfile(name: string): StoredProfile {
  return store.addProfile({ name, environment: 'sandbox', backend: 'remote', url: 'http://127.0.0.1:1' });
}

beforeAll(usePrivateKeyring);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-keychain-'));
  store = new AppStore(path.join(dir, 'app.db'));
  // Credentials are keyed by profile id, and other suites share this keyring in parallel: start
  // this database's ids at a random height so no two suites write the same credential slot.
  const raw = new Database(path.join(dir, 'app.db'));
  raw
    .prepare("INSERT INTO profiles (id, name, environment, backend, created_at) VALUES (?, ?, 'sandbox', 'local', 0)")
    .run(1_000_000 + randomBytes(3).readUIntBE(0, 3) * 100, `placeholder ${tag()}`);
  raw.close();
  keychain = new KeychainService(store, createKeytarStore());
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('exporting keys', () => {
  it('stores the key under keywarden/<profile>/<org>@<install id>, account "<name> (#<id>)", and records only where', async () => {
    const p = localProfile(`Sandbox ${tag()}`);
    const raw = newKey();
    const saved = await keychain.exportKey(p, { id: 3, name: 'Acme' }, { id: 17, name: 'deploy bot' }, raw);

    const service = `keywarden/${p.name}/Acme@${keychain.installId}`;
    expect(saved).toMatchObject({ profileId: p.id, keyId: 17, orgId: 3, service, account: 'deploy bot (#17)' });
    expect(secretToolLookup(service, 'deploy bot (#17)')).toBe(raw);
    expect(keychain.listExports(p.id)).toEqual([saved]);
    expect(keychain.exportOf(p.id, 17)).toEqual(saved);
    store.close();
    expect(dbBytes().includes(raw)).toBe(false);
    expect(dbBytes().includes(raw.slice(8, 35))).toBe(false);
  });

  it("lists only the given profile's exports", async () => {
    const a = localProfile(`A ${tag()}`);
    const b = localProfile(`B ${tag()}`);
    await keychain.exportKey(a, { id: 1, name: 'Org' }, { id: 1, name: 'k1' }, newKey());
    await keychain.exportKey(a, { id: 1, name: 'Org' }, { id: 2, name: 'k2' }, newKey());
    await keychain.exportKey(b, { id: 1, name: 'Org' }, { id: 5, name: 'k5' }, newKey());
    expect(keychain.listExports(a.id).map((e) => e.keyId)).toEqual([1, 2]);
    expect(keychain.listExports(b.id).map((e) => e.keyId)).toEqual([5]);
  });

  it('removes the entry and the record; a second removal is NOT_FOUND', async () => {
    const p = localProfile(`Remove ${tag()}`);
    const e = await keychain.exportKey(p, { id: 1, name: 'Acme' }, { id: 4, name: 'old' }, newKey());
    expect(await keychain.removeExport(p.id, 4)).toEqual({ entryRemoved: true });
    expect(secretToolLookup(e.service, e.account)).toBeNull();
    expect(keychain.listExports(p.id)).toEqual([]);
    await expect(keychain.removeExport(p.id, 4)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('still removes the record when the user already deleted the entry by hand', async () => {
    const p = localProfile(`Manual ${tag()}`);
    const e = await keychain.exportKey(p, { id: 1, name: 'Acme' }, { id: 9, name: 'k' }, newKey());
    secretToolClear(e.service, e.account);
    expect(secretToolLookup(e.service, e.account)).toBeNull();
    expect(await keychain.removeExport(p.id, 9)).toEqual({ entryRemoved: false });
    expect(keychain.listExports(p.id)).toEqual([]);
  });

  it("replaces the old key's entry on roll, and keeps the new one", async () => {
    const p = localProfile(`Roll ${tag()}`);
    const org = { id: 2, name: 'Acme' };
    const oldRaw = newKey();
    const newRaw = newKey();
    const old = await keychain.exportKey(p, org, { id: 10, name: 'ci' }, oldRaw);
    const rolled = await keychain.exportKey(p, org, { id: 11, name: 'ci' }, newRaw, 10);

    expect(secretToolLookup(old.service, 'ci (#10)')).toBeNull();
    expect(secretToolLookup(rolled.service, 'ci (#11)')).toBe(newRaw);
    expect(keychain.listExports(p.id).map((e) => e.keyId)).toEqual([11]);
    expect(secretToolSearch(rolled.service).accounts).toEqual(['ci (#11)']);
  });

  it('exports a rolled key whose predecessor was never exported', async () => {
    const p = localProfile(`Roll2 ${tag()}`);
    const raw = newKey();
    const e = await keychain.exportKey(p, { id: 2, name: 'Acme' }, { id: 21, name: 'ci' }, raw, 20);
    expect(secretToolLookup(e.service, e.account)).toBe(raw);
    expect(keychain.listExports(p.id).map((x) => x.keyId)).toEqual([21]);
  });

  it('moves an entry when the key is exported again after the profile was renamed', async () => {
    const p = localProfile(`Before ${tag()}`);
    const raw = newKey();
    const first = await keychain.exportKey(p, { id: 1, name: 'Acme' }, { id: 3, name: 'k' }, raw);
    const renamed = store.updateProfile(p.id, { name: `After ${tag()}` });
    const second = await keychain.exportKey(renamed, { id: 1, name: 'Acme' }, { id: 3, name: 'k' }, raw);
    expect(second.service).toBe(`keywarden/${renamed.name}/Acme@${keychain.installId}`);
    expect(secretToolLookup(first.service, first.account)).toBeNull();
    expect(secretToolLookup(second.service, second.account)).toBe(raw);
    expect(keychain.listExports(p.id)).toHaveLength(1);
  });

  it('keeps unicode profile, org and key names intact', async () => {
    const p = localProfile(`Prüfung é 日本 🔑 ${tag()}`);
    const raw = newKey();
    const e = await keychain.exportKey(p, { id: 1, name: 'Café 日本 🚀' }, { id: 8, name: 'clé 🔐 日本語' }, raw);
    expect(e.service).toBe(`keywarden/${p.name}/Café 日本 🚀@${keychain.installId}`);
    expect(e.account).toBe('clé 🔐 日本語 (#8)');
    expect(secretToolLookup(`keywarden/${p.name}/Café 日本 🚀@${keychain.installId}`, 'clé 🔐 日本語 (#8)')).toBe(raw);
    expect(await keychain.removeExport(p.id, 8)).toEqual({ entryRemoved: true });
    expect(secretToolLookup(e.service, e.account)).toBeNull();
  });

  it('keeps two profiles with the same org name (and the same key id) apart', async () => {
    const t = tag();
    const sandbox = localProfile(`Sandbox ${t}`);
    const staging = localProfile(`Staging ${t}`);
    const rawA = newKey();
    const rawB = newKey();
    const a = await keychain.exportKey(sandbox, { id: 1, name: 'Acme' }, { id: 1, name: 'api' }, rawA);
    const b = await keychain.exportKey(staging, { id: 1, name: 'Acme' }, { id: 1, name: 'api' }, rawB);
    expect(a.service).not.toBe(b.service);
    expect(secretToolLookup(a.service, 'api (#1)')).toBe(rawA);
    expect(secretToolLookup(b.service, 'api (#1)')).toBe(rawB);

    await keychain.removeExport(sandbox.id, 1);
    expect(secretToolLookup(a.service, 'api (#1)')).toBeNull();
    expect(secretToolLookup(b.service, 'api (#1)')).toBe(rawB);
    expect(keychain.listExports(staging.id)).toHaveLength(1);
  });

  it('refuses anything but a valid key, without echoing it or storing anything', async () => {
    const p = localProfile(`Bad ${tag()}`);
    const notAKey = `kw_test_${'x'.repeat(33)}`;
    const err = await keychain.exportKey(p, { id: 1, name: 'Acme' }, { id: 1, name: 'k' }, notAKey).catch((e) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    expect(err.message).not.toContain(notAKey);
    expect(secretToolSearch(`keywarden/${p.name}/Acme`).items).toHaveLength(0);
    expect(keychain.listExports(p.id)).toEqual([]);
  });

  it('answers NOT_FOUND for a profile that does not exist, storing nothing', async () => {
    const name = `Ghost ${tag()}`;
    await expect(
      keychain.exportKey({ id: 999, name }, { id: 1, name: 'Acme' }, { id: 1, name: 'k' }, newKey()),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(secretToolSearch(`keywarden/${name}/Acme`).items).toHaveLength(0);
  });
});

describe('profile credentials', () => {
  it('sets, reads and deletes a credential under keywarden/profile-credentials, keeping hasCredential in sync', async () => {
    const p = remoteProfile(`Remote ${tag()}`);
    const account = credentialAccount(p.id, keychain.installId);
    // Two stores in one keyring: start from a clean slot for this run's id.
    secretToolClear(CREDENTIALS_SERVICE, account);
    expect(await keychain.getCredential(p.id)).toBeNull();

    await keychain.setCredential(p.id, 'kw_test_remote-credential-é');
    expect(store.profile(p.id).hasCredential).toBe(true);
    expect(secretToolLookup(CREDENTIALS_SERVICE, account)).toBe('kw_test_remote-credential-é');
    expect(await keychain.getCredential(p.id)).toBe('kw_test_remote-credential-é');

    await keychain.setCredential(p.id, 'replaced');
    expect(secretToolLookup(CREDENTIALS_SERVICE, account)).toBe('replaced');

    expect(await keychain.deleteCredential(p.id)).toBe(true);
    expect(store.profile(p.id).hasCredential).toBe(false);
    expect(secretToolLookup(CREDENTIALS_SERVICE, account)).toBeNull();
    expect(await keychain.getCredential(p.id)).toBeNull();
    expect(await keychain.deleteCredential(p.id)).toBe(false);
    store.close();
    expect(dbBytes().includes('remote-credential')).toBe(false);
  });

  it('refuses an empty credential and an unknown profile', async () => {
    const p = remoteProfile(`Empty ${tag()}`);
    await expect(keychain.setCredential(p.id, '   ')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(store.profile(p.id).hasCredential).toBe(false);
    await expect(keychain.setCredential(4242, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(keychain.getCredential(4242)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("forgetProfile removes the profile's exports and credential, and nothing of another profile", async () => {
    const t = tag();
    const doomed = remoteProfile(`Doomed ${t}`);
    const kept = remoteProfile(`Kept ${t}`);
    secretToolClear(CREDENTIALS_SERVICE, credentialAccount(doomed.id, keychain.installId));
    secretToolClear(CREDENTIALS_SERVICE, credentialAccount(kept.id, keychain.installId));
    await keychain.setCredential(doomed.id, 'doomed-credential');
    await keychain.setCredential(kept.id, 'kept-credential');
    const d1 = await keychain.exportKey(doomed, { id: 1, name: 'Acme' }, { id: 1, name: 'a' }, newKey());
    const d2 = await keychain.exportKey(doomed, { id: 2, name: 'Beta' }, { id: 2, name: 'b' }, newKey());
    const keptRaw = newKey();
    const k1 = await keychain.exportKey(kept, { id: 1, name: 'Acme' }, { id: 1, name: 'a' }, keptRaw);

    expect(await keychain.forgetProfile(doomed.id)).toEqual({ exportsRemoved: 2, credentialRemoved: true });
    store.deleteProfile(doomed.id);

    expect(secretToolLookup(d1.service, d1.account)).toBeNull();
    expect(secretToolLookup(d2.service, d2.account)).toBeNull();
    expect(secretToolLookup(CREDENTIALS_SERVICE, credentialAccount(doomed.id, keychain.installId))).toBeNull();
    expect(secretToolLookup(k1.service, k1.account)).toBe(keptRaw);
    expect(secretToolLookup(CREDENTIALS_SERVICE, credentialAccount(kept.id, keychain.installId))).toBe(
      'kept-credential',
    );
    expect(keychain.listExports(kept.id)).toHaveLength(1);
  });

  it('forgetProfile of a local profile with nothing exported never needs the keychain', async () => {
    const offline = new KeychainService(
      store,
      createKeytarStore({
        load: () => {
          throw new Error('no keytar here');
        },
      }),
    );
    const p = localProfile(`Local ${tag()}`);
    expect(await offline.forgetProfile(p.id)).toEqual({ exportsRemoved: 0, credentialRemoved: false });
    const q = remoteProfile(`Remote ${tag()}`);
    await expect(offline.forgetProfile(q.id)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });
});
