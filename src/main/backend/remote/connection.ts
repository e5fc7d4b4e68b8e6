// Opening a remote profile and "Test connection": who the credential is, in which orgs.
import type { Environment, Me, Org } from '../../../shared/domain';
import { KeywardenError } from '../../../shared/errors';
import { readAll } from '../types';
import { RemoteBackend, type RemoteBackendOptions } from './backend';
import { parseServerUrl } from './serverUrl';

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

/** Where a saved profile's credential may go: only ever to the URL saved with it. */
export interface SavedConnection {
  url: string | null;
  environment: Environment;
}

export interface ConnectionDeps {
  /** The saved profile's URL and environment (the app database). */
  savedProfile?: (profileId: number) => Promise<SavedConnection> | SavedConnection;
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
  const pasted = input.credential?.trim() || null;
  const target = pasted === null ? await savedTarget(input, deps) : { url: input.url, environment: input.environment };
  const credential = pasted ?? (await savedCredential(input.profileId!, deps));
  const backend = openRemoteBackend(target, credential, deps.options);
  try {
    const me = await backend.whoami();
    const orgs = await readAll((cursor) => backend.listOrgs({ cursor, limit: 1000 }));
    return { environment: backend.environment, me, orgs };
  } finally {
    await backend.close();
  }
}

const sameUrl = (a: string, b: string): boolean => parseServerUrl(a).href === parseServerUrl(b).href;

/**
 * A saved credential is tested only against its own profile's saved URL and environment:
 * the URL in the request is whatever the form holds, and a credential must never follow an
 * edited (or forged) URL to another server before the user has saved it there.
 */
async function savedTarget(
  input: TestConnectionInput,
  deps: ConnectionDeps,
): Promise<SavedConnection & { url: string }> {
  if (input.profileId === undefined)
    throw new KeywardenError('BAD_REQUEST', 'paste the credential (an API key) to test the connection');
  if (!deps.savedProfile || !deps.getCredential) {
    throw new KeywardenError(
      'BAD_REQUEST',
      "this build cannot read a saved profile's credential to test it: paste the credential again",
    );
  }
  const saved = await deps.savedProfile(input.profileId);
  if (!saved.url)
    throw new KeywardenError('BAD_REQUEST', 'the profile has no saved server URL: paste the credential to test one');
  if (!sameUrl(input.url, saved.url) || input.environment !== saved.environment) {
    throw new KeywardenError(
      'BAD_REQUEST',
      `the saved credential is only ever sent to the profile's saved server (${parseServerUrl(saved.url).origin}, ${saved.environment}): ` +
        'paste the credential to test another URL or environment, or save the profile first',
    );
  }
  return { url: saved.url, environment: saved.environment };
}

async function savedCredential(profileId: number, deps: ConnectionDeps): Promise<string> {
  const credential = await deps.getCredential!(profileId);
  if (!credential) {
    throw new KeywardenError(
      'NOT_FOUND',
      'the profile has no credential in the OS keychain (or the keychain is locked): unlock it, or paste the credential again',
    );
  }
  return credential;
}
