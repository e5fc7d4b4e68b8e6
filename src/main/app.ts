// The composition root: builds every main-process service from its adapters and wires them
// to the IPC dispatcher. Services never import ipc; only this file knows both, so the two
// layers have no cycle. Plain Node: the Electron shell and the browser test harness both
// call this, so the renderer is tested against the real thing.
import fs from 'node:fs';
import path from 'node:path';
import { isKeywardenError, KeywardenError } from '../shared/errors';
import type { Handlers } from './ipc/dispatcher';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { createHandlers, followRoll } from './ipc/handlers';
import type { SecretStore } from './secrets/types';
import { AppStore } from './services/appStore';
import { BulkRunner } from './services/bulk';
import { ClipboardGuard, type ClipboardPort } from './services/clipboardGuard';
import { KeychainService } from './services/keychain';
import { OneTimeSecrets } from './services/oneTimeSecrets';
import { Workspace, type RemoteOpener } from './services/workspace';
import type { EstateDeps } from './ipc/estateHandlers';
import { markingChanges } from './ipc/estateHandlers';
import { EstateBulk } from './services/estate/bulk';
import { openEstateSource } from './services/estate/wiring';
import { NotificationScheduler, type NotificationAdapter } from './services/estate/notifications';
import { Offboarding } from './services/estate/offboard';
import { EstateService } from './services/estate/service';

export interface MainServicesOptions {
  dataDir: string;
  secretStore: SecretStore;
  clipboard: ClipboardPort;
  nativeBinding?: string;
  /** The local engines' clock (their rotation sweeper and expiry); tests give a manual one. */
  now?: () => number;
  /** Opens remote profiles; absent, they report UNAVAILABLE. */
  openRemote?: RemoteOpener;
  /** "Test connection"; given the keychain so a saved profile can be tested without re-pasting its key. */
  testConnection?: (
    input: Parameters<Handlers['testConnection']>[0],
    ctx: {
      savedProfile(profileId: number): { url: string | null; environment: 'sandbox' | 'production' };
      getCredential(profileId: number): Promise<string | null>;
    },
  ) => ReturnType<Handlers['testConnection']>;
  clipboardClearMs?: number;
  /** Shows expiry notifications (Electron's Notification in the shell); absent, they are only counted. */
  notify?: NotificationAdapter;
  /** The estate's clock and per-remote-profile time limit (tests). */
  estate?: { now?: () => number; remoteTimeLimitMs?: number; startNotifications?: boolean };
  onUnexpected?: (op: string, error: unknown) => void;
}

export interface MainServices {
  dispatch: Dispatch;
  /** This data dir's identity in the OS keychain (see KeychainService). */
  installId: string;
  workspace: Workspace;
  /** The app's keychain entries (the CLI's --save-to-keychain and exec use the same ones). */
  keychain: KeychainService;
  bulk: BulkRunner;
  /** Where main holds raw keys while their one-time dialog is open (and nowhere else). */
  secrets: OneTimeSecrets;
  estate: EstateDeps;
  close(): Promise<void>;
}

export async function createMainServices(o: MainServicesOptions): Promise<MainServices> {
  fs.mkdirSync(o.dataDir, { recursive: true });
  const store = new AppStore(path.join(o.dataDir, 'keywarden-app.db'), o.nativeBinding);
  const secrets = new OneTimeSecrets();
  const keychain = new KeychainService(store, o.secretStore);
  const clipboard = new ClipboardGuard(o.clipboard, o.clipboardClearMs);
  const bulk = new BulkRunner((handle) => secrets.peek(handle));
  const workspace = new Workspace({
    dataDir: o.dataDir,
    store,
    keychain,
    secrets,
    openRemote: o.openRemote,
    nativeBinding: o.nativeBinding,
    now: o.now,
  });
  workspace.ensureFirstProfile();
  // A keychain that cannot be reached now (locked, no Secret Service) is retried next start.
  await keychain.migrateLegacyCredentials().catch((e) => {
    if (!isKeywardenError(e)) o.onUnexpected?.('migrateLegacyCredentials', e);
  });
  await keychain.migrateLegacyExports().catch((e) => {
    if (!isKeywardenError(e)) o.onUnexpected?.('migrateLegacyExports', e);
  });
  const testConnection: Handlers['testConnection'] = o.testConnection
    ? (input) =>
        o.testConnection!(input, {
          savedProfile: (id) => store.profile(id),
          getCredential: (id) => keychain.getCredential(id),
        })
    : () => {
        throw new KeywardenError('UNAVAILABLE', 'remote profiles are not available in this build');
      };
  const estateService = new EstateService({
    listProfiles: () => store.listProfiles(),
    openSource: (p) => openEstateSource(p, { keychain, openRemote: o.openRemote, nativeBinding: o.nativeBinding }),
    remoteTimeLimitMs: o.estate?.remoteTimeLimitMs,
    now: o.estate?.now,
  });
  const estate: EstateDeps = {
    service: estateService,
    bulk: new EstateBulk(
      estateService,
      (profile, k, replacesKeyId) =>
        followRoll(keychain, profile.id, replacesKeyId, k, secrets.holdCreated(profile.id, k, replacesKeyId)),
      (handle) => secrets.peek(handle),
    ),
    offboarding: new Offboarding(estateService),
    notifications: new NotificationScheduler({
      estate: estateService,
      store,
      adapter: o.notify ?? { show: () => {} },
      now: o.estate?.now,
    }),
  };
  const handlers = markingChanges(
    createHandlers({ workspace, secrets, clipboard, keychain, bulk, estate, testConnection }),
    estateService,
  );
  const dispatch = createDispatcher(handlers, { onUnexpected: o.onUnexpected });
  // On start and every 6 hours; only where something can show them (the shell, the harness).
  if (o.notify && o.estate?.startNotifications !== false) estate.notifications.start();
  return {
    dispatch,
    installId: keychain.installId,
    workspace,
    keychain,
    bulk,
    secrets,
    estate,
    async close() {
      estate.notifications.close();
      await estateService.close();
      await clipboard.clear();
      secrets.forgetAll();
      await workspace.closeCurrent();
      store.close();
    },
  };
}
