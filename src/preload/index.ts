// The bridge: one named function per operation, each bound to its own channel. Nothing
// else of ipcRenderer is exposed — in particular no generic invoke(channel, …).
import { contextBridge, ipcRenderer } from 'electron';
import { channelOf } from '../shared/ipc/operations';

// The contract's keys, written in at build time (electron.vite.config.ts), so the preload
// bundles no schemas.
declare const __KEYWARDEN_OPERATIONS__: readonly string[];

const bridge = Object.freeze(
  Object.fromEntries(
    __KEYWARDEN_OPERATIONS__.map((op) => [op, (input?: unknown) => ipcRenderer.invoke(channelOf(op), input)]),
  ),
);

contextBridge.exposeInMainWorld('keywarden', bridge);
