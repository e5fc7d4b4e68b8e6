// Rule 5 on the HTTP path, which is tuned for speed (bench (b)): nothing about a key, its
// user or its membership may be remembered between requests. Each case first uses the key
// many times on one kept-alive connection (so any cache would be warm), then changes it —
// through this server, through a second engine on the same file (as the desktop app or the
// CLI would) or by plain SQL on another connection — and the very next request is refused.
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { client, expectError, expectStatus, type Running, type World, worldOnServer } from './support';

let s: Running;
let w: World;
let c: ReturnType<typeof client>;
let other: Engine;
let sql: Database.Database;

beforeAll(async () => {
  ({ s, w, c } = await worldOnServer());
  sql = new Database(s.dbFile);
  sql.pragma('busy_timeout = 5000');
  // A new file's header (its application_id) may still sit in the WAL, where the check
  // that a file is ours before opening it does not look.
  sql.pragma('wal_checkpoint(TRUNCATE)');
  other = Engine.open(s.dbFile, { background: false });
});
afterAll(async () => {
  sql?.close();
  other?.close();
  await s.stop();
});

/** A fresh admin of org A with a key of their own: each case spoils one. */
async function freshAdmin(tag: string): Promise<{ userId: number; orgUserId: number; key: string; keyId: number }> {
  const o = { key: s.ownerKey };
  const m = expectStatus(
    await c.post(
      `/user/org/${w.orgA}/users`,
      { email: `${tag}@example.com`, firstName: 'F', lastName: 'L', role: 'admin' },
      o,
    ),
    201,
  ).json as { id: number; userId: number };
  const k = expectStatus(await c.post('/user/apiKey', { orgUserId: m.id, name: tag }, o), 201).json as {
    id: number;
    apiKey: string;
  };
  return { userId: m.userId, orgUserId: m.id, key: k.apiKey, keyId: k.id };
}

const audit = (key: string) => c.get(`/user/audit?orgId=${w.orgA}&limit=1`, { key });

/** Uses the key often enough that anything remembered would be served from memory. */
async function warm(key: string): Promise<void> {
  for (let i = 0; i < 25; i++) {
    expectStatus(await c.get('/user/users/me', { key }), 200);
    expectStatus(await audit(key), 200);
  }
}

/**
 * Sends raw HTTP/1.1 requests in one write, so the server parses them in one go (one job of
 * its event loop), and returns each reply's status line and body in order.
 */
function pipelined(requests: string[]): Promise<{ status: number; body: string }[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(s.port, '127.0.0.1', () => socket.write(requests.join('')));
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (d: string) => {
      buf += d;
      const replies: { status: number; body: string }[] = [];
      let rest = buf;
      for (;;) {
        const end = rest.indexOf('\r\n\r\n');
        if (end === -1) break;
        const head = rest.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (rest.length < end + 4 + length) break;
        replies.push({ status: Number(head.split(' ')[1]), body: rest.slice(end + 4, end + 4 + length) });
        rest = rest.slice(end + 4 + length);
      }
      if (replies.length === requests.length) {
        socket.destroy();
        resolve(replies);
      }
    });
  });
}

