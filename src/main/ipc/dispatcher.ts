// One entry point for every operation, used by Electron's ipcMain and by the browser
// harness alike: validate the payload, run the handler, strip the reply to its schema,
// and turn every failure into a typed {code, message}.
import { describeIssues } from '../../shared/domain';
import { isKeywardenError } from '../../shared/errors';
import { redactKeys } from '../../shared/keyFormat';
import {
  contract,
  OPERATIONS,
  type Contract,
  type Envelope,
  type OperationName,
  type Output,
} from '../../shared/ipc/contract';
import type { z } from 'zod';

export type Handlers = {
  [K in OperationName]: (input: z.output<Contract[K]['input']>) => Promise<Output<K>> | Output<K>;
};

export type Dispatch = (op: string, payload: unknown) => Promise<Envelope<unknown>>;

const KNOWN = new Set<string>(OPERATIONS);

export interface DispatcherOptions {
  /** Where unexpected failures are reported; never given the payload, which may hold a pasted key. */
  onUnexpected?: (op: string, error: unknown) => void;
}

export function createDispatcher(handlers: Handlers, opts: DispatcherOptions = {}): Dispatch {
  return async (op, payload) => {
    if (!KNOWN.has(op))
      return { ok: false, error: { code: 'NOT_FOUND', message: `no operation named ${String(op).slice(0, 60)}` } };
    const name = op as OperationName;
    const spec = contract[name];
    const parsed = spec.input.safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'BAD_REQUEST', message: describeIssues(parsed.error) } };
    try {
      const value = await (handlers[name] as (i: unknown) => unknown)(parsed.data);
      return { ok: true, value: spec.output.parse(value) };
    } catch (e) {
      if (isKeywardenError(e)) return { ok: false, error: { code: e.code, message: redactKeys(e.message) } };
      opts.onUnexpected?.(name, e);
      return { ok: false, error: { code: 'INTERNAL', message: `${name} failed unexpectedly; see the app log` } };
    }
  };
}
