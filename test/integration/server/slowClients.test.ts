// Slow and stalled clients (issue 8 item 5, docs/cli.md): hundreds of connections that
// send half their headers, half their body, nothing at all, or garbage and then hang
// on must neither keep legitimate requests from being answered nor keep their sockets
// for ever. The limits are made small here so "eventually" comes soon; nothing below
// asserts how soon.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { createCoreServer, type CoreServer } from '../../../src/main/server';

interface Started {
  core: CoreServer;
  engine: Engine;
  port: number;
  url: string;
  key: string;
  dir: string;
}

const running: Started[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const r of running.splice(0)) {
    await r.core.close();
    r.engine.close();
    fs.rmSync(r.dir, { recursive: true, force: true });
  }
});

async function start(maxConnections: number): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-slow-'));
  const { engine, created } = Engine.create(path.join(dir, 'core.db'), 'sandbox', { email: 'owner@example.com' });
  const core = createCoreServer(engine, {
    log: () => {},
    limits: {
      headersTimeoutMs: 1500,
      requestTimeoutMs: 3000,
      keepAliveTimeoutMs: 1000,
      idleTimeoutMs: 4000,
      checkIntervalMs: 250,
      maxConnections,
    },
  });
  const { port, url } = await core.listen(0, '127.0.0.1');
  const r = { core, engine, port, url, key: created.apiKey, dir };
  running.push(r);
  return r;
}

interface Held {
  socket: net.Socket;
  /** The server let go: it closed its side (a FIN or a reset), or refused the connection. */
  released: Promise<void>;
}

/** A connection that sends `bytes` (maybe nothing) and then neither sends more nor closes its side. */
function hold(port: number, bytes: string): Promise<Held> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    sockets.push(socket);
    const released = new Promise<void>((done) => {
      socket.once('close', () => done());
      socket.once('end', () => done());
    });
    socket.on('error', () => {});
    // Read (and drop) whatever comes, so that the server's FIN is seen as 'end'.
    socket.resume();
    socket.once('connect', () => {
      if (bytes) socket.write(bytes);
      resolve({ socket, released });
    });
    // Refused at the cap: closed before it ever connected.
    socket.once('close', () => resolve({ socket, released }));
  });
}

function stalledKinds(key: string): string[] {
  return [
    '',
    'GET /user/users/me HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-',
    `POST /user/orgs HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${key}\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"name":"`,
    'THIS IS NOT HTTP\r\n\r\n',
  ];
}

const connections = (s: Started): Promise<number> =>
  new Promise((resolve, reject) => s.core.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

/**
 * The server holds no connection any more. Its side is what counts: a half-open client
 * (allowHalfOpen, never ending its side) keeps its own socket after the server's FIN,
 * and before the fix the server kept its socket too, waiting for that client forever.
 */
async function allReleased(s: Started, held: Held[]): Promise<void> {
  await Promise.all(held.map((h) => h.released));
  while ((await connections(s)) > 0) await new Promise((r) => setTimeout(r, 100));
}

async function realCall(s: Started): Promise<number> {
  const r = await fetch(`${s.url}/user/users/me`, { headers: { 'x-api-key': s.key } });
  await r.arrayBuffer();
  return r.status;
}

describe('slow and stalled clients', () => {
  it('hundreds of stalled sockets do not keep real requests from succeeding, and are all destroyed', async () => {
    const s = await start(2000);
    const kinds = stalledKinds(s.key);
    const held: Held[] = [];
    for (let i = 0; i < 400; i++) held.push(await hold(s.port, kinds[i % kinds.length]));
    // Every one of them is connected and stalled while real calls go through.
    const statuses = await Promise.all(Array.from({ length: 20 }, () => realCall(s)));
    expect(statuses).toEqual(Array(20).fill(200));
    // The server lets go of every stalled socket on its own: the client never closes them.
    await allReleased(s, held);
    expect(await realCall(s)).toBe(200);
  }, 60_000);

  it('a connection cap refuses connections past it, and real requests succeed again once the stalled ones are gone', async () => {
    const s = await start(50);
    const held: Held[] = [];
    for (let i = 0; i < 80; i++) held.push(await hold(s.port, ''));
    expect(await connections(s)).toBeLessThanOrEqual(50);
    await allReleased(s, held);
    expect(await realCall(s)).toBe(200);
  }, 60_000);
});
