// The HTTP layer itself: routing, error shape, content types, body limits, HEAD, and
// what happens on an unexpected exception.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/main/server';
import { client, expectError, expectStatus, isErrorReply, request, startServer, type Running } from './support';

let s: Running;
let c: ReturnType<typeof client>;
let o: { key: string };

beforeAll(async () => {
  s = await startServer();
  c = client(s.url);
  o = { key: s.ownerKey };
});
afterAll(() => s.stop());

/** Sends raw bytes over a fresh socket and returns everything the server answered. */
function raw(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const out: Buffer[] = [];
    sock.on('data', (d) => out.push(d));
    sock.on('end', () => resolve(Buffer.concat(out).toString('utf8')));
    sock.on('error', (e) => (out.length ? resolve(Buffer.concat(out).toString('utf8')) : reject(e)));
    sock.end(bytes);
  });
}

describe('routing', () => {
  it('is 404 NOT_FOUND for an unknown route, without echoing the path', async () => {
    for (const p of ['/', '/nope', '/user', '/user/apiKey/1/2/3', '/user/apiKey/', `/${s.ownerKey}`]) {
      const r = await c.get(p, o);
      expectError(r, 404, 'NOT_FOUND');
      expect(r.text).not.toContain(s.ownerKey);
    }
  });

  it('is 405 METHOD_NOT_ALLOWED with Allow for a known route and the wrong method', async () => {
    const r = await c.send('PUT', '/user/users/me', o);
    expectError(r, 405, 'METHOD_NOT_ALLOWED');
    expect(r.headers.allow).toBe('GET, HEAD');
    const keys = await c.send('DELETE', '/user/apiKey', o);
    expectError(keys, 405, 'METHOD_NOT_ALLOWED');
    expect(keys.headers.allow?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    expectError(await c.send('POST', '/user/apiKey/1', o), 405, 'METHOD_NOT_ALLOWED');
    expectError(await c.send('OPTIONS', '/user/orgs', o), 405, 'METHOD_NOT_ALLOWED');
    // PATCH /user/users/{userId} exists, but "me" is not an id.
    expectError(await c.patch('/user/users/me', { status: 'active' }, o), 405, 'METHOD_NOT_ALLOWED');
  });

  it('is 400 for a path id that is not a positive integer', async () => {
    for (const p of [
      '/user/org/x/users',
      '/user/org/1/user/-2',
      '/user/orgs/1e3',
      '/data/file/0/content',
      '/user/apiKey/1%20/roll',
    ]) {
      expectError(await c.get(p, o), 400, 'BAD_REQUEST');
    }
  });

  it('routes before it authenticates, and authenticates before it reads the body', async () => {
    expectError(await c.send('PUT', '/user/users/me'), 405, 'METHOD_NOT_ALLOWED');
    expectError(await c.post('/user/orgs', '{broken'), 401, 'MISSING_KEY');
  });

  it('has a GET or HEAD for every GET route', async () => {
    const gets = ROUTES.filter((r) => r.method === 'GET').map((r) => r.path.replace(/:\w+/g, '1'));
    for (const p of gets) {
      const g = await c.get(p, o);
      const h = await c.head(p, o);
      expect(h.status).toBe(g.status);
      expect(h.text).toBe('');
    }
  });
});

describe('bodies', () => {
  it('refuses malformed JSON, without quoting it back', async () => {
    for (const body of ['{', '{"name": }', 'nul', '{"name":"x"}}', "{'name':'x'}", '\u0000']) {
      const r = await c.post('/user/orgs', body, o);
      expectError(r, 400, 'BAD_REQUEST');
      expect(r.json.error.message).toBe('the body is not valid JSON');
    }
  });

  it('refuses a body that is not UTF-8', async () => {
    const r = await c.post('/user/orgs', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), o);
    expectError(r, 400, 'BAD_REQUEST');
  });

  it("refuses a JSON route's body in another content type, and a missing body", async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/jsonx',
    ]) {
      expectError(await c.post('/user/orgs', { name: 'T' }, { ...o, contentType: type }), 400, 'BAD_REQUEST');
    }
    expectError(await c.post('/user/orgs', { name: 'T' }, { ...o, contentType: null }), 400, 'BAD_REQUEST');
    expectError(await c.send('POST', '/user/orgs', o), 400, 'BAD_REQUEST');
    expectStatus(
      await c.post('/user/orgs', { name: 'T' }, { ...o, contentType: 'Application/JSON; charset=UTF-8' }),
      201,
    );
  });

  it('accepts a JSON body just under 1 MiB', async () => {
    const body = `{"name":"Padded"}${' '.repeat(1024 * 1024 - 17)}`;
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    expectStatus(await c.post('/user/orgs', body, o), 201);
  });

  it('answers 413 to a JSON body over 1 MiB, declared or streamed, and keeps serving', async () => {
    const big = `{"name":"x","pad":"${'a'.repeat(1024 * 1024)}"}`;
    const declared = await c.post('/user/orgs', big, o);
    expectError(declared, 413, 'PAYLOAD_TOO_LARGE');
    // Chunked: no length up front, so the server counts as it reads.
    const chunks = new ReadableStream<Uint8Array>({
      start(ctl) {
        const part = new TextEncoder().encode('a'.repeat(64 * 1024));
        for (let i = 0; i < 40; i++) ctl.enqueue(part);
        ctl.close();
      },
    });
    const streamed = await fetch(`${s.url}/user/orgs`, {
      method: 'POST',
      headers: { 'x-api-key': s.ownerKey, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expectStatus(await c.get('/user/users/me', o), 200);
    const orgs = expectStatus(await c.get('/user/orgs?limit=1000', o), 200).json.items.map(
      (x: { name: string }) => x.name,
    );
    expect(orgs).not.toContain('x');
  });

  it('answers malformed HTTP with a JSON 400 and keeps serving', async () => {
    const answer = await raw(s.port, 'GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"BAD_REQUEST"');
    expectStatus(await c.get('/user/users/me', o), 200);
  });
});

describe('replies', () => {
  it('sends JSON with no-store caching', async () => {
    const r = expectStatus(await c.get('/user/users/me', o), 200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('turns an unexpected exception into a generic 500 INTERNAL and logs no header or body', async () => {
    const other = await startServer();
    try {
      const k = other.ownerKey;
      other.engine.database.close();
      const r = await request(other.url, 'POST', '/user/orgs', { key: k, body: { name: 'secret-name' } });
      expectError(r, 500, 'INTERNAL');
      expect(r.json.error.message).toBe('internal error');
      expect(other.logs.length).toBeGreaterThan(0);
      const log = other.logs.join('\n');
      expect(log).not.toContain(k);
      expect(log).not.toContain(k.slice(12));
      expect(log).not.toContain('secret-name');
      expect(isErrorReply(r)).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
