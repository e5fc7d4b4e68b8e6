// Binds every operation to its own IPC channel, after checking who is asking. Typed
// structurally so it can be exercised without Electron; src/main/index.ts passes ipcMain.
import { channelOf, OPERATIONS } from '../../shared/ipc/operations';
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
  /** The renderer's URL: a file:// URL of out/renderer/index.html, or the dev server's URL. */
  rendererUrl: string;
}

/** Only the top frame of our own window, showing our own page, may call main. */
export function isTrustedSender(event: SenderEvent, policy: TrustPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (event.sender.id !== policy.windowId()) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(frame.url);
    expected = new URL(policy.rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') return actual.protocol === 'file:' && actual.pathname === expected.pathname;
  return actual.origin === expected.origin;
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
