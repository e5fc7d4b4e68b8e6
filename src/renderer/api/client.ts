// The renderer's typed client over `window.keywarden`: each operation resolves with its
// value or throws an ApiError. Types come from the IPC contract; `import type` keeps zod
// out of the renderer bundle.
import type { Envelope, Input, KeywardenBridge, OperationName, Output } from '../../shared/ipc/contract';
import { ApiError } from './errors';

declare global {
  interface Window {
    keywarden?: KeywardenBridge;
  }
}

export type Api = {
  [K in OperationName]: Input<K> extends undefined ? () => Promise<Output<K>> : (input: Input<K>) => Promise<Output<K>>;
};

type LooseBridge = Record<string, ((input?: unknown) => Promise<Envelope<unknown>>) | undefined>;

function unwrap<T>(reply: Envelope<T> | undefined): T {
  if (reply && typeof reply === 'object' && 'ok' in reply) {
    if (reply.ok) return reply.value;
    const { code, message } = reply.error ?? { code: 'INTERNAL', message: 'unknown error' };
    throw new ApiError(String(code), String(message));
  }
  throw new ApiError('BAD_RESPONSE', 'the main process sent a reply in an unexpected shape');
}

export function createApi(getBridge: () => KeywardenBridge | undefined): Api {
  const call = (op: string) => async (input?: unknown) => {
    const fn = (getBridge() as unknown as LooseBridge | undefined)?.[op];
    if (!fn)
      throw new ApiError('UNAVAILABLE', 'Keywarden’s main process is not connected (no window.keywarden bridge).');
    let reply: Envelope<unknown>;
    try {
      reply = input === undefined ? await fn() : await fn(input);
    } catch {
      throw new ApiError('UNAVAILABLE', `the call ${op} did not reach the main process`);
    }
    return unwrap(reply);
  };
  // The names are the contract's keys, known here only as types (importing the contract
  // would bundle its schemas), so each function is made on first use.
  const made = new Map<string, ReturnType<typeof call>>();
  return new Proxy({} as Api, {
    get: (_, op) => {
      if (typeof op !== 'string' || op === 'then') return undefined;
      let fn = made.get(op);
      if (!fn) made.set(op, (fn = call(op)));
      return fn;
    },
  });
}

export const api: Api = createApi(() => (typeof window === 'undefined' ? undefined : window.keywarden));
