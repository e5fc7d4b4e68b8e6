// The connection layer's limits (docs/cli.md): slow or stalled clients cannot starve the
// server. Every phase of a connection has a time limit, whatever is stalled is
// destroyed (not merely ended: a peer that never closes its side would keep a half-open
// socket and its descriptor for ever), and the number of connections is capped so that
// descriptors run out for no one.
import http from 'node:http';
import type { Duplex } from 'node:stream';

export interface ConnectionLimits {
  /** Time from the connection (or the previous reply) to a request's complete headers. */
  headersTimeoutMs: number;
  /** Time for a whole request, body included. */
  requestTimeoutMs: number;
  /** Silence allowed between requests on a kept-alive connection. */
  keepAliveTimeoutMs: number;
  /** Silence allowed at any point of a connection before it is destroyed. */
  idleTimeoutMs: number;
  /** Connections served at once; more are refused until some close. */
  maxConnections: number;
  /** How often the header and request limits are enforced. */
  checkIntervalMs: number;
}

const DEFAULT_LIMITS: ConnectionLimits = {
  // Longer than the usual client pool idle time (undici: 4 s) so reused sockets are not
  // closed under a request; the header limit must exceed it.
  keepAliveTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  // A 10 MiB upload at a slow 100 kB/s.
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  // Well under the common 1,024-descriptor default, leaving room for the database and logs.
  maxConnections: 512,
  checkIntervalMs: 1_000,
};

const BAD_REQUEST = JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'malformed HTTP request' } });
const TIMED_OUT = JSON.stringify({
  error: { code: 'BAD_REQUEST', message: 'the request did not arrive in time' },
});

function reply(status: string, body: string): string {
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** A node:http server that enforces `limits` on every connection. */
export function createLimitedServer(
  limits: Partial<ConnectionLimits>,
  handler: http.RequestListener,
): { server: http.Server; limits: ConnectionLimits } {
  const l = { ...DEFAULT_LIMITS, ...limits };
  const server = http.createServer(
    {
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      keepAliveTimeout: l.keepAliveTimeoutMs,
      connectionsCheckingInterval: l.checkIntervalMs,
    },
    handler,
  );
  server.maxConnections = l.maxConnections;
  // With no 'timeout' listener, node destroys a socket silent for this long.
  server.timeout = l.idleTimeoutMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    // Written, then destroyed: end() alone would wait for the peer's FIN, which a
    // stalled or hostile client never sends.
    // 400 for a late request too: docs/rules.md has no other status for bad input.
    socket.end(reply('400 Bad Request', timedOut ? TIMED_OUT : BAD_REQUEST), () => socket.destroy());
    // If the peer does not read the reply either, the write never completes.
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  return { server, limits: l };
}
