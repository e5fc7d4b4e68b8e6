// The browser stand-in for the preload: `window.keywarden` with one named function per
// operation, each forwarding its payload to the real main-process services over HTTP.
import { OPERATIONS } from '../../src/shared/ipc/operations';

export const BRIDGE_PATH = '/__harness/bridge.js';
export const IPC_PREFIX = '/__ipc/';

export function bridgeSource(): string {
  return `(() => {
  'use strict';
  const ops = ${JSON.stringify(OPERATIONS)};
  const call = async (op, input) => {
    let res;
    try {
      res = await fetch(${JSON.stringify(IPC_PREFIX)} + op, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input === undefined ? {} : { payload: input }),
      });
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'the harness is not reachable' } };
    }
    return res.json();
  };
  const bridge = {};
  for (const op of ops) bridge[op] = (input) => call(op, input);
  Object.defineProperty(window, 'keywarden', { value: Object.freeze(bridge), writable: false, configurable: false });
})();
`;
}
