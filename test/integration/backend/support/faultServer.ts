// Misbehaving servers on real sockets (127.0.0.1, port 0) for the fault tests. `GET
// /user/users/me` answers like a Core server so the client's first-use check passes; every
// other request gets whatever `fault` says, and every request is counted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Me } from '../../../../src/shared/domain';
import { START_LENGTH } from '../../../../src/shared/keyFormat';
import { keyMeta } from '../../../support/keyMeta';

export type Fault =
  | 'ok'
  | 'status500'
  | 'status503'
  | 'status502-once'
  | 'hang'
  | 'mid-body'
  | 'html'
  | 'html404'
  | 'wrong-shape'
  | 'bad-json'
  | 'redirect'
  | 'expired401'
  | 'huge';

export const ORG = { id: 7, name: 'Faulty Org', allowUserKeys: false, createdAt: '2030-01-01T00:00:00.000Z' };

export function meFor(credential: string): Me {
  return {
    id: 3,
    email: 'admin@example.com',
    firstName: 'Ada',
    lastName: 'Admin',
    isSuperAdmin: false,
    status: 'active',
    currentOrg: { id: ORG.id, name: ORG.name, allowUserKeys: false },
    orgUserId: 5,
    role: 'admin',
    key: keyMeta({
      id: 11,
      orgId: ORG.id,
      orgUserId: 5,
      userId: 3,
      name: 'admin key',
      start: credential.slice(0, START_LENGTH),
    }),
    impersonatedBy: null,
  };
}

export interface FaultServer {
  url: string;
  fault: Fault;
  /** Requests seen, as "METHOD /path" (no query). */
  requests: string[];
  /** The same, with the query string. */
  urls: string[];
  /** x-api-key values seen, to prove where the credential went. */
  credentials: Set<string>;
  /** Where 'redirect' points. */
  redirectTo: string;
  /** TCP connections accepted (a TLS handshake the client refused still counts one). */
  connections: number;
  count(method: string, path: string): number;
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

function handle(s: FaultServer, credential: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  s.requests.push(`${req.method} ${url.pathname}`);
  s.urls.push(`${req.method} ${url.pathname}${url.search}`);
  const key = req.headers['x-api-key'];
  if (typeof key === 'string') s.credentials.add(key);
  if (req.method === 'GET' && url.pathname.endsWith('/user/users/me')) return json(res, 200, meFor(credential));

  switch (s.fault) {
    case 'ok':
      if (req.method === 'POST') return json(res, 201, ORG);
      return json(res, 200, { items: [ORG], nextCursor: null });
    case 'status500':
      return json(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    case 'status503':
      res.writeHead(503, { 'content-type': 'text/plain' });
      return void res.end('Service Unavailable');
    case 'status502-once':
      s.fault = 'ok';
      res.writeHead(502, { 'content-type': 'text/html' });
      return void res.end('<html><body>Bad Gateway</body></html>');
    case 'hang':
      return;
    case 'mid-body':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"items":[{"id":7,"na');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
    case 'html404':
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<html><body>404 Not Found</body></html>');
    case 'wrong-shape':
      return json(res, 200, { items: [{ id: 'seven', name: 7 }], nextCursor: null });
    case 'bad-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"items": [');
    case 'redirect':
      res.writeHead(302, { location: s.redirectTo });
      return void res.end();
    case 'huge':
      return json(res, 200, { items: Array.from({ length: 2000 }, () => ORG), nextCursor: null });
    case 'expired401':
      return json(res, 401, { error: { code: 'EXPIRED', message: 'the key has expired' } });
  }
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: http.Server | https.Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const sock of sockets) sock.destroy();
      server.close(() => resolve());
    });
}

function track(server: http.Server | https.Server, s: FaultServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (sock: Socket) => {
    s.connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  return sockets;
}

export async function startFaultServer(
  credential: string,
  fault: Fault = 'ok',
  tls?: { key: Buffer; cert: Buffer },
): Promise<FaultServer> {
  const s = {
    fault,
    requests: [] as string[],
    urls: [] as string[],
    credentials: new Set<string>(),
    connections: 0,
    redirectTo: 'http://127.0.0.1:9/elsewhere',
  } as FaultServer;
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => handle(s, credential, req, res);
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : http.createServer(onRequest);
  const sockets = track(server, s);
  const port = await listen(server);
  s.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  s.count = (method, p) => s.requests.filter((r) => r === `${method} ${p}`).length;
  s.close = closer(server, sockets);
  return s;
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** A self-signed certificate for `localhost` (and only that name), made with openssl now. */
export function selfSignedCert(): { key: Buffer; cert: Buffer; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), dir };
}
