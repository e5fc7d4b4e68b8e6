// Issue 8 item 1: the browser harness is a development tool, not an open door. Every
// operation needs the per-run token that only the printed URL carries (in its fragment,
// which browsers never send), whatever Origin a caller sends or leaves out; by default it
// runs on a throwaway data dir and a private keyring.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../harness/bridge';
import { startHarness, type Harness } from '../../harness/server';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** A raw request, so the test controls every header (fetch would add or forbid some). */
function post(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: harness.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('issue 8 item 1: the harness requires its per-run token on every call', () => {
  it('refuses a call with no token and no Origin (any local process)', async () => {
    const r = await post('/__ipc/listProfiles', {});
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('Local sandbox');
  });

  it('refuses a call with our own Origin but no token', async () => {
    const r = await post('/__ipc/listProfiles', { origin: harness.origin });
    expect(r.status).toBe(401);
  });

  it('refuses a wrong token, one of the same length, and the token with a different case', async () => {
    for (const token of ['nope', 'x'.repeat(harness.token.length), harness.token.toUpperCase()]) {
      if (token === harness.token) continue;
      const r = await post('/__ipc/listProfiles', { [TOKEN_HEADER]: token });
      expect(r.status).toBe(401);
    }
  });

  it('refuses the right token from another origin or through another host name', async () => {
    expect(
      (await post('/__ipc/listProfiles', { [TOKEN_HEADER]: harness.token, origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect(
      (await post('/__ipc/listProfiles', { [TOKEN_HEADER]: harness.token, host: `evil.example:${harness.port}` }))
        .status,
    ).toBe(403);
  });

  it('answers the right token, and the token is only in the printed URL: never in what it serves', async () => {
    const r = await post('/__ipc/listProfiles', { [TOKEN_HEADER]: harness.token, origin: harness.origin });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
    expect(harness.url).toBe(`${harness.origin}/#token=${harness.token}`);
    for (const p of ['/', '/index.html', '/__harness/bridge.js']) {
      const page = await (await fetch(`${harness.origin}${p}`)).text();
      expect(page.length).toBeGreaterThan(0);
      expect(page).not.toContain(harness.token);
    }
  });

  it('uses a new token every run', async () => {
    const other = await startHarness({ build: false });
    try {
      expect(other.token).not.toBe(harness.token);
      expect((await post('/__ipc/listProfiles', { [TOKEN_HEADER]: other.token })).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('issue 8 item 1: throwaway data dir and private keyring unless told otherwise', () => {
  it('defaults to a temporary data dir (removed on close) and the private keyring', async () => {
    const h = await startHarness({ build: false });
    expect(h.keyring).toBe('private');
    expect(process.env.KEYWARDEN_TEST_KEYRING).toBe('private');
    expect(fs.existsSync(h.dataDir)).toBe(true);
    await h.close();
    expect(fs.existsSync(h.dataDir)).toBe(false);
  });
});
