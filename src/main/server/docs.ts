// The API describing itself, without a key: GET /openapi.json (built from the route table)
// and GET /docs, Swagger UI served from the swagger-ui-dist package's own files. The page
// runs no inline script, so its CSP can forbid everything but our own origin.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openApiJson } from '../api/openapi';

const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Keywarden Core API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" href="/docs/favicon.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// Points Swagger UI at the document; a file of its own because the CSP allows no inline script.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

let distDir: string | null = null;
function distFile(name: string): Buffer {
  distDir ??= path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return fs.readFileSync(path.join(distDir, name));
}

interface Asset {
  type: string;
  body: () => Buffer | string;
}

const ASSETS: Record<string, Asset> = {
  '/openapi.json': { type: 'application/json; charset=utf-8', body: openApiJson },
  '/docs': { type: 'text/html; charset=utf-8', body: () => PAGE },
  '/docs/favicon.png': { type: 'image/png', body: () => distFile('favicon-32x32.png') },
  '/docs/init.js': { type: 'text/javascript; charset=utf-8', body: () => INIT },
  '/docs/swagger-ui.css': { type: 'text/css; charset=utf-8', body: () => distFile('swagger-ui.css') },
  '/docs/swagger-ui-bundle.js': {
    type: 'text/javascript; charset=utf-8',
    body: () => distFile('swagger-ui-bundle.js'),
  },
};

const cache = new Map<string, Buffer>();

/** Answers the request if it is for the document or the docs page; false to let the router have it. */
export function serveDocs(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  const asset = ASSETS[pathname];
  if (!asset) return false;
  let bytes = cache.get(pathname);
  if (!bytes) {
    const body = asset.body();
    bytes = typeof body === 'string' ? Buffer.from(body) : body;
    cache.set(pathname, bytes);
  }
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': bytes.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': DOCS_CSP,
  });
  res.end(method === 'HEAD' ? undefined : bytes);
  return true;
}
