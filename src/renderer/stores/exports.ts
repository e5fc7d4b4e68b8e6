// Which keys of the current profile were saved to the OS keychain (metadata only).
import { create } from 'zustand';
import type { KeychainExport } from '../../shared/ipc/contract';
import { api } from '../api/client';

interface ExportsState {
  byKeyId: ReadonlyMap<number, KeychainExport>;
  load(): Promise<void>;
  add(e: KeychainExport): void;
  remove(keyId: number): Promise<void>;
  /** A roll moved the old key's entry to its replacement (main already did it). */
  moved(oldKeyId: number, e: KeychainExport): void;
  reset(): void;
}

export const useExports = create<ExportsState>()((set, get) => ({
  byKeyId: new Map(),
  async load() {
    const list = await api.listExports();
    set({ byKeyId: new Map(list.map((e) => [e.keyId, e])) });
  },
  add(e) {
    set({ byKeyId: new Map(get().byKeyId).set(e.keyId, e) });
  },
  moved(oldKeyId, e) {
    const next = new Map(get().byKeyId);
    next.delete(oldKeyId);
    set({ byKeyId: next.set(e.keyId, e) });
  },
  async remove(keyId) {
    await api.removeExport({ keyId });
    const next = new Map(get().byKeyId);
    next.delete(keyId);
    set({ byKeyId: next });
  },
  reset() {
    set({ byKeyId: new Map() });
  },
}));

export const exportsSelectors = {
  /** Where this key was saved in the OS keychain, if it was. */
  ofKey:
    (keyId: number) =>
    (s: ExportsState): KeychainExport | undefined =>
      s.byKeyId.get(keyId),
};
