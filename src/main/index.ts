// The Electron shell: window, hardening, and wiring. Kept thin on purpose — everything it
// calls is plain Node and tested without Electron (see README "What runs where").
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, clipboard, ipcMain, Notification, protocol, session, shell } from 'electron';
import { registerIpc } from './ipc/register';
import { createKeytarStore } from './secrets/keytarStore';
import { createMainServices, type MainServices } from './app';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, chooseRendererUrl, serveAppRequest } from './shell/appProtocol';
import { headerCsp } from './shell/csp';
import { isAllowedExternal } from './shell/external';
import { electronSqliteBinding } from './shell/nativeBinding';
import { remoteAdapters } from './shell/remote';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  let win: BrowserWindow | null = null;
  let services: MainServices | null = null;

  const rendererRoot = path.join(__dirname, '../renderer');
  const rendererUrl = chooseRendererUrl({
    isPackaged: app.isPackaged,
    devBuild: import.meta.env.DEV === true,
    envUrl: process.env.ELECTRON_RENDERER_URL,
  });
  // Must happen before ready: app:// gets real origins (standard) and a secure context.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  // No navigation, no new windows, no webviews, no permissions, in any web contents.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const csp = headerCsp(fs.readFileSync(path.join(rendererRoot, 'index.html'), 'utf8'));
    protocol.handle(APP_SCHEME, async (request) => {
      const r = await serveAppRequest(rendererRoot, request.url, csp);
      return new Response(typeof r.body === 'string' ? r.body : new Uint8Array(r.body), {
        status: r.status,
        headers: r.headers,
      });
    });
    // The dev server's responses (development builds only) get the same header CSP.
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });

    services = await createMainServices({
      dataDir: path.join(app.getPath('userData'), 'data'),
      secretStore: createKeytarStore(),
      clipboard: { readText: () => clipboard.readText(), writeText: (t) => clipboard.writeText(t) },
      nativeBinding: electronSqliteBinding(app.getAppPath()),
      ...remoteAdapters(),
      // A click brings the window forward; the renderer then asks which key to open.
      notify: {
        show: (n, onClick) => {
          if (!Notification.isSupported()) return;
          const shown = new Notification({ title: n.title, body: n.body });
          shown.on('click', () => {
            onClick();
            if (win?.isMinimized()) win.restore();
            win?.focus();
          });
          shown.show();
        },
      },
      onUnexpected: (op, error) =>
        console.error(`operation ${op} failed:`, error instanceof Error ? error.stack : error),
    });
    registerIpc(ipcMain, services.dispatch, { windowId: () => win?.webContents.id ?? null, rendererUrl });

    win = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'Keywarden',
      webPreferences: {
        preload: path.join(__dirname, '../preload/index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => {
      win = null;
    });
    await win.loadURL(rendererUrl);
  });

  // Flush pending lastUsedAt writes and close every database before the process ends.
  let closing = false;
  app.on('before-quit', (e) => {
    if (closing || !services) return;
    e.preventDefault();
    closing = true;
    void services.close().finally(() => app.exit(0));
  });

  app.on('window-all-closed', () => app.quit());
}
