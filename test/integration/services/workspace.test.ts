// The workspace through the real main-process services: first start and profiles.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allKeys, startTestApp, type TestApp } from '../../support/mainServices';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('first start', () => {
  it('opens a local sandbox profile with demo data: two orgs, six people, keys in every status', async () => {
    const { profiles, currentId } = await app.call('listProfiles');
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({ name: 'Local sandbox', environment: 'sandbox', backend: 'local' });
    expect(currentId).toBe(profiles[0].id);

    const session = await app.call('getSession');
    expect(session.isSuperAdmin).toBe(true);
    expect(session.canImpersonate).toBe(true);

    const orgs = await app.call('listOrgs');
    expect(orgs.map((o: any) => o.name)).toEqual(['Acme Corp', 'Globex']);
    const people = new Set<string>();
    for (const o of orgs) for (const m of await app.call('listMembers', { orgId: o.id })) people.add(m.user.email);
    expect(people.size).toBeGreaterThanOrEqual(6);

    const keys = [...(await allKeys(app, orgs[0].id)), ...(await allKeys(app, orgs[1].id))];
    const now = Date.now();
    expect(keys.some((k) => k.status === 'enabled' && !k.revokedAt && !k.expiresAt)).toBe(true);
    expect(keys.some((k) => k.status === 'disabled')).toBe(true);
    expect(keys.some((k) => k.revokedAt)).toBe(true);
    expect(keys.some((k) => k.expiresAt && Date.parse(k.expiresAt) < now)).toBe(true);
    expect(keys.some((k) => k.rolledTo && Date.parse(k.expiresAt) > now)).toBe(true);
    expect(keys.some((k) => k.kind === 'org')).toBe(true);
    expect(keys.some((k) => k.lastUsedAt)).toBe(true);
  });

  it('does not seed again on the next start, nor after the last profile is deleted', async () => {
    const again = await startTestApp();
    try {
      const first = (await again.call('listProfiles')).profiles[0];
      await again.call('deleteProfile', { id: first.id, confirm: first.name });
      await again.services.close();
      const { createMainServices } = await import('../../../src/main/app');
      const { createKeytarStore } = await import('../../../src/main/secrets/keytarStore');
      const reopened = await createMainServices({
        dataDir: again.dataDir,
        secretStore: createKeytarStore(),
        clipboard: again.clipboard,
      });
      const r: any = await reopened.dispatch('listProfiles', undefined);
      expect(r.value.profiles).toEqual([]);
      const s: any = await reopened.dispatch('getSession', undefined);
      expect(s).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await reopened.close();
    } finally {
      fs.rmSync(again.dataDir, { recursive: true, force: true });
    }
  });
});

describe('profiles', () => {
  it('creates, renames, switches and deletes (typed name) local profiles, removing their files', async () => {
    const prod = await app.call('createProfile', { backend: 'local', name: 'Prod mirror', environment: 'production' });
    expect(prod).toMatchObject({
      name: 'Prod mirror',
      environment: 'production',
      backend: 'local',
      hasCredential: false,
    });
    expect(prod).not.toHaveProperty('dbFile');
    expect(
      (await app.fail('createProfile', { backend: 'local', name: 'prod MIRROR', environment: 'sandbox' })).code,
    ).toBe('CONFLICT');

    const renamed = await app.call('updateProfile', { id: prod.id, name: 'Production' });
    expect(renamed.name).toBe('Production');

    const session = await app.call('switchProfile', { id: prod.id });
    expect(session.profile).toMatchObject({ id: prod.id, environment: 'production' });
    expect((await app.call('listProfiles')).currentId).toBe(prod.id);

    const files = () => fs.readdirSync(`${app.dataDir}/profiles`).length;
    const before = files();
    expect((await app.fail('deleteProfile', { id: prod.id, confirm: 'production' })).code).toBe('BAD_REQUEST');
    await app.call('deleteProfile', { id: prod.id, confirm: 'Production' });
    expect(files()).toBeLessThan(before);
    expect((await app.call('listProfiles')).profiles.map((p: any) => p.name)).toEqual(['Local sandbox']);
    // With the current profile gone, the app falls back to the first one left.
    expect((await app.call('getSession')).profile.name).toBe('Local sandbox');
  });

  it('a switch to a remote server that is down fails and leaves the open profile open and current', async () => {
    const { remoteAdapters } = await import('../../../src/main/shell/remote');
    const { formatKey } = await import('../../../src/shared/keyFormat');
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const withRemote = await startTestApp({ ...remoteAdapters() });
    try {
      const before = await withRemote.call('listProfiles');
      const remote = await withRemote.call('createProfile', {
        backend: 'remote',
        name: 'Down',
        environment: 'sandbox',
        url: `http://127.0.0.1:${port}`,
        credential: formatKey('sandbox', new Uint8Array(20).fill(7)),
      });
      const err = await withRemote.fail('switchProfile', { id: remote.id });
      expect(err.code).toBe('NETWORK');
      expect((await withRemote.call('listProfiles')).currentId).toBe(before.currentId);
      expect((await withRemote.call('getSession')).profile.name).toBe('Local sandbox');
      expect((await withRemote.call('listOrgs')).length).toBe(2);
    } finally {
      await withRemote.close();
    }
  });

  it('refuses plain http for a production remote profile, except to this machine', async () => {
    const err = await app.fail('createProfile', {
      backend: 'remote',
      name: 'Team prod',
      environment: 'production',
      url: 'http://core.example.com',
      credential: 'kw_live_x',
    });
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    expect(err.message).toMatch(/https/);
  });
});
