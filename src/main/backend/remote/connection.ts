// Opening a remote profile and "Test connection": who the credential is, in which orgs.
import type { Environment, Me, Org } from '../../../shared/domain';
import { KeywardenError } from '../../../shared/errors';
import { readAll } from '../types';
import { RemoteBackend, type RemoteBackendOptions } from './backend';

export interface ConnectionInfo {
  environment: Environment;
  me: Me;
  orgs: Org[];
}

export interface TestConnectionInput {
  url: string;
  credential?: string;
  profileId?: number;
  environment: Environment;
}

export interface ConnectionDeps {
  /** The stored credential of a saved profile (the OS keychain); null when there is none. */
  getCredential?: (profileId: number) => Promise<string | null>;
  options?: RemoteBackendOptions;
}

export function openRemoteBackend(
  profile: { url: string | null; environment: Environment; name?: string },
  credential: string,
  options?: RemoteBackendOptions,
): RemoteBackend {
  if (!profile.url)
    throw new KeywardenError(
      'BAD_REQUEST',
      `profile${profile.name ? ` "${profile.name}"` : ''} has no server URL: edit it and enter one`,
    );
  return new RemoteBackend({ url: profile.url, environment: profile.environment }, credential, options);
}

/**
 * Connects with the given credential (or the saved profile's), and reports who it is and
 * every org it may see. Nothing is stored; the backend is closed before returning.
 */
export async function testRemoteConnection(
  input: TestConnectionInput,
  deps: ConnectionDeps = {},
): Promise<ConnectionInfo> {
  let credential = input.credential?.trim() || null;
  if (credential === null) {
    if (input.profileId === undefined)
      throw new KeywardenError('BAD_REQUEST', 'paste the credential (an API key) to test the connection');
    if (!deps.getCredential) {
      throw new KeywardenError(
        'BAD_REQUEST',
        "this build cannot read a saved profile's credential to test it: paste the credential again",
      );
    }
    credential = await deps.getCredential(input.profileId);
    if (!credential) {
      throw new KeywardenError(
        'NOT_FOUND',
        'the profile has no credential in the OS keychain (or the keychain is locked): unlock it, or paste the credential again',
      );
    }
  }
  const backend = openRemoteBackend({ url: input.url, environment: input.environment }, credential, deps.options);
  try {
    const me = await backend.whoami();
    const orgs = await readAll((cursor) => backend.listOrgs({ cursor, limit: 1000 }));
    return { environment: backend.environment, me, orgs };
  } finally {
    await backend.close();
  }
}