const raw = (method: string, path: string, key: string, body?: unknown): string => {
  const text = body === undefined ? '' : JSON.stringify(body);
  const type = body === undefined ? '' : 'content-type: application/json\r\n';
  return `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${key}\r\n${type}content-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
};

describe('rule 5: permissions are checked at the time of use — the very next request sees a change', () => {
  it('a key disabled through this server is DISABLED on the next request', async () => {
    const a = await freshAdmin('disabled.here');
    await warm(a.key);
    expectStatus(await c.patch(`/user/apiKey/${a.keyId}`, { status: 'disabled' }, { key: s.ownerKey }), 200);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'DISABLED');
  });

  it('a key revoked by the request before it on the same pipelined connection is REVOKED', async () => {
    const a = await freshAdmin('revoked.pipelined');
    await warm(a.key);
    // DELETE has no body, so it is answered in the same job of the server's event loop as
    // the requests around it: the one after it must not reuse what the one before it read.
    const [before, revoke, after] = await pipelined([
      raw('GET', '/user/users/me', a.key),
      raw('DELETE', `/user/apiKey/${a.keyId}`, s.ownerKey),
      raw('GET', '/user/users/me', a.key),
    ]);
    expect(before.status).toBe(200);
    expect(revoke.status).toBe(204);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).error.code).toBe('REVOKED');
  });

  it('a key disabled by another engine on the same file (the app or the CLI) is DISABLED on the next request', async () => {
    const a = await freshAdmin('disabled.elsewhere');
    await warm(a.key);
    other.keys.update(other.owner(), a.keyId, { status: 'disabled' });
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'DISABLED');
    other.keys.update(other.owner(), a.keyId, { status: 'enabled' });
    expectStatus(await c.get('/user/users/me', { key: a.key }), 200);
  });

  it('a key revoked by another engine on the same file is REVOKED on the next request', async () => {
    const a = await freshAdmin('revoked.elsewhere');
    await warm(a.key);
    other.keys.remove(other.owner(), a.keyId);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'REVOKED');
  });

  it('a key revoked through this server is REVOKED on the next request', async () => {
    const a = await freshAdmin('revoked.here');
    await warm(a.key);
    expectStatus(await c.delete(`/user/apiKey/${a.keyId}`, { key: s.ownerKey }), 204);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'REVOKED');
  });

  it('an admin demoted through this server loses admin power on the next request', async () => {
    const a = await freshAdmin('demoted.here');
    await warm(a.key);
    expectStatus(await c.patch(`/user/org/${w.orgA}/user/${a.userId}`, { role: 'member' }, { key: s.ownerKey }), 200);
    expectError(await audit(a.key), 403, 'FORBIDDEN');
    expect(expectStatus(await c.get('/user/users/me', { key: a.key }), 200).json.role).toBe('member');
  });

  it('an admin demoted by SQL on another connection loses admin power on the next request, and regains it', async () => {
    const a = await freshAdmin('demoted.sql');
    await warm(a.key);
    sql.prepare(`UPDATE memberships SET role = 'member' WHERE id = ?`).run(a.orgUserId);
    expectError(await audit(a.key), 403, 'FORBIDDEN');
    sql.prepare(`UPDATE memberships SET role = 'admin' WHERE id = ?`).run(a.orgUserId);
    expectStatus(await audit(a.key), 200);
  });

  it('a key disabled, expired or revoked by SQL on another connection is refused on the next request', async () => {
    const a = await freshAdmin('spoiled.sql');
    await warm(a.key);
    sql.prepare(`UPDATE api_keys SET status = 'disabled' WHERE id = ?`).run(a.keyId);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'DISABLED');
    sql.prepare(`UPDATE api_keys SET status = 'enabled', expires_at = ? WHERE id = ?`).run(Date.now() - 1000, a.keyId);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'EXPIRED');
    sql.prepare(`UPDATE api_keys SET expires_at = NULL, revoked_at = ? WHERE id = ?`).run(Date.now(), a.keyId);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'REVOKED');
  });

  it('a key whose user is disabled by another engine is INACTIVE_USER on the next request', async () => {
    const a = await freshAdmin('user.disabled.elsewhere');
    await warm(a.key);
    other.directory.updateUser(other.owner(), a.userId, { status: 'disabled' });
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'INACTIVE_USER');
  });

  it('a key whose membership is deactivated by SQL on another connection is INACTIVE_USER on the next request', async () => {
    const a = await freshAdmin('membership.sql');
    await warm(a.key);
    sql.prepare(`UPDATE memberships SET status = 'inactive' WHERE id = ?`).run(a.orgUserId);
    expectError(await c.get('/user/users/me', { key: a.key }), 401, 'INACTIVE_USER');
  });
});
