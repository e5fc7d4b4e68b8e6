// The browser harness: serves the built renderer with the app's CSP and backs its
// `window.keywarden` with the real main-process services (SQLite profiles, keytar, bulk
// jobs), so Playwright drives the renderer against the real thing minus Electron.
// A development tool, not a product mode: every operation needs the per-run token that
// only the printed URL carries, and unless told otherwise it runs on a throwaway data dir
// and a private, throwaway keyring, so it can never read or overwrite the app's secrets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createKeytarStore } from '../../src/main/secrets/keytarStore';
import type { SecretStore } from '../../src/main/secrets/types';
import { createMainServices, type MainServices } from '../../src/main/app';
import { remoteAdapters } from '../../src/main/shell/remote';
import type { KeyNotification } from '../../src/main/services/estate/notifications';
import { usePrivateKeyring } from '../integration/keychain/privateKeyring';
import { BRIDGE_PATH, IPC_PREFIX, TOKEN_HEADER, TOKEN_PARAM, bridgeSource } from './bridge';
import { RENDERER_OUT, ensureRendererBuilt } from './build';
import { headerCsp } from '../../src/main/shell/csp';
import { CONTENT_TYPES } from '../../src/main/shell/appProtocol';

export class MemoryClipboard {
  text = '';
  readText(): string {
    return this.text;
  }
  writeText(s: string): void {
    this.text = s;
  }
}

export interface HarnessOptions {
  port?: number;
  /** Kept as is when given; otherwise a fresh temp dir, removed on close. */
  dataDir?: string;
  /** Wins over `keyring` when given. */
  secretStore?: SecretStore;
  /**
   * 'private' (default): a throwaway Secret Service on a private D-Bus session started for
   * this process (or the one `npm test` already runs in). 'system': the desktop's own
   * keyring — only when asked for explicitly.
   */
  keyring?: 'private' | 'system';
  clipboardClearMs?: number;
  build?: boolean;
  log?: (line: string) => void;
  /**
   * The local profiles' engine clock and the estate's (e.g. a manual clock for the rotation
   * sweeper, or for expiry notifications driven with services.estate.notifications.runOnce()).
   */
  now?: () => number;
}

export interface Harness {
  /** Where to open the app: the origin plus `#token=…`; the bridge reads the token from the fragment. */
  url: string;
  origin: string;
  /** Required on every operation, in the x-keywarden-harness-token header. */
  token: string;
  keyring: 'private' | 'system' | 'given';
  port: number;
  dataDir: string;
  clipboard: MemoryClipboard;
  /** Every expiry notification shown, in order (the shell shows them; here they are recorded). */
  notifications: KeyNotification[];
  services: MainServices;
  close(): Promise<void>;
}

const BODY_MAX = 2 * 1024 * 1024;

/** Every file under dir by URL path ("/assets/x.js"); only these can ever be served. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, `${prefix}/${e.name}`);
      else if (e.isFile()) out.set(`${prefix}/${e.name}`, fs.readFileSync(p));
    }
  };
  walk(dir, '');
  return out;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_MAX) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const log = o.log ?? (() => {});
  if (o.build !== false) ensureRendererBuilt(log);
  // A snapshot in memory: a build running elsewhere (it empties out/renderer first) cannot
  // break a harness that is already serving.
  const files = snapshot(RENDERER_OUT);
  const indexHtml = files.get('/index.html')?.toString('utf8');
  if (indexHtml === undefined) throw new Error(`${RENDERER_OUT}/index.html is missing: run npx electron-vite build`);
  const csp = headerCsp(indexHtml);
  // The bridge must exist before the app's module script runs, as the preload's would.
  const served = indexHtml.replace(/<script\b/, `<script src="${BRIDGE_PATH}"></script>\n    <script`);
  const bridge = bridgeSource();

  const keyring = o.secretStore ? 'given' : (o.keyring ?? 'private');
  if (keyring === 'private') await usePrivateKeyring();
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const hasToken = (given: string | string[] | undefined): boolean => {
    if (typeof given !== 'string') return false;
    const b = Buffer.from(given);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };

  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kw-harness-'));
  const clipboard = new MemoryClipboard();
  const notifications: KeyNotification[] = [];
  const services = await createMainServices({
    dataDir,
    secretStore: o.secretStore ?? createKeytarStore(),
    clipboard,
    clipboardClearMs: o.clipboardClearMs,
    now: o.now,
    notify: { show: (n) => notifications.push(n) },
    // No 6-hourly timer: a test runs the check when its clock says so.
    estate: { now: o.now, startNotifications: false },
    ...remoteAdapters(),
    onUnexpected: (op, e) => log(`operation ${op} failed unexpectedly: ${e instanceof Error ? e.stack : String(e)}`),
  });

  let origin = '';
  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(body);
  };
  const envelope = (res: http.ServerResponse, value: unknown) =>
    send(res, 200, 'application/json', JSON.stringify(value));

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith(IPC_PREFIX)) {
        // Like main's sender check: only our own page may call. The token is what makes it
        // ours (any local process can send or omit an Origin); Host and Origin also turn
        // away DNS-rebinding and other sites' pages before the token is even looked at.
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        if (req.headers.host !== new URL(origin).host) return send(res, 403, 'text/plain', 'foreign host');
        if (req.headers.origin !== undefined && req.headers.origin !== origin)
          return send(res, 403, 'text/plain', 'foreign origin');
        if (!hasToken(req.headers[TOKEN_HEADER])) return send(res, 401, 'text/plain', 'missing or wrong harness token');
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
          return send(res, 415, 'text/plain', 'JSON only');
        const op = url.pathname.slice(IPC_PREFIX.length);
        let payload: unknown;
        try {
          const body = JSON.parse(await readBody(req)) as { payload?: unknown };
          payload = body && typeof body === 'object' ? body.payload : undefined;
        } catch {
          return envelope(res, { ok: false, error: { code: 'BAD_REQUEST', message: 'the request body is not JSON' } });
        }
        return envelope(res, await services.dispatch(op, payload));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
      if (url.pathname === BRIDGE_PATH) return send(res, 200, CONTENT_TYPES['.js'], bridge);
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, CONTENT_TYPES['.html'], served);
      const body = files.get(url.pathname);
      if (!body) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, CONTENT_TYPES[path.extname(url.pathname)] ?? 'application/octet-stream', body);
    } catch (e) {
      log(`harness request failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'harness error');
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  let closed = false;
  return {
    url: `${origin}/#${TOKEN_PARAM}=${token}`,
    origin,
    token,
    keyring,
    port,
    dataDir,
    clipboard,
    notifications,
    services,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
