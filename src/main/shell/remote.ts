import type { MainServicesOptions } from '../services';

/** Remote-profile adapters (RemoteBackend and "Test connection"); filled in with the remote backend. */
export function remoteAdapters(): Pick<MainServicesOptions, 'openRemote' | 'testConnection'> {
  return {};
}
