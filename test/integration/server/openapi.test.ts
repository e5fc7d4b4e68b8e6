// GET /openapi.json and GET /docs: served without a key, the document a valid OpenAPI 3.1
// description of every route in the table.
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/main/server';
import { openApiPath } from '../../../src/main/api/openapi';
import { replyMismatch } from './replySchemas';
import { client, expectError, startServer, type Running } from './support';

let s: Running;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  s = await startServer();
  c = client(s.url);
});
afterAll(() => s.stop());

describe('GET /openapi.json', () => {
  it('is served without a key and validates as OpenAPI 3.1', async () => {
    const r = await c.get('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(r.json));
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it('lists every route of the table with its method, and both ways to send a key', async () => {
    const doc = (await c.get('/openapi.json')).json;
    for (const route of ROUTES) {
      expect(
        doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeTruthy();
    }
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('declares path ids as positive integers and 4xx replies as the error envelope', async () => {
    const doc = (await c.get('/openapi.json')).json;
    const op = doc.paths['/user/apiKey/{id}'].get;
    expect(op.parameters.find((p: { name: string }) => p.name === 'id')).toMatchObject({
      in: 'path',
      required: true,
      schema: { type: 'integer', minimum: 1 },
    });
    expect(op.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('only answers GET and HEAD; another method goes to the router', async () => {
    expect((await c.head('/openapi.json')).status).toBe(200);
    expectError(await c.post('/openapi.json', {}), 404, 'NOT_FOUND');
  });
});

describe('GET /docs', () => {
  it('is a page with no inline script, under a CSP that forbids any other origin', async () => {
    const r = await c.get('/docs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    for (const src of ['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/init.js']) {
      expect(r.text).toContain(src);
      const asset = await c.get(src);
      expect(asset.status, src).toBe(200);
      expect(asset.text.length, src).toBeGreaterThan(0);
    }
  });
});

describe('the reply check in the test HTTP helper', () => {
  it('passes a real reply and names what is wrong in one the document does not describe', async () => {
    const me = await c.get('/user/users/me', { key: s.ownerKey });
    expect(replyMismatch('GET', '/user/users/me', 200, me.json)).toBeNull();
    expect(replyMismatch('GET', '/user/users/me', 200, { ...me.json, user: 'nobody' })).toMatch(/does not match/);
    expect(replyMismatch('GET', '/user/users/me', 418, me.json)).toMatch(/declares no such status/);
    expect(replyMismatch('GET', '/user/apiKey/1', 404, { error: { code: 'NOPE', message: 'x' } })).toMatch(
      /does not match/,
    );
  });
});
