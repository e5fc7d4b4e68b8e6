// Rule 6 over HTTP: keys made by create and roll appear in those replies and nowhere
// else — not in the database file, its WAL, the audit log, other replies or the log.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, client, expectStatus, startServer, type Reply, type Running, type World } from './support';

let s: Running;
let w: World;

beforeAll(async () => {
  s = await startServer();
  w = await buildWorld(s);
});
afterAll(() => s.stop());

/** Every way a key could sit in a file: whole, without its prefix, or as UTF-16. */
function findings(haystack: Buffer, keys: string[]): string[] {
  const hits: string[] = [];
  for (const k of keys) {
    for (const needle of [k, k.slice(8), k.slice(8, 35)]) {
      if (haystack.includes(Buffer.from(needle, 'latin1')) || haystack.includes(Buffer.from(needle, 'utf16le')))
        hits.push(`${k.slice(0, 12)}… as ${needle.length} chars`);
    }
  }
  return hits;
}

describe('raw keys', () => {
  it('never reach the database, its WAL, the audit log, other replies or the server log', async () => {
    const c = client(s.url);
    const o = { key: s.ownerKey };
    const keys: string[] = [s.ownerKey, w.adminA.key, w.memberA.key, w.adminB.key];
    const others: Reply[] = [];
    const note = (r: Reply) => {
      others.push(r);
      return r;
    };

    for (let i = 0; i < 5; i++) {
      const k = expectStatus(
        await c.post(
          '/user/apiKey',
          { orgUserId: w.memberA.orgUserId, name: `leak check ${i}`, scopes: ['rest', 'integration'] },
          o,
        ),
        201,
      ).json;
      keys.push(k.apiKey);
      // Use it, fail with it, look it up: every path that touches a key.
      note(await c.get('/user/users/me', { key: k.apiKey }));
      note(await c.get('/user/users/me', { bearer: k.apiKey }));
      note(await c.get('/user/users/me', { key: k.apiKey.slice(0, 40) + (k.apiKey.endsWith('A') ? 'B' : 'A') }));
      note(await c.post('/creation/import/json', { records: [{ i }] }, { key: k.apiKey }));
      const rolled = expectStatus(await c.post(`/user/apiKey/${k.id}/roll`, { gracePeriodSeconds: 60 }, o), 201).json;
      keys.push(rolled.apiKey);
      note(await c.get('/user/users/me', { key: rolled.apiKey }));
      note(await c.get('/user/users/me', { key: k.apiKey }));
      note(await c.get(`/user/apiKey/${rolled.id}`, o));
      // A key pasted where it does not belong, in a body and in a path.
      note(await c.post('/user/orgs', { name: 'x', apiKey: rolled.apiKey, [rolled.apiKey]: 1 }, o));
      note(await c.get(`/user/apiKey/${rolled.apiKey}`, o));
      note(await c.get(`/user/apiKey?orgId=${w.orgA}&cursor=${rolled.apiKey}`, o));
      note(await c.get('/user/users/me', { key: rolled.apiKey, headers: { 'impersonate-user-id': rolled.apiKey } }));
      expectStatus(await c.delete(`/user/apiKey/${k.id}`, o), 204);
      note(await c.get('/user/users/me', { key: k.apiKey }));
    }
    note(await c.get(`/user/apiKey?orgId=${w.orgA}&includeRevoked=true&limit=1000`, o));
    note(await c.get('/user/audit?limit=1000', o));
    expect(keys).toHaveLength(14);
    expect(new Set(keys).size).toBe(14);

    // The keys did work, so the scan below looks where they really went.
    const audit = s.engine.database.prepare('SELECT * FROM audit').all();
    expect(audit.length).toBeGreaterThan(40);
    expect(JSON.stringify(audit)).toContain(keys[5].slice(0, 12));

    s.engine.flush();
    const wal = `${s.dbFile}-wal`;
    expect(fs.existsSync(wal)).toBe(true);
    expect(findings(fs.readFileSync(s.dbFile), keys)).toEqual([]);
    expect(findings(fs.readFileSync(wal), keys)).toEqual([]);
    expect(findings(Buffer.from(JSON.stringify(audit)), keys)).toEqual([]);
    expect(findings(Buffer.from(others.map((r) => r.text).join('\n')), keys)).toEqual([]);
    expect(findings(Buffer.from(s.logs.join('\n')), keys)).toEqual([]);

    // And after a checkpoint folds the WAL into the main file.
    s.engine.database.pragma('wal_checkpoint(TRUNCATE)');
    expect(findings(fs.readFileSync(s.dbFile), keys)).toEqual([]);
  });
});
