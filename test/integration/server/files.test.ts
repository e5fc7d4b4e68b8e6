// Multipart upload to /data/file/file and download from the fileUrl it returns.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, expectStatus, request, type Running, type World, worldOnServer } from './support';

let s: Running;
let w: World;
let c: ReturnType<typeof client>;

beforeAll(async () => {
  ({ s, w, c } = await worldOnServer());
});
afterAll(() => s.stop());

function form(bytes: Uint8Array<ArrayBuffer>, name: string, type: string, field = 'file'): FormData {
  const f = new FormData();
  f.append('note', 'hello');
  f.append(field, new Blob([bytes], { type }), name);
  return f;
}

const upload = (key: string, body: FormData | string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/data/file/file`, { method: 'POST', headers: { 'x-api-key': key, ...headers }, body });

describe('POST /data/file/file', () => {
  it('stores the file and replies 201 with an absolute fileUrl that serves the same bytes', async () => {
    const bytes = randomBytes(300_000);
    const r = await upload(w.adminA.key, form(bytes, 'Report.Final.PDF', 'application/pdf'));
    expect(r.status).toBe(201);
    const file = (await r.json()) as {
      id: number;
      displayName: string;
      fileType: string;
      contentType: string;
      fileUUID: string;
      fileUrl: string;
    };
    expect(file).toMatchObject({ displayName: 'Report.Final.PDF', fileType: 'pdf', contentType: 'application/pdf' });
    expect(file.fileUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(file.fileUrl).toBe(`${s.url}/data/file/${file.id}/content`);

    const got = await fetch(file.fileUrl, { headers: { 'x-api-key': w.memberA.key } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);

    // Only members of the file's org may read it.
    expectError(await c.get(`/data/file/${file.id}/content`, { key: w.adminB.key }), 403, 'FORBIDDEN');
    expectError(await c.get('/data/file/999999/content', { key: w.adminA.key }), 404, 'NOT_FOUND');
  });

  it('builds fileUrl from the Host header the client used', async () => {
    const f = form(Buffer.from('x'), 'a.txt', 'text/plain');
    const body = new Response(f);
    const bytes = Buffer.from(await body.arrayBuffer());
    const r = await request(s.url, 'POST', '/data/file/file', {
      key: w.adminA.key,
      body: bytes,
      contentType: body.headers.get('content-type') as string,
      headers: { host: `localhost:${s.port}` },
    });
    expect(expectStatus(r, 201).json.fileUrl).toMatch(
      new RegExp(`^http://localhost:${s.port}/data/file/\\d+/content$`),
    );
  });

  it('answers 413 to an upload over 10 MiB and keeps serving', async () => {
    const r = await upload(
      w.adminA.key,
      form(new Uint8Array(10 * 1024 * 1024 + 1), 'big.bin', 'application/octet-stream'),
    );
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expectStatus(await c.get('/user/users/me', { key: w.adminA.key }), 200);
  });

  it('accepts exactly 10 MiB', async () => {
    const r = await upload(
      w.adminA.key,
      form(new Uint8Array(10 * 1024 * 1024), 'edge.bin', 'application/octet-stream'),
    );
    expect(r.status).toBe(201);
  });

  it('refuses a body that is not multipart or has no field "file"', async () => {
    const notMultipart = await upload(w.adminA.key, JSON.stringify({ file: 'x' }), {
      'content-type': 'application/json',
    });
    expect(notMultipart.status).toBe(400);
    const wrongField = await upload(w.adminA.key, form(Buffer.from('x'), 'a.txt', 'text/plain', 'attachment'));
    expect(wrongField.status).toBe(400);
    expect(((await wrongField.json()) as { error: { message: string } }).error.message).toMatch(/"file"/);
    const broken = await request(s.url, 'POST', '/data/file/file', {
      key: w.adminA.key,
      body: '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nunterminated',
      contentType: 'multipart/form-data; boundary=b',
    });
    expectError(broken, 400, 'BAD_REQUEST');
    expectError(await request(s.url, 'POST', '/data/file/file', { key: w.adminA.key }), 400, 'BAD_REQUEST');
  });

  it('needs a key and refuses a read-only one', async () => {
    const none = await fetch(`${s.url}/data/file/file`, {
      method: 'POST',
      body: form(Buffer.from('x'), 'a.txt', 'text/plain'),
    });
    expect(none.status).toBe(401);
    const ro = expectStatus(
      await c.post('/user/apiKey', { orgUserId: w.adminA.orgUserId, name: 'ro', readOnly: true }, { key: s.ownerKey }),
      201,
    ).json;
    const r = await upload(ro.apiKey, form(Buffer.from('x'), 'a.txt', 'text/plain'));
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('READ_ONLY');
  });

  it('serves stored files so that a browser will not run them', async () => {
    const r = await upload(w.adminA.key, form(Buffer.from('<b>hi</b>'), 'page.html', 'text/html'));
    const file = (await r.json()) as { fileUrl: string; contentType: string };
    const got = await fetch(file.fileUrl, { headers: { 'x-api-key': w.adminA.key } });
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
