// The bridge: one named function per operation, each bound to its own channel. Nothing
// else of ipcRenderer is exposed — in particular no generic invoke(channel, …).
import { contextBridge, ipcRenderer } from 'electron';
import { channelOf, OPERATIONS } from '../shared/ipc/operations';

const bridge = Object.freeze(
  Object.fromEntries(OPERATIONS.map((op) => [op, (input?: unknown) => ipcRenderer.invoke(channelOf(op), input)])),
);

contextBridge.exposeInMainWorld('keywarden', bridge);
