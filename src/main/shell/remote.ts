import type { RemoteBackendOptions } from '../backend/remote';
import {
  openRemoteBackend,
  testRemoteConnection,
  type ConnectionInfo,
  type SavedConnection,
  type TestConnectionInput,
} from '../backend/remote';
import type { RemoteOpener } from '../services/workspace';

/** What "Test connection" needs from the services to test a saved profile without re-pasting its key. */
export interface ConnectionContext {
  savedProfile(profileId: number): Promise<SavedConnection> | SavedConnection;
  getCredential(profileId: number): Promise<string | null>;
}

export type TestConnection = (input: TestConnectionInput, ctx?: ConnectionContext) => Promise<ConnectionInfo>;

export interface RemoteAdapterOptions extends RemoteBackendOptions {
  /** Fallbacks for a saved profile when the services do not pass a context. */
  getCredential?: ConnectionContext['getCredential'];
  savedProfile?: ConnectionContext['savedProfile'];
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
  const { getCredential, savedProfile, ...options } = o;
  return {
    openRemote: async (profile, credential) => openRemoteBackend(profile, credential, options),
    testConnection: (input, ctx) =>
      testRemoteConnection(input, {
        getCredential: ctx?.getCredential ?? getCredential,
        savedProfile: ctx?.savedProfile ?? savedProfile,
        options,
      }),
  };
}
