// Issue item 4: what the RemoteBackend does when the server or the network misbehaves,
// against real sockets on 127.0.0.1. Each fault gives its own code and a message that says
// what happened and what to do, never the credential; GETs are retried, writes never; and
// the next good request works.
// One file over ~300 lines on purpose: every fault below uses the same fault server, remote
// backend and failure check, so each is a few lines; split, they would need a support file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RemoteBackend, testRemoteConnection, type RemoteBackendOptions } from '../../../src/main/backend/remote';
import { remoteAdapters } from '../../../src/main/shell/remote';
import type { Environment } from '../../../src/shared/domain';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from '../../../src/shared/errors';
import { formatKey, START_LENGTH } from '../../../src/shared/keyFormat';
import { allBytes, startTestApp } from '../../support/mainServices';
import { usePrivateKeyring } from '../keychain/privateKeyring';
import { startCoreServer, type RunningServer } from './support/coreServer';
import { closedPort, ORG, selfSignedCert, startFaultServer, type FaultServer } from './support/faultServer';

const credential = formatKey('sandbox', randomBytes(20));
const secretPart = credential.slice(START_LENGTH);
const FAST: RemoteBackendOptions = { timeoutMs: 400, retries: 2, retryBaseMs: 5, retryMaxMs: 20 };

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function faultServer(
  fault: FaultServer['fault'] = 'ok',
  tls?: { key: Buffer; cert: Buffer },
): Promise<FaultServer> {
  const s = await startFaultServer(credential, fault, tls);
  cleanups.push(() => s.close());
  return s;
}

function remote(
  url: string,
  opts: RemoteBackendOptions = FAST,
  environment: Environment = 'sandbox',
  key = credential,
): RemoteBackend {
  const b = new RemoteBackend({ url, environment }, key, opts);
  cleanups.push(() => b.close());
  return b;
}

/** Must fail with this code and its status, with a message that never holds the credential. */
async function failure(p: Promise<unknown>, code: ErrorCode): Promise<KeywardenError> {
  const outcome = await p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected ${code}, got ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(KeywardenError);
  const e = outcome.error as KeywardenError;
  expect({ code: e.code, status: e.status }).toEqual({ code, status: ERROR_STATUS[code] });
  expect(e.message).not.toContain(secretPart);
  expect(JSON.stringify(e)).not.toContain(secretPart);
  return e;
}

