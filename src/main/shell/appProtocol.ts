// The renderer is served from our own privileged scheme, app://keywarden/, instead of
// file://: under file: the CSP's 'self' admits every local file, and any file: page would
// share the renderer's origin. Plain Node (no electron import), so it is unit-tested;
// src/main/index.ts registers the scheme and hands requests to serveAppRequest.
import fs from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
const APP_HOST = 'keywarden';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** standard: real origins and relative URLs; secure: a secure context, like https. Nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: false,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** Content types of the files a renderer build holds; the test harness serves the same build with them. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The file under `root` that an app:// URL names, or null: another scheme or host, a path
 * that escapes root (encoded or not), or a malformed escape.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  return file.startsWith(base + path.sep) ? file : null;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** What app://keywarden/<path> answers: the built renderer's file, with the header CSP. */
export async function serveAppRequest(root: string, requestUrl: string, csp: string): Promise<AppResponse> {
  const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff' };
  const file = resolveAppFile(root, requestUrl);
  if (file) {
    try {
      const body = await fs.promises.readFile(file);
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      return { status: 200, headers: { ...headers, 'content-type': type }, body };
    } catch {
      // A directory or a missing file: the same plain 404.
    }
  }
  return { status: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'not found' };
}

/**
 * ELECTRON_RENDERER_URL (electron-vite's dev server) is honoured only in a development
 * build that is not packaged, and only for a dev server on this machine; everything else
 * loads app://keywarden/index.html. A packaged app must never load a URL from its
 * environment.
 */
export function chooseRendererUrl(o: { isPackaged: boolean; devBuild: boolean; envUrl: string | undefined }): string {
  if (o.isPackaged || !o.devBuild || !o.envUrl) return APP_INDEX_URL;
  try {
    const u = new URL(o.envUrl);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && loopback && !u.username && !u.password) return u.href;
  } catch {
    // not a URL: fall through to the built renderer
  }
  return APP_INDEX_URL;
}
