// Issue 8 item 3: keychain accounts must not collide across data dirs. Profile ids restart
// at 1 in every data dir (dev vs packaged build, a reinstall, the harness), so two data
// dirs each with a profile 1 used to share one keychain slot `profile-1`: each read and
// overwrote the other's credential. Real private gnome-keyring, read back with secret-tool.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarStore } from '../../../src/main/secrets/keytarStore';
import {
  CREDENTIALS_SERVICE,
  credentialAccount,
  legacyCredentialAccount,
  legacyExportService,
} from '../../../src/main/secrets/types';
import { formatKey } from '../../../src/shared/keyFormat';
import { createMainServices } from '../../../src/main/app';
import { AppStore } from '../../../src/main/services/appStore';
import { KeychainService } from '../../../src/main/services/keychain';
import { secretToolClear, secretToolLookup, secretToolStore, usePrivateKeyring } from './privateKeyring';

const dirs: string[] = [];
const stores: AppStore[] = [];
const cleanup: Array<() => void> = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-install-'));
  dirs.push(d);
  return d;
};

beforeAll(usePrivateKeyring);
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): { store: AppStore; keychain: KeychainService } {
  const store = new AppStore(path.join(tempDir(), 'keywarden-app.db'));
  stores.push(store);
  return { store, keychain: new KeychainService(store, createKeytarStore()) };
}

