// The browser harness: serves the built renderer with the app's CSP and backs its
// `window.keywarden` with the real main-process services (SQLite profiles, keytar, bulk
// jobs), so Playwright drives the renderer against the real thing minus Electron.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createKeytarStore } from '../../src/main/secrets/keytarStore';
import type { SecretStore } from '../../src/main/secrets/types';
import { createMainServices, type MainServices } from '../../src/main/services';
import { remoteAdapters } from '../../src/main/shell/remote';
import { BRIDGE_PATH, IPC_PREFIX, bridgeSource } from './bridge';
import { RENDERER_OUT, ensureRendererBuilt } from './build';
import { rendererCsp } from '../../src/main/shell/csp';

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
  secretStore?: SecretStore;
  clipboardClearMs?: number;
  build?: boolean;
  log?: (line: string) => void;
}

export interface Harness {
  url: string;
  port: number;
  dataDir: string;
  clipboard: MemoryClipboard;
  services: MainServices;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
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
  const csp = rendererCsp(indexHtml);
  // The bridge must exist before the app's module script runs, as the preload's would.
  const served = indexHtml.replace(/<script\b/, `<script src="${BRIDGE_PATH}"></script>\n    <script`);
  const bridge = bridgeSource();

  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kw-harness-'));
  const clipboard = new MemoryClipboard();
  const services = await createMainServices({
    dataDir,
    secretStore: o.secretStore ?? createKeytarStore(),
    clipboard,
    clipboardClearMs: o.clipboardClearMs,
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
        // Like main's sender check: only our own page may call, never another local site.
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        if (req.headers.origin !== undefined && req.headers.origin !== origin)
          return send(res, 403, 'text/plain', 'foreign origin');
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
      if (url.pathname === BRIDGE_PATH) return send(res, 200, TYPES['.js'], bridge);
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, TYPES['.html'], served);
      const body = files.get(url.pathname);
      if (!body) return send(res, 404, 'text/plain', 'not found');
      return send(res, 200, TYPES[path.extname(url.pathname)] ?? 'application/octet-stream', body);
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
    url: origin,
    port,
    dataDir,
    clipboard,
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
