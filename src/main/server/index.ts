// The Core HTTP server (docs/api.md): plain node:http in front of the engine. The engine
// verifies keys and checks permissions; this layer routes, parses, validates and maps
// errors to `{"error": {code, message}}`.
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeywardenError, isKeywardenError } from '../../shared/errors';
import { MAX_UPLOAD_BYTES, type Actor, type Engine, type Upload } from '../engine';
import { queryTypes, validate, type AnyRoute, type BytesReply, type QueryType } from '../api/route';
import { ROUTE_TABLE } from '../api/routes';
import { createLimitedServer, type ConnectionLimits } from './connections';
import {
  checkDeclaredLength,
  JSON_LIMIT,
  queryObject,
  readJson,
  redact,
  sendError,
  sendJson,
  sendRefusal,
} from './http';
import { serveDocs } from './docs';
import { Router } from './router';
import { MULTIPART_OVERHEAD, readUpload } from './upload';

export interface CoreServerOptions {
  /** Where unexpected errors are reported; never given a request header or body. Default: stderr. */
  log?: (line: string) => void;
  /** Time limits and the connection cap; defaults in ./connections. */
  limits?: Partial<ConnectionLimits>;
}

export interface CoreServer {
  server: http.Server;
  listen(port: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

/** Every route of the table (src/main/api/routes.ts), which is where routes are declared. */
export const ROUTES: readonly AnyRoute[] = Object.values(ROUTE_TABLE);

/** A route as served: its query's field types worked out once, at start. */
interface Served {
  method: AnyRoute['method'];
  path: string;
  route: AnyRoute;
  query: Record<string, QueryType>;
}

const HOST_HEADER = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** `x-api-key` wins over `Authorization: Bearer` (rule 14). */
function credential(req: IncomingMessage): { raw: string | undefined; scheme: 'x-api-key' | 'bearer' | 'other' } {
  const x = req.headers['x-api-key'];
  if (x !== undefined) return { raw: Array.isArray(x) ? x.join(', ') : x, scheme: 'x-api-key' };
  const auth = req.headers.authorization;
  if (auth === undefined) return { raw: undefined, scheme: 'x-api-key' };
  const m = /^Bearer(?:[ \t]+(\S*))?[ \t]*$/i.exec(auth);
  // Any other scheme, a bare key included, is malformed: prefixing the value makes sure it
  // fails the format check (and is audited as such) instead of being taken as a key.
  return m ? { raw: m[1] ?? '', scheme: 'bearer' } : { raw: `Authorization ${auth}`, scheme: 'other' };
}

interface RequestContext {
  actor: Actor | null;
  route: AnyRoute | null;
}

export function createCoreServer(engine: Engine, opts: CoreServerOptions = {}): CoreServer {
  const router = new Router<Served>(
    ROUTES.map((route) => ({ method: route.method, path: route.path, route, query: queryTypes(route.query) })),
  );
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let fallbackOrigin = 'http://127.0.0.1';

  /** The caller, or null once its refusal has been answered. */
  function authenticate(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    scope: 'rest' | 'integration',
  ): Actor | null {
    const { raw, scheme } = credential(req);
    const header = req.headers['impersonate-user-id'];
    const impersonate = header === undefined ? null : Array.isArray(header) ? header.join(', ') : header;
    const ua = req.headers['user-agent'];
    const r = engine.verify(raw, {
      method,
      scope,
      impersonate,
      ip: req.socket.remoteAddress ?? null,
      userAgent: ua === undefined ? null : ua,
    });
    if (!('code' in r)) return r;
    // Any other scheme than Bearer was made to fail the format check; say why in its terms.
    if (scheme === 'other' && r.code === 'MALFORMED_KEY')
      sendRefusal(res, 'MALFORMED_KEY', 'the Authorization header must be "Bearer <key>"');
    else sendRefusal(res, r.code, r.reason);
    return null;
  }

  function origin(req: IncomingMessage): string {
    const host = req.headers.host;
    return host && HOST_HEADER.test(host) ? `http://${host}` : fallbackOrigin;
  }

  function send(res: ServerResponse, route: AnyRoute, out: unknown): void {
    if (route.reply === 'bytes') {
      const { bytes, headers } = out as BytesReply;
      res.writeHead(route.status, { ...headers, 'content-length': bytes.length });
      res.end(bytes);
    } else if (route.status === 204) {
      res.writeHead(204, ['cache-control', 'no-store']);
      res.end();
    } else {
      sendJson(res, route.status, out);
    }
  }

  /**
   * Routes, verifies and parses what needs no body synchronously; only a route that reads
   * a body returns a promise. Most calls are GETs, and this is their whole path.
   */
  function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> | void {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    if (serveDocs(req, res, pathname)) return;
    const match = router.match(method, pathname);
    if (!match.ok) {
      sendError(res, match.error, match.allow ? { allow: match.allow } : undefined);
      return;
    }
    const { route, query: types } = match.route;
    checkDeclaredLength(req, route.multipart ? MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD : JSON_LIMIT);
    const actor = authenticate(req, res, method, route.scope ?? 'rest');
    if (actor === null) return;
    ctx.actor = actor;
    ctx.route = route;
    const text = q === -1 || q === url.length - 1 ? {} : queryObject(new URLSearchParams(url.slice(q + 1)), types);
    const query = route.query ? validate(route.query, text) : text;
    // No closure per request on this path: under tsx (keepNames) each named one costs an
    // Object.defineProperty call as well as the allocation.
    if (route.multipart)
      return readUpload(req, MAX_UPLOAD_BYTES).then((upload) =>
        respond(req, res, route, actor, match.params, query, undefined, upload),
      );
    if (!route.body) return respond(req, res, route, actor, match.params, query, undefined, null);
    return readJson(req, route.bodyOptional).then((json) =>
      respond(req, res, route, actor, match.params, query, validate(route.body, json), null),
    );
  }

  function respond(
    req: IncomingMessage,
    res: ServerResponse,
    route: AnyRoute,
    actor: Actor,
    params: Record<string, number>,
    query: unknown,
    body: unknown,
    upload: Upload | null,
  ): void {
    send(res, route, route.handle(engine, actor, new Input(params, query, body, upload, req)));
  }

  /**
   * A handler's input. `origin` is worked out only when a handler reads it (one route does):
   * a getter, where binding a function for every request showed as a microsecond per call in the profile.
   */
  class Input {
    constructor(
      readonly params: Record<string, number>,
      readonly query: unknown,
      readonly body: unknown,
      readonly upload: Upload | null,
      private readonly req: IncomingMessage,
    ) {}

    get origin(): string {
      return origin(this.req);
    }
  }

  function onError(req: IncomingMessage, res: ServerResponse, e: unknown, ctx: RequestContext): void {
    // A verified caller whose request failed outside the engine's own logging (bad body,
    // bad query) is still an authenticated call: it goes in the audit (rule 12).
    if (ctx.actor && ctx.route && isKeywardenError(e)) engine.auditRejected(ctx.actor, ctx.route, e);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (isKeywardenError(e)) {
      // Past a body limit the rest of the body is not read: the connection cannot be reused.
      sendError(res, e, e.code === 'PAYLOAD_TOO_LARGE' ? { connection: 'close' } : undefined);
      return;
    }
    const detail = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : 'a non-Error was thrown';
    log(`keywarden: internal error on ${req.method} ${(req.url ?? '').split('?')[0].slice(0, 200)}: ${redact(detail)}`);
    sendError(res, new KeywardenError('INTERNAL', 'internal error'));
  }

  const { server } = createLimitedServer(opts.limits ?? {}, (req, res) => {
    const ctx: RequestContext = { actor: null, route: null };
    try {
      handle(req, res, ctx)?.catch((e: unknown) => onError(req, res, e, ctx));
    } catch (e) {
      onError(req, res, e, ctx);
    }
  });

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const addr = server.address() as AddressInfo;
          const url = `http://${hostForUrl(addr.address)}:${addr.port}`;
          fallbackOrigin = url;
          resolve({ host: addr.address, port: addr.port, url });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        // Idle keep-alive sockets would hold close() open; busy ones get a moment to finish.
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
