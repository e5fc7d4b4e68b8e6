// Issue 8 item 10: the renderer loads from app://keywarden/ (never file://), the dev
// server's URL only in an unpacked development build, and app:// serves nothing outside
// the built renderer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  chooseRendererUrl,
  resolveAppFile,
  serveAppRequest,
} from '../../../src/main/shell/appProtocol';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-approot-'));
fs.mkdirSync(path.join(root, 'assets'));
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>k</title>');
fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'console.log(1)');
const outside = path.join(path.dirname(root), `${path.basename(root)}-secret.txt`);
fs.writeFileSync(outside, 'not for the renderer');
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { force: true });
});

describe('issue 8 item 10: the renderer URL', () => {
  it('is app://keywarden/index.html in a packaged or production build, whatever the environment says', () => {
    expect(APP_INDEX_URL).toBe('app://keywarden/index.html');
    const dev = 'http://localhost:5173/';
    expect(chooseRendererUrl({ isPackaged: true, devBuild: true, envUrl: dev })).toBe(APP_INDEX_URL);
    expect(chooseRendererUrl({ isPackaged: false, devBuild: false, envUrl: dev })).toBe(APP_INDEX_URL);
    expect(chooseRendererUrl({ isPackaged: false, devBuild: true, envUrl: undefined })).toBe(APP_INDEX_URL);
  });

  it('honours ELECTRON_RENDERER_URL only in an unpacked dev build, and only for a dev server on this machine', () => {
    expect(chooseRendererUrl({ isPackaged: false, devBuild: true, envUrl: 'http://localhost:5173/' })).toBe(
      'http://localhost:5173/',
    );
    for (const envUrl of [
      'https://attacker.example/',
      'file:///tmp/evil.html',
      'http://user:pw@localhost:1/',
      'nonsense',
    ])
      expect(chooseRendererUrl({ isPackaged: false, devBuild: true, envUrl })).toBe(APP_INDEX_URL);
  });

  it('registers app: as standard and secure, with no extra powers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false });
  });
});

describe('issue 8 item 10: app:// serves only the built renderer', () => {
  it('maps our host to files under the renderer root', () => {
    expect(resolveAppFile(root, 'app://keywarden/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://keywarden/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://keywarden/assets/a.js?v=1#x')).toBe(path.join(root, 'assets', 'a.js'));
  });

  it('refuses other hosts, schemes and every way out of the root', () => {
    const name = `${path.basename(root)}-secret.txt`;
    for (const url of [
      'app://other/index.html',
      'app://keywarden:8080/index.html',
      'file:///etc/passwd',
      'https://keywarden/index.html',
      `app://keywarden/assets/%2e%2e%2f%2e%2e%2f${name}`,
      'app://keywarden/%E0%A4%A',
      'app://keywarden/a%00.js',
      'app://keywarden/..%5c..%5cx',
    ])
      expect(resolveAppFile(root, url), url).toBeNull();
    // ../ and %2e%2e/ are dot segments the URL parser resolves itself, inside our host.
    expect(resolveAppFile(root, `app://keywarden/../${name}`)).toBe(path.join(root, name));
    expect(resolveAppFile(root, `app://keywarden/%2e%2e/${name}`)).toBe(path.join(root, name));
  });

  it('answers with the header CSP on every response, 404 for what is not there', async () => {
    const ok = await serveAppRequest(root, 'app://keywarden/assets/a.js', "default-src 'none'");
    expect(ok).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(ok.headers['content-security-policy']).toBe("default-src 'none'");
    for (const url of [
      'app://keywarden/missing.js',
      'app://keywarden/assets',
      `app://keywarden/%2e%2e/${path.basename(outside)}`,
    ]) {
      const r = await serveAppRequest(root, url, 'x');
      expect(r.status, url).toBe(404);
      expect(r.headers['content-security-policy']).toBe('x');
    }
  });
});