describe('issue 8 item 3: every data dir has its own identity in the keychain', () => {
  it("two data dirs, each with profile 1, never see or overwrite each other's credential", async () => {
    const a = dataDir();
    const b = dataDir();
    const pa = a.store.addProfile({
      name: 'Remote',
      environment: 'sandbox',
      backend: 'remote',
      url: 'http://127.0.0.1:1',
    });
    const pb = b.store.addProfile({
      name: 'Remote',
      environment: 'sandbox',
      backend: 'remote',
      url: 'http://127.0.0.1:2',
    });
    expect(pa.id).toBe(1);
    expect(pb.id).toBe(1);
    expect(a.keychain.installId).not.toBe(b.keychain.installId);
    cleanup.push(() => {
      secretToolClear(CREDENTIALS_SERVICE, credentialAccount(1, a.keychain.installId));
      secretToolClear(CREDENTIALS_SERVICE, credentialAccount(1, b.keychain.installId));
    });

    await a.keychain.setCredential(1, 'credential-of-dir-a');
    expect(await b.keychain.getCredential(1)).toBeNull();
    await b.keychain.setCredential(1, 'credential-of-dir-b');
    expect(await a.keychain.getCredential(1)).toBe('credential-of-dir-a');
    expect(await b.keychain.getCredential(1)).toBe('credential-of-dir-b');
    expect(secretToolLookup(CREDENTIALS_SERVICE, credentialAccount(1, a.keychain.installId))).toBe(
      'credential-of-dir-a',
    );

    expect(await b.keychain.deleteCredential(1)).toBe(true);
    expect(await a.keychain.getCredential(1)).toBe('credential-of-dir-a');
  });

  it('the install id is made once and kept in the data dir', () => {
    const dir = tempDir();
    const first = new AppStore(path.join(dir, 'keywarden-app.db'));
    const id = new KeychainService(first, createKeytarStore()).installId;
    first.close();
    const again = new AppStore(path.join(dir, 'keywarden-app.db'));
    stores.push(again);
    expect(new KeychainService(again, createKeytarStore()).installId).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('an old-style entry (profile-<id>) is moved to the data dir account on start, and only once', async () => {
    const dir = tempDir();
    // A data dir written before install ids: a remote profile with a credential under the old account.
    const id = 2_000_000 + randomBytes(3).readUIntBE(0, 3);
    const raw = new Database(path.join(dir, 'keywarden-app.db'));
    new AppStore(path.join(dir, 'keywarden-app.db')).close();
    raw
      .prepare(
        "INSERT INTO profiles (id, name, environment, backend, url, has_credential, created_at) VALUES (?, 'Old remote', 'sandbox', 'remote', 'http://127.0.0.1:1', 1, 0)",
      )
      .run(id);
    raw.close();
    secretToolStore(CREDENTIALS_SERVICE, legacyCredentialAccount(id), 'old-style-credential');
    cleanup.push(() => secretToolClear(CREDENTIALS_SERVICE, legacyCredentialAccount(id)));

    const services = await createMainServices({
      dataDir: dir,
      secretStore: createKeytarStore(),
      clipboard: { readText: () => '', writeText: () => {} },
    });
    try {
      const account = credentialAccount(id, services.installId);
      cleanup.push(() => secretToolClear(CREDENTIALS_SERVICE, account));
      expect(secretToolLookup(CREDENTIALS_SERVICE, account)).toBe('old-style-credential');
      expect(secretToolLookup(CREDENTIALS_SERVICE, legacyCredentialAccount(id))).toBeNull();
    } finally {
      await services.close();
    }

    // Another data dir with the same profile id finds nothing to claim: it asks again
    // rather than sending someone else's credential to its own server.
    const other = dataDir();
    const db = new Database(path.join(dirs[dirs.length - 1], 'keywarden-app.db'));
    db.prepare(
      "INSERT INTO profiles (id, name, environment, backend, url, has_credential, created_at) VALUES (?, 'Other', 'sandbox', 'remote', 'http://127.0.0.1:3', 1, 0)",
    ).run(id);
    db.close();
    expect(await other.keychain.migrateLegacyCredentials()).toEqual([]);
    expect(await other.keychain.getCredential(id)).toBeNull();
  });
});

describe('issue 8: saved keys (keywarden/<profile>/<org>) do not collide across data dirs either', () => {
  it('two data dirs with the same profile, org and key id each keep their own saved key', async () => {
    const a = dataDir();
    const b = dataDir();
    const name = `Sandbox ${randomBytes(3).toString('hex')}`;
    const pa = a.store.addProfile({
      name,
      environment: 'sandbox',
      backend: 'local',
      dbFile: path.join(tempDir(), 'a.db'),
    });
    const pb = b.store.addProfile({
      name,
      environment: 'sandbox',
      backend: 'local',
      dbFile: path.join(tempDir(), 'b.db'),
    });
    const org = { id: 1, name: 'Acme Corp' };
    const key = { id: 1, name: 'deploy bot' };
    const rawA = formatKey('sandbox', randomBytes(20));
    const rawB = formatKey('sandbox', randomBytes(20));
    const ea = await a.keychain.exportKey(pa, org, key, rawA);
    const eb = await b.keychain.exportKey(pb, org, key, rawB);
    cleanup.push(() => {
      secretToolClear(ea.service, ea.account);
      secretToolClear(eb.service, eb.account);
    });
    expect(ea.service).toBe(`keywarden/${name}/Acme Corp@${a.keychain.installId}`);
    expect(ea.service).not.toBe(eb.service);
    expect(await a.keychain.readExport(pa.id, 1)).toBe(rawA);
    expect(await b.keychain.readExport(pb.id, 1)).toBe(rawB);
    await b.keychain.removeExport(pb.id, 1);
    expect(await a.keychain.readExport(pa.id, 1)).toBe(rawA);
  });

  it('an old-style saved key is moved to the data dir service on start, and only once', async () => {
    const dir = tempDir();
    const name = `Old ${randomBytes(3).toString('hex')}`;
    const first = new AppStore(path.join(dir, 'keywarden-app.db'));
    const p = first.addProfile({ name, environment: 'sandbox', backend: 'local', dbFile: path.join(dir, 'p.db') });
    const legacy = legacyExportService(name, 'Acme Corp');
    const raw = formatKey('sandbox', randomBytes(20));
    // What an older build wrote: the entry under the data-dir-blind service, and its record.
    first.recordExport({ profileId: p.id, keyId: 7, orgId: 1, service: legacy, account: 'ci (#7)' });
    first.close();
    secretToolStore(legacy, 'ci (#7)', raw);
    cleanup.push(() => secretToolClear(legacy, 'ci (#7)'));

    const services = await createMainServices({
      dataDir: dir,
      secretStore: createKeytarStore(),
      clipboard: { readText: () => '', writeText: () => {} },
    });
    try {
      const service = `${legacy}@${services.installId}`;
      cleanup.push(() => secretToolClear(service, 'ci (#7)'));
      expect(services.keychain.exportOf(p.id, 7)).toMatchObject({ service, account: 'ci (#7)' });
      expect(secretToolLookup(service, 'ci (#7)')).toBe(raw);
      expect(secretToolLookup(legacy, 'ci (#7)')).toBeNull();
      expect(await services.keychain.readExport(p.id, 7)).toBe(raw);
      expect(await services.keychain.migrateLegacyExports()).toBe(0);
    } finally {
      await services.close();
    }
  });
});
