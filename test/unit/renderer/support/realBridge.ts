// `window.keywarden` backed by the real main-process services on a temp data dir, as the
// preload would expose it: one function per operation, payloads structured-cloned the way
// IPC serialises them.
import { OPERATIONS, type KeywardenBridge } from '../../../../src/shared/ipc/contract';
import { startTestApp, type TestApp } from '../../../support/mainServices';

export async function installRealBridge(): Promise<TestApp> {
  const app = await startTestApp();
  const bridge = Object.fromEntries(
    OPERATIONS.map((op) => [
      op,
      (input?: unknown) => app.services.dispatch(op, input === undefined ? undefined : structuredClone(input)),
    ]),
  );
  Object.defineProperty(window, 'keywarden', {
    value: Object.freeze(bridge) as unknown as KeywardenBridge,
    configurable: true,
  });
  return app;
}

export function removeBridge(): void {
  Reflect.deleteProperty(window, 'keywarden');
}
