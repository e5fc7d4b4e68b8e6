// The browser stand-in for the preload: `window.keywarden` with one named function per
// operation, each forwarding its payload to the real main-process services over HTTP.
// The harness hands out its per-run token only in the URL's fragment (never sent to the
// server, never served in a file), so the bridge reads it from there once, at load.
import { OPERATIONS } from '../../src/shared/ipc/contract';

export const BRIDGE_PATH = '/__harness/bridge.js';
export const IPC_PREFIX = '/__ipc/';
export const TOKEN_HEADER = 'x-keywarden-harness-token';
export const TOKEN_PARAM = 'token';

export function bridgeSource(): string {
  return `(() => {
  'use strict';
  const ops = ${JSON.stringify(OPERATIONS)};
  const token = new URLSearchParams(location.hash.slice(1)).get(${JSON.stringify(TOKEN_PARAM)}) || '';
  const call = async (op, input) => {
    if (!token) return { ok: false, error: { code: 'FORBIDDEN', message: 'open the harness with the URL it printed (it carries the token)' } };
    let res;
    try {
      res = await fetch(${JSON.stringify(IPC_PREFIX)} + op, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ${JSON.stringify(TOKEN_HEADER)}: token },
        body: JSON.stringify(input === undefined ? {} : { payload: input }),
      });
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'the harness is not reachable' } };
    }
    if (!res.ok) return { ok: false, error: { code: 'FORBIDDEN', message: 'the harness refused the call (' + res.status + ')' } };
    return res.json();
  };
  const bridge = {};
  for (const op of ops) bridge[op] = (input) => call(op, input);
  Object.defineProperty(window, 'keywarden', { value: Object.freeze(bridge), writable: false, configurable: false });
})();
`;
}