describe('server faults over real sockets', () => {
  it('HTTP 500: UNAVAILABLE saying the server failed and to try later; not retried; the next good request works', async () => {
    const s = await faultServer('status500');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'UNAVAILABLE');
    expect(e.message).toMatch(/server failed \(HTTP 500: internal error\) on GET \/user\/orgs/);
    expect(e.message).toMatch(/try again later/);
    expect(s.count('GET', '/user/orgs')).toBe(1);
    s.fault = 'ok';
    expect((await b.listOrgs()).items).toEqual([ORG]);
  });

  it('HTTP 503 on a GET is retried with backoff, then UNAVAILABLE saying how often; a POST is never retried', async () => {
    const s = await faultServer('status503');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'UNAVAILABLE');
    expect(s.count('GET', '/user/orgs')).toBe(3);
    expect(e.message).toMatch(/unavailable \(HTTP 503\).*tried 3 times.*try again later/);

    await failure(b.createOrg({ name: 'New' }), 'UNAVAILABLE');
    expect(s.count('POST', '/user/orgs')).toBe(1);
    await failure(b.updateOrg(ORG.id, { name: 'x' }), 'UNAVAILABLE');
    await failure(b.deleteKey(1), 'UNAVAILABLE');
    expect(s.count('PATCH', `/user/orgs/${ORG.id}`)).toBe(1);
    expect(s.count('DELETE', '/user/apiKey/1')).toBe(1);
  });

  it('a 502 that clears up: the retried GET succeeds', async () => {
    const s = await faultServer('status502-once');
    const b = remote(s.url);
    expect((await b.listOrgs()).items).toEqual([ORG]);
    expect(s.count('GET', '/user/orgs')).toBe(2);
  });

  it('retries: 0 turns retrying off', async () => {
    const s = await faultServer('status503');
    await failure(remote(s.url, { ...FAST, retries: 0 }).listOrgs(), 'UNAVAILABLE');
    expect(s.count('GET', '/user/orgs')).toBe(1);
  });

  it('a server that hangs: TIMEOUT after the configured deadline; the GET is retried, the POST is not', async () => {
    const s = await faultServer('hang');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'TIMEOUT');
    expect(e.message).toMatch(/did not answer GET \/user\/orgs within 0\.4 s.*try again/);
    expect(e.message).toMatch(/tried 3 times/);
    expect(s.count('GET', '/user/orgs')).toBe(3);
    await failure(b.createOrg({ name: 'New' }), 'TIMEOUT');
    expect(s.count('POST', '/user/orgs')).toBe(1);
    s.fault = 'ok';
    expect((await b.listOrgs()).items).toEqual([ORG]);
  });

  it('a connection closed in the middle of the body: NETWORK; the GET is retried, the POST is not', async () => {
    const s = await faultServer('mid-body');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'NETWORK');
    expect(e.message).toMatch(/closed in the middle of the reply to GET \/user\/orgs: try again/);
    expect(s.count('GET', '/user/orgs')).toBe(3);
    await failure(b.createOrg({ name: 'New' }), 'NETWORK');
    expect(s.count('POST', '/user/orgs')).toBe(1);
    s.fault = 'ok';
    expect((await b.listOrgs()).items).toEqual([ORG]);
  });

  it('HTML instead of JSON: BAD_RESPONSE naming what came back and pointing at the URL; not retried', async () => {
    const s = await faultServer('html');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'BAD_RESPONSE');
    expect(e.message).toMatch(
      /answered GET \/user\/orgs with text\/html instead of JSON: check that the URL is a Keywarden Core server/,
    );
    expect(s.count('GET', '/user/orgs')).toBe(1);

    s.fault = 'html404';
    const notFound = await failure(b.listOrgs(), 'BAD_RESPONSE');
    expect(notFound.message).toMatch(/HTTP 404 \(text\/html\).*not a Keywarden Core reply/);
    s.fault = 'ok';
    expect((await b.listOrgs()).items).toEqual([ORG]);
  });

  it('wrong-shaped or unparseable JSON: BAD_RESPONSE naming the field', async () => {
    const s = await faultServer('wrong-shape');
    const b = remote(s.url);
    const e = await failure(b.listOrgs(), 'BAD_RESPONSE');
    expect(e.message).toMatch(
      /reply .* to GET \/user\/orgs is not what this app expects \(items\.0\.id: .*\): is it a Keywarden Core server of a compatible version\?/,
    );
    s.fault = 'bad-json';
    expect((await failure(b.listOrgs(), 'BAD_RESPONSE')).message).toMatch(/application\/json that does not parse/);
    s.fault = 'ok';
    expect((await b.listOrgs()).items).toEqual([ORG]);
  });

  it('a reply larger than the limit is refused as BAD_RESPONSE, not buffered without end', async () => {
    const s = await faultServer('huge');
    const e = await failure(remote(s.url, { ...FAST, maxReplyBytes: 64 * 1024 }).listOrgs(), 'BAD_RESPONSE');
    expect(e.message).toMatch(
      /sent a reply to GET \/user\/orgs larger than 64 KiB: is the URL a Keywarden Core server\?/,
    );
    expect(s.count('GET', '/user/orgs')).toBe(1);
    expect((await remote(s.url).listOrgs()).items).toHaveLength(2000);
  });

  it('connection refused: NETWORK asking whether the server is running', async () => {
    const port = await closedPort();
    const e = await failure(remote(`http://127.0.0.1:${port}`).whoami(), 'NETWORK');
    expect(e.message).toMatch(
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(connection refused\\): is the server running`),
    );
    expect(e.message).toMatch(/tried 3 times/);
  });

  it('a redirect is not followed, so the credential is never sent elsewhere', async () => {
    const target = await faultServer('ok');
    const s = await faultServer('redirect');
    s.redirectTo = `${target.url}/user/orgs`;
    const e = await failure(remote(s.url).listOrgs(), 'BAD_RESPONSE');
    expect(e.message).toMatch(
      /redirected GET \/user\/orgs to http:\/\/127\.0\.0\.1:\d+\/user\/orgs \(HTTP 302\).*put the final address in the profile/,
    );
    expect(target.requests).toEqual([]);
  });

  it('a 401 from the server: its error code (docs/rules.md), what happened and what to do', async () => {
    const s = await faultServer('expired401');
    const e = await failure(remote(s.url).listOrgs(), 'EXPIRED');
    expect(e.message).toBe(
      "the server refused the profile's credential (EXPIRED: the key has expired): the key has expired (or was rolled): edit the profile and paste its replacement",
    );
    expect(s.count('GET', '/user/orgs')).toBe(1);
  });

  it('close() cancels a request in flight and every later one', async () => {
    const s = await faultServer('hang');
    const b = remote(s.url, { ...FAST, timeoutMs: 30_000 });
    await b.whoami();
    const pending = b.listOrgs();
    await new Promise((r) => setTimeout(r, 50));
    await b.close();
    expect((await failure(pending, 'CANCELLED')).message).toMatch(/closed/);
    await failure(b.whoami(), 'CANCELLED');
  });

  it('a base URL with a path prefix keeps it; its query and fragment are dropped', async () => {
    const s = await faultServer('ok');
    const b = remote(`${s.url}/core/?x=1#frag`);
    expect((await b.listOrgs({ limit: 5, cursor: 'a b&c' })).items).toEqual([ORG]);
    expect(s.urls).toEqual(['GET /core/user/users/me', 'GET /core/user/orgs?limit=5&cursor=a+b%26c']);
  });

  it("the credential is sent only as x-api-key, and never kept in the backend's printable state", async () => {
    const s = await faultServer('ok');
    const b = remote(s.url);
    await b.listOrgs();
    expect([...s.credentials]).toEqual([credential]);
    expect(JSON.stringify(b)).not.toContain(secretPart);
    const { inspect } = await import('node:util');
    expect(inspect(b, { showHidden: true, depth: 5 })).not.toContain(secretPart);
  });
});

