// Issue 8 item 2: "Test connection" with a saved profile's id sends that profile's saved
// credential only to the profile's saved URL. A different URL in the request (an edited
// form, or a forged call) must never receive it. Two real servers on 127.0.0.1: the
// profile's Core server, and a recording server standing in for wherever else a URL points.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteAdapters } from '../../../src/main/shell/remote';
import { formatKey } from '../../../src/shared/keyFormat';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { startCoreServer, type RunningServer } from './support/coreServer';
import { startFaultServer, type FaultServer } from './support/faultServer';

let core: RunningServer;
let elsewhere: FaultServer;
let app: TestApp;
let profileId: number;

beforeAll(async () => {
  core = await startCoreServer();
  elsewhere = await startFaultServer(formatKey('sandbox', randomBytes(20)), 'ok');
  app = await startTestApp(remoteAdapters({ timeoutMs: 2000, retries: 0 }));
  const p = await app.call('createProfile', {
    backend: 'remote',
    name: 'Saved remote',
    environment: 'sandbox',
    url: core.url,
    credential: core.ownerKey,
  });
  profileId = p.id;
});

afterAll(async () => {
  await app?.close();
  await elsewhere?.close();
  await core?.stop();
});

describe('issue 8 item 2: testConnection with a profileId uses the stored URL only', () => {
  it('refuses another URL in the payload, and that server never sees a request or the saved credential', async () => {
    const e = await app.fail('testConnection', { profileId, url: elsewhere.url, environment: 'sandbox' });
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/only ever sent to the profile's saved server/);
    expect(e.message).toContain(new URL(core.url).origin);
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.connections).toBe(0);
    expect(elsewhere.credentials.has(core.ownerKey)).toBe(false);
  });

  it('refuses the saved URL with another environment (a production test of a sandbox profile)', async () => {
    const e = await app.fail('testConnection', { profileId, url: core.url, environment: 'production' });
    expect(e.code).toBe('BAD_REQUEST');
  });

  it('tests the saved profile against its own URL (the same URL spelled with a trailing slash too)', async () => {
    const info = await app.call('testConnection', { profileId, url: core.url, environment: 'sandbox' });
    expect(info.me).toMatchObject({ id: core.ownerUserId, isSuperAdmin: true });
    const again = await app.call('testConnection', { profileId, url: `${core.url}/`, environment: 'sandbox' });
    expect(again.me.id).toBe(core.ownerUserId);
  });

  it('a pasted credential may go to another URL: only that credential is sent, never the saved one', async () => {
    const pasted = formatKey('sandbox', randomBytes(20));
    await app.call('testConnection', { profileId, url: elsewhere.url, credential: pasted, environment: 'sandbox' });
    expect([...elsewhere.credentials]).toEqual([pasted]);
  });
});
