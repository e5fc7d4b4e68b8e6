// Binds every operation to its own IPC channel, after checking who is asking. Typed
// structurally so it can be exercised without Electron; src/main/index.ts passes ipcMain.
import { OPERATIONS } from '../../shared/ipc/contract';
import { channelOf } from '../../shared/ipc/operations';
import type { Dispatch } from './dispatcher';

export interface SenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown | null } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, payload: unknown) => Promise<unknown>): void;
}

export interface TrustPolicy {
  /** The webContents id of our one window. */
  windowId: () => number | null;
  /** The renderer's URL: app://keywarden/index.html, or (development builds) the dev server's. */
  rendererUrl: string;
}

/**
 * Same origin, compared part by part: scheme, host and port. URL.origin cannot be used, as
 * it is "null" for custom schemes such as app: and for file:, where every host would pass.
 * file: has no origin worth the name, so there the path must be our page exactly.
 */
function sameOrigin(actual: URL, expected: URL): boolean {
  if (actual.protocol !== expected.protocol || actual.host !== expected.host) return false;
  if (actual.username !== '' || actual.password !== '') return false;
  if (expected.protocol === 'file:') return actual.pathname === expected.pathname;
  return true;
}

/** Only the top frame of our own window, showing our own page, may call main. */
export function isTrustedSender(event: SenderEvent, policy: TrustPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (event.sender.id !== policy.windowId()) return false;
  try {
    return sameOrigin(new URL(frame.url), new URL(policy.rendererUrl));
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, policy: TrustPolicy): void {
  for (const op of OPERATIONS) {
    ipcMain.handle(channelOf(op), async (event, payload) => {
      if (!isTrustedSender(event, policy)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'this window may not call Keywarden' } };
      }
      return dispatch(op, payload);
    });
  }
}
