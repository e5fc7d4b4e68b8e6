// Freshly minted keys, held in memory only while the one-time modal is open. The raw key
// never goes back to main: copy and keychain export name it by its handle, and closing
// asks main to forget the handle and drops the key from this store. Never persisted.
import { create } from 'zustand';
import type { KeychainExport, OneTimeKey } from '../../shared/ipc/contract';
import type { KeyMeta } from '../../shared/domain';
import { api } from '../api/client';
import { useExports } from './exports';
import { describeError } from '../api/errors';

export interface OneTimeEntry {
  handle: string;
  apiKey: string;
  key: KeyMeta;
  revealed: boolean;
  copied: boolean;
  savedTo: KeychainExport | null;
  busy: 'copy' | 'save' | null;
  error: string | null;
  clearsInSeconds: number | null;
}

interface OneTimeKeyState {
  entries: OneTimeEntry[];
  /** True while the "you have not copied or saved" warning is showing. */
  confirmingClose: boolean;
  show(keys: readonly OneTimeKey[]): void;
  reveal(handle: string, on: boolean): void;
  copy(handle: string): Promise<void>;
  save(handle: string): Promise<KeychainExport | null>;
  requestClose(): void;
  cancelClose(): void;
  close(): Promise<void>;
}

export const useOneTimeKey = create<OneTimeKeyState>()((set, get) => {
  const patch = (handle: string, p: Partial<OneTimeEntry>) =>
    set({ entries: get().entries.map((e) => (e.handle === handle ? { ...e, ...p } : e)) });

  return {
    entries: [],
    confirmingClose: false,

    show(keys) {
      const known = new Set(get().entries.map((e) => e.handle));
      const fresh = keys
        .filter((k) => !known.has(k.handle))
        .map((k): OneTimeEntry => ({
          handle: k.handle,
          apiKey: k.apiKey,
          key: k.key,
          revealed: false,
          copied: false,
          // A rolled key whose predecessor was in the keychain is there already (the entry followed it).
          savedTo: k.savedTo ?? null,
          busy: null,
          error: null,
          clearsInSeconds: null,
        }));
      if (fresh.length) set({ entries: [...get().entries, ...fresh] });
      for (const k of fresh)
        if (k.savedTo && k.key.rolledFrom !== null) useExports.getState().moved(k.key.rolledFrom, k.savedTo);
    },

    reveal(handle, on) {
      patch(handle, { revealed: on });
    },

    async copy(handle) {
      patch(handle, { busy: 'copy', error: null });
      try {
        const { clearsInSeconds } = await api.copySecret({ handle });
        patch(handle, { busy: null, copied: true, clearsInSeconds });
      } catch (e) {
        patch(handle, { busy: null, error: describeError(e) });
      }
    },

    async save(handle) {
      patch(handle, { busy: 'save', error: null });
      try {
        const saved = await api.exportKey({ handle });
        patch(handle, { busy: null, savedTo: saved });
        return saved;
      } catch (e) {
        patch(handle, { busy: null, error: describeError(e) });
        return null;
      }
    },

    requestClose() {
      if (oneTimeKeySelectors.unsecuredCount(get()) > 0) set({ confirmingClose: true });
      else void get().close();
    },

    cancelClose() {
      set({ confirmingClose: false });
    },

    async close() {
      const handles = get().entries.map((e) => e.handle);
      // Wipe first: even if main is unreachable the key leaves the renderer now.
      set({ entries: [], confirmingClose: false });
      await Promise.allSettled(handles.map((handle) => api.forgetSecret({ handle })));
    },
  };
});

/** Keys neither copied nor saved to the keychain: closing would lose them for good. */
const unsecured = (s: Pick<OneTimeKeyState, 'entries'>): OneTimeEntry[] =>
  s.entries.filter((e) => !e.copied && e.savedTo === null);

export const oneTimeKeySelectors = {
  unsecured,
  unsecuredCount: (s: Pick<OneTimeKeyState, 'entries'>): number => unsecured(s).length,
};
