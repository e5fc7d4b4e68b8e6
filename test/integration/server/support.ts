// A real Core server over a real SQLite file in a temp dir, on 127.0.0.1 port 0, and a
// small HTTP client that can send what fetch refuses to (odd methods, raw headers).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../../src/main/engine';
import { createCoreServer, type CoreServer } from '../../../src/main/server';
import type { CreatedKey, Environment } from '../../../src/shared/domain';
import { ERROR_STATUS } from '../../../src/shared/errors';
import { replyMismatch } from './replySchemas';

export interface Running {
  url: string;
  port: number;
  engine: Engine;
  core: CoreServer;
  dir: string;
  dbFile: string;
  ownerKey: string;
  ownerUserId: number;
  orgId: number;
  orgUserId: number;
  /** Everything the server wrote to its log. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startServer(environment: Environment = 'sandbox'): Promise<Running> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-server-'));
  const dbFile = path.join(dir, 'core.db');
  const { engine, created } = Engine.create(dbFile, environment, { email: 'owner@example.com', orgName: 'Alpha' });
  const logs: string[] = [];
  const core = createCoreServer(engine, { log: (l) => logs.push(l) });
  const { url, port } = await core.listen(0, '127.0.0.1');
  return {
    url,
    port,
    engine,
    core,
    dir,
    dbFile,
    logs,
    ownerKey: created.apiKey,
    ownerUserId: created.userId,
    orgId: created.orgId,
    orgUserId: created.orgUserId,
    async stop() {
      await core.close();
      engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RequestOptions {
  key?: string;
  bearer?: string;
  headers?: Record<string, string | string[]>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  contentType?: string | null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** One request with node:http, which sends any method and header value we ask for. */
export function request(base: string, method: string, pathname: string, o: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string | string[] | number> = { ...o.headers };
  if (o.key !== undefined) headers['x-api-key'] = o.key;
  if (o.bearer !== undefined) headers.authorization = `Bearer ${o.bearer}`;
  let payload: Buffer | undefined;
  if (o.body !== undefined) {
    payload = Buffer.isBuffer(o.body)
      ? o.body
      : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
    if (o.contentType !== null) headers['content-type'] ??= o.contentType ?? 'application/json';
    headers['content-length'] = payload.length;
  }
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: pathname, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const status = res.statusCode ?? 0;
        // Every JSON reply any server test receives is checked against the OpenAPI document.
        if (json !== undefined && /^application\/json/.test(res.headers['content-type'] ?? '')) {
          const mismatch = replyMismatch(method, pathname.split('?')[0], status, json);
          if (mismatch) {
            reject(new Error(mismatch));
            return;
          }
        }
        resolve({ status, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A client bound to one server. */
export function client(base: string) {
  return {
    get: (p: string, o?: RequestOptions) => request(base, 'GET', p, o),
    head: (p: string, o?: RequestOptions) => request(base, 'HEAD', p, o),
    post: (p: string, body: unknown, o?: RequestOptions) => request(base, 'POST', p, { ...o, body }),
    patch: (p: string, body: unknown, o?: RequestOptions) => request(base, 'PATCH', p, { ...o, body }),
    delete: (p: string, o?: RequestOptions) => request(base, 'DELETE', p, o),
    send: (method: string, p: string, o?: RequestOptions) => request(base, method, p, o),
  };
}

/** The error shape of docs/api.md, with the status that belongs to its code. */
export function isErrorReply(r: Reply): boolean {
  const e = r.json?.error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.code === 'string' &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    (ERROR_STATUS as Record<string, number>)[e.code] === r.status
  );
}

export function expectError(r: Reply, status: number, code: string): void {
  if (r.status !== status || r.json?.error?.code !== code || !isErrorReply(r)) {
    throw new Error(`expected ${status} ${code}, got ${r.status} ${r.text.slice(0, 300)}`);
  }
}

export function expectStatus(r: Reply, status: number): Reply {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

export interface World {
  orgA: number;
  orgB: number;
  owner: { userId: number; orgUserId: number; key: string };
  adminA: { userId: number; orgUserId: number; key: string; keyId: number };
  memberA: { userId: number; orgUserId: number; key: string; keyId: number };
  member2A: { userId: number; orgUserId: number };
  adminB: { userId: number; orgUserId: number; key: string; keyId: number };
}

/** Two orgs with an admin and members, every key made over HTTP by the owner. */
export async function buildWorld(s: Running): Promise<World> {
  const c = client(s.url);
  const o = { key: s.ownerKey };
  const orgB = expectStatus(await c.post('/user/orgs', { name: 'Beta' }, o), 201).json.id as number;
  const add = async (org: number, email: string, role: 'admin' | 'member') =>
    expectStatus(await c.post(`/user/org/${org}/users`, { email, firstName: 'F', lastName: 'L', role }, o), 201)
      .json as { id: number; userId: number };
  const key = async (orgUserId: number, extra: Record<string, unknown> = {}) =>
    expectStatus(await c.post('/user/apiKey', { orgUserId, name: `key of ${orgUserId}`, ...extra }, o), 201)
      .json as CreatedKey;
  const a = await add(s.orgId, 'admin.a@example.com', 'admin');
  const m = await add(s.orgId, 'member.a@example.com', 'member');
  const m2 = await add(s.orgId, 'member2.a@example.com', 'member');
  const b = await add(orgB, 'admin.b@example.com', 'admin');
  const ka = await key(a.id);
  const km = await key(m.id);
  const kb = await key(b.id);
  return {
    orgA: s.orgId,
    orgB,
    owner: { userId: s.ownerUserId, orgUserId: s.orgUserId, key: s.ownerKey },
    adminA: { userId: a.userId, orgUserId: a.id, key: ka.apiKey, keyId: ka.id },
    memberA: { userId: m.userId, orgUserId: m.id, key: km.apiKey, keyId: km.id },
    member2A: { userId: m2.userId, orgUserId: m2.id },
    adminB: { userId: b.userId, orgUserId: b.id, key: kb.apiKey, keyId: kb.id },
  };
}

/** A server with the standard world of orgs, people and keys, and a client for it. */
export async function worldOnServer(): Promise<{
  s: Running;
  w: World;
  c: ReturnType<typeof client>;
  o: { key: string };
}> {
  const s = await startServer();
  const w = await buildWorld(s);
  return { s, w, c: client(s.url), o: { key: s.ownerKey } };
}
