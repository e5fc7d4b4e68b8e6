import type { RemoteBackendOptions } from '../backend/remote';
import {
  openRemoteBackend,
  testRemoteConnection,
  type ConnectionInfo,
  type TestConnectionInput,
} from '../backend/remote';
import type { RemoteOpener } from '../services/workspace';

/** What "Test connection" needs from the services to test a saved profile without re-pasting its key. */
export interface ConnectionContext {
  getCredential(profileId: number): Promise<string | null>;
}

export type TestConnection = (input: TestConnectionInput, ctx?: ConnectionContext) => Promise<ConnectionInfo>;

export interface RemoteAdapterOptions extends RemoteBackendOptions {
  /** Fallback for the saved profile's credential when the services do not pass a context. */
  getCredential?: ConnectionContext['getCredential'];
}

/**
 * Remote-profile adapters for createMainServices: opening a remote profile's backend, and
 * "Test connection" (who the credential is, its orgs). Both enforce https for production
 * except to this machine.
 */
export function remoteAdapters(o: RemoteAdapterOptions = {}): {
  openRemote: RemoteOpener;
  testConnection: TestConnection;
} {
  const { getCredential, ...options } = o;
  return {
    openRemote: async (profile, credential) => openRemoteBackend(profile, credential, options),
    testConnection: (input, ctx) =>
      testRemoteConnection(input, { getCredential: ctx?.getCredential ?? getCredential, options }),
  };
}