describe('TLS failures', () => {
  let tls: ReturnType<typeof selfSignedCert>;
  beforeAll(() => {
    tls = selfSignedCert();
  });
  afterAll(() => fs.rmSync(tls.dir, { recursive: true, force: true }));

  it('a self-signed certificate: TLS, saying so, not retried', async () => {
    const s = await faultServer('ok', tls);
    const e = await failure(remote(`https://localhost:${new URL(s.url).port}`).listOrgs(), 'TLS');
    expect(e.message).toMatch(
      /secure \(TLS\) connection to https:\/\/localhost:\d+ failed: its certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
    );
    expect(e.message).toMatch(/certificate this computer trusts/);
    expect(s.connections).toBe(1);
    expect(s.requests).toEqual([]);
  });

  it('a trusted certificate for another host name: TLS (host name mismatch)', async () => {
    const s = await faultServer('ok', tls);
    const e = await failure(remote(s.url, { ...FAST, ca: tls.cert }).listOrgs(), 'TLS');
    expect(e.message).toMatch(/its certificate is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('https to a plain-http port: TLS saying it is not https', async () => {
    const plain = await faultServer('ok');
    const e = await failure(remote(plain.url.replace('http:', 'https:')).listOrgs(), 'TLS');
    expect(e.message).toMatch(/does not speak https on that port/);
  });

  it('with the certificate trusted and the right name, https works', async () => {
    const s = await faultServer('ok', tls);
    const b = remote(`https://localhost:${new URL(s.url).port}`, { ...FAST, ca: tls.cert });
    expect((await b.listOrgs()).items).toEqual([ORG]);
    expect(s.credentials).toEqual(new Set([credential]));
  });
});

describe('a real Core server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startCoreServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rejects a revoked credential: REVOKED with what to do; nothing else breaks and a good credential works', async () => {
    const admin = remote(server.url, FAST, 'sandbox', server.ownerKey);
    const me = await admin.whoami();
    const k = await admin.createKey({ orgUserId: me.orgUserId as number, name: 'soon revoked' });
    const doomed = remote(server.url, FAST, 'sandbox', k.apiKey);
    expect((await doomed.whoami()).key?.id).toBe(k.id);
    await admin.deleteKey(k.id);

    const e = await failure(doomed.listOrgs(), 'REVOKED');
    expect(e.message).toBe(
      "the server refused the profile's credential (REVOKED: the key was deleted): the key was deleted: ask an admin of the org for a new key, then edit the profile and paste it",
    );
    expect(e.message).not.toContain(k.apiKey.slice(START_LENGTH));
    expect((await admin.listOrgs()).items.length).toBeGreaterThan(0);
    const audit = await admin.listAudit({ orgId: me.currentOrg!.id, action: 'auth', outcome: 'denied' });
    expect(audit.items).toContainEqual(expect.objectContaining({ code: 'REVOKED', keyId: k.id, keyStart: k.start }));
  });

  it('a production profile refuses a sandbox server: the server says WRONG_ENVIRONMENT and the client says what to check', async () => {
    const live = formatKey('production', randomBytes(20));
    const e = await failure(remote(server.url, FAST, 'production', live).whoami(), 'WRONG_ENVIRONMENT');
    expect(e.message).toMatch(/refused the profile's credential \(WRONG_ENVIRONMENT.*check the profile's URL/);
  });

  it('"Test connection" reports who the credential is, its org, super-admin flag and scopes, and every org it may see', async () => {
    const admin = remote(server.url, FAST, 'sandbox', server.ownerKey);
    const extra = [];
    for (let i = 0; i < 3; i++) extra.push(await admin.createOrg({ name: `Test connection org ${i}` }));
    const info = await testRemoteConnection({ url: server.url, credential: server.ownerKey, environment: 'sandbox' });
    expect(info.environment).toBe('sandbox');
    expect(info.me).toMatchObject({
      id: server.ownerUserId,
      isSuperAdmin: true,
      key: { scopes: ['ui', 'rest', 'integration'] },
    });
    expect(info.orgs.map((o) => o.id)).toEqual(expect.arrayContaining(extra.map((o) => o.id)));

    const me = await admin.whoami();
    const member = await admin.addMember(extra[0].id, {
      email: 'tc-member@example.com',
      firstName: 'T',
      lastName: 'C',
    });
    const mk = await admin.createKey({ orgUserId: member.id, name: 'tc', scopes: ['rest'] });
    // A saved profile: the credential comes from the keychain (here, a lookup function), not the input.
    const saved = await remoteAdapters(FAST).testConnection(
      { url: server.url, profileId: 42, environment: 'sandbox' },
      {
        savedProfile: () => ({ url: server.url, environment: 'sandbox' }),
        getCredential: async (id) => (id === 42 ? mk.apiKey : null),
      },
    );
    expect(saved.me).toMatchObject({
      id: member.userId,
      isSuperAdmin: false,
      role: 'member',
      currentOrg: { id: extra[0].id },
      key: { scopes: ['rest'] },
    });
    expect(saved.orgs.map((o) => o.id)).toEqual([extra[0].id]);
    expect(me.isSuperAdmin).toBe(true);

    const missing = await failure(
      remoteAdapters(FAST).testConnection(
        { url: server.url, profileId: 43, environment: 'sandbox' },
        { savedProfile: () => ({ url: server.url, environment: 'sandbox' }), getCredential: async () => null },
      ),
      'NOT_FOUND',
    );
    expect(missing.message).toMatch(/no credential in the OS keychain/);
    await failure(testRemoteConnection({ url: server.url, environment: 'sandbox' }), 'BAD_REQUEST');
  });
});

describe('the URL and credential of a profile', () => {
  it('production requires https except to this machine', async () => {
    const live = formatKey('production', randomBytes(20));
    expect(() => new RemoteBackend({ url: 'http://core.example.com', environment: 'production' }, live)).toThrow(
      /production server must use https/,
    );
    for (const url of [
      'https://core.example.com',
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://[::1]:8787',
    ]) {
      const b = new RemoteBackend({ url, environment: 'production' }, live);
      await b.close();
    }
    const sandbox = new RemoteBackend({ url: 'http://core.example.com', environment: 'sandbox' }, credential);
    await sandbox.close();
    expect(
      () => new RemoteBackend({ url: `http://user:${credential}@127.0.0.1`, environment: 'sandbox' }, credential),
    ).toThrow(/own field/);
  });

  it('a credential for the other environment, or not a key at all, is refused before any request', async () => {
    const s = await faultServer('ok');
    const e = (() => {
      try {
        remote(s.url, FAST, 'production', credential);
      } catch (err) {
        return err as KeywardenError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.code).toBe('WRONG_ENVIRONMENT');
    expect(e.message).toMatch(
      /production profile but its credential is a sandbox key \(kw_test_.{4}…\): edit the profile and paste a production key/,
    );
    expect(e.message).not.toContain(secretPart);
    // One changed character (never the same one) breaks the checksum.
    const typo = `${credential.slice(0, 40)}${credential.endsWith('x') ? 'y' : 'x'}`;
    expect(() => remote(s.url, FAST, 'sandbox', typo)).toThrow(/not a Keywarden key/);
    expect(s.requests).toEqual([]);
  });
});

describe('through the app (main-process services, real keychain)', () => {
  beforeAll(async () => {
    await usePrivateKeyring();
  });

  it('faults reach the UI as {code, message}; the local profile is untouched; the remote works again once the server recovers', async () => {
    const app = await startTestApp(remoteAdapters({ timeoutMs: 400, retries: 1, retryBaseMs: 5, retryMaxMs: 20 }));
    cleanups.push(() => app.close());
    const { profiles } = await app.call('listProfiles');
    const local = profiles[0];
    const orgsBefore = await app.call('listOrgs');
    const keysBefore = await app.call('listKeys', { orgId: orgsBefore[0].id, includeRevoked: true });
    const membersBefore = await app.call('listMembers', { orgId: orgsBefore[0].id });

    const s = await faultServer('ok');
    const info = await app.call('testConnection', { url: s.url, credential, environment: 'sandbox' });
    expect(info).toMatchObject({
      environment: 'sandbox',
      me: { email: 'admin@example.com', key: { scopes: ['rest'] } },
      orgs: [ORG],
    });

    const flaky = await app.call('createProfile', {
      backend: 'remote',
      name: 'Flaky',
      environment: 'sandbox',
      url: s.url,
      credential,
    });
    expect(flaky).toMatchObject({ backend: 'remote', hasCredential: true });
    expect((await app.call('switchProfile', { id: flaky.id })).me.email).toBe('admin@example.com');

    const expected: Array<[FaultServer['fault'], string, RegExp]> = [
      ['status500', 'UNAVAILABLE', /HTTP 500/],
      ['hang', 'TIMEOUT', /did not answer/],
      ['mid-body', 'NETWORK', /closed in the middle/],
      ['html', 'BAD_RESPONSE', /text\/html/],
      ['wrong-shape', 'BAD_RESPONSE', /not what this app expects/],
      ['expired401', 'EXPIRED', /edit the profile/],
    ];
    for (const [fault, code, message] of expected) {
      s.fault = fault;
      const err = await app.fail('listOrgs');
      expect({ fault, code: err.code }).toEqual({ fault, code });
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain(secretPart);
    }

    await app.call('switchProfile', { id: local.id });
    expect(await app.call('listOrgs')).toEqual(orgsBefore);
    expect(await app.call('listKeys', { orgId: orgsBefore[0].id, includeRevoked: true })).toEqual(keysBefore);
    expect(await app.call('listMembers', { orgId: orgsBefore[0].id })).toEqual(membersBefore);

    s.fault = 'ok';
    await app.call('switchProfile', { id: flaky.id });
    expect(await app.call('listOrgs')).toEqual([ORG]);
    expect(allBytes(app.dataDir).includes(Buffer.from(secretPart))).toBe(false);
  });
});
