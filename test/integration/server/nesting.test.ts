// Deeply nested JSON bodies (issue 8 item 8): any nesting must get a 4xx, never a 5xx or a
// crash. Past 64 levels the body is refused as 400 BAD_REQUEST before it is parsed, so no
// recursive JSON.parse or JSON.stringify ever sees it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, expectStatus, request, startServer, type Running } from './support';

let s: Running;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.stop());

const NESTED = /nested deeper than 64 levels/;

/** `depth` levels of arrays (or objects) around `inner`. */
function nest(depth: number, kind: 'array' | 'object', inner = '1'): string {
  return kind === 'array'
    ? '['.repeat(depth) + inner + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
}

const ROUTES: [string, string][] = [
  ['POST', '/creation/import/json'],
  ['POST', '/user/orgs'],
  ['POST', '/user/apiKey'],
  ['PATCH', '/user/apiKey/1'],
  ['POST', '/user/apiKey/1/roll'],
];

async function send(method: string, path: string, body: string) {
  return request(s.url, method, path, { key: s.ownerKey, body, contentType: 'application/json' });
}

describe('JSON nested deeper than 64 levels', () => {
  it('100,000 opening brackets, closed or not, are 400 BAD_REQUEST on every JSON route', async () => {
    for (const [method, path] of ROUTES) {
      const bodies = [
        '['.repeat(100_000),
        nest(100_000, 'array'),
        nest(20_000, 'object'),
        // Deep enough to crash a recursive JSON.stringify, shallow enough for JSON.parse.
        `{"records":[${nest(5_000, 'array')}]}`,
        `{"name":"x","records":${nest(3_000, 'object')}}`,
      ];
      for (const body of bodies) {
        const r = await send(method, path, body);
        expectError(r, 400, 'BAD_REQUEST');
        expect(r.json.error.message).toMatch(NESTED);
      }
    }
    expect(s.logs.join('\n')).not.toMatch(/internal error/);
  });

  it('64 levels are accepted, 65 are not', async () => {
    const records = (depth: number) => `{"records":[${nest(depth - 2, 'array')}]}`;
    const ok = expectStatus(await send('POST', '/creation/import/json', records(64)), 200);
    expect(ok.json).toEqual({ imported: 1 });
    const r = await send('POST', '/creation/import/json', records(65));
    expectError(r, 400, 'BAD_REQUEST');
    expect(r.json.error.message).toMatch(NESTED);
  });

  it('brackets inside strings are text, not nesting', async () => {
    const c = client(s.url);
    const name = `${'['.repeat(100)}\\"{${'{'.repeat(90)}`;
    const r = expectStatus(await send('POST', '/user/orgs', `{"name":"${name}"}`), 201);
    expect(r.json.name).toBe(name.replace('\\"', '"'));
    expectStatus(await c.get('/user/users/me', { key: s.ownerKey }), 200);
  });

  it('generated nestings of any depth and shape get a 4xx, and the server keeps serving', async () => {
    const shape = fc.array(fc.constantFrom('[', '{"k":'), { minLength: 1, maxLength: 400 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), shape, fc.boolean(), async ([method, path], opens, close) => {
        const closers = opens
          .map((o) => (o === '[' ? ']' : '}'))
          .reverse()
          .join('');
        const body = opens.join('') + '0' + (close ? closers : '');
        const r = await send(method, path, body);
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        if (opens.length > 64) expect(r.json.error.message).toMatch(NESTED);
      }),
      { numRuns: 150, seed: 8 },
    );
    expectStatus(await client(s.url).get('/user/users/me', { key: s.ownerKey }), 200);
    expect(s.logs.join('\n')).not.toMatch(/internal error/);
  });
});
