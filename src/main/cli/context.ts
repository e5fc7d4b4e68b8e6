// The administrator commands' view of the desktop app: the app's own main-process services
// (createMainServices) over the app's data dir and the OS keychain, so the CLI and a running
// app share one implementation and one set of SQLite files (WAL, busy timeouts).
import fs from 'node:fs';
import path from 'node:path';
import type { Org } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import type { Profile } from '../../shared/ipc/contract';
import { sameTypedName } from '../../shared/text';
import { createMainServices, type MainServices } from '../app';
import { readAll, type Backend } from '../backend/types';
import { createKeytarStore } from '../secrets/keytarStore';
import { openRemoteBackend } from '../backend/remote';
import { APP_DB, defaultDataDir } from './dataDir';

export interface CommonOptions {
  dataDir?: string;
  profile?: string;
  org?: string;
  json?: boolean;
  confirm?: string;
}

export async function openServices(o: CommonOptions): Promise<MainServices> {
  const dataDir = o.dataDir ?? defaultDataDir();
  // Creating a data dir (with its demo profile) is the app's first start, not the CLI's.
  if (!fs.existsSync(path.join(dataDir, APP_DB)))
    throw new KeywardenError(
      'NOT_FOUND',
      `no Keywarden data in ${dataDir}: start the app once, or pass --data-dir / KEYWARDEN_DATA_DIR`,
    );
  return createMainServices({
    dataDir,
    secretStore: createKeytarStore(),
    clipboard: { readText: () => '', writeText: () => {} },
    openRemote: async (profile, credential) => openRemoteBackend(profile, credential),
    estate: { startNotifications: false },
  });
}

export function pickProfile(services: MainServices, name: string | undefined): Profile {
  const { profiles, currentId } = services.workspace.listProfiles();
  if (name === undefined) {
    const p = profiles.find((x) => x.id === currentId) ?? profiles[0];
    if (!p) throw new KeywardenError('NOT_FOUND', 'there is no profile yet: create one in the app');
    return p;
  }
  const p = profiles.find((x) => sameTypedName(name, x.name)) ?? profiles.find((x) => String(x.id) === name);
  if (!p)
    throw new KeywardenError(
      'NOT_FOUND',
      `no profile "${name}"; the profiles are: ${profiles.map((x) => x.name).join(', ')}`,
    );
  return p;
}

export interface Session {
  services: MainServices;
  profile: Profile;
  backend: Backend;
  close(): Promise<void>;
}

/** The chosen profile, opened for this process only: the app's current profile is left as it is. */
export async function openSession(o: CommonOptions): Promise<Session> {
  const services = await openServices(o);
  try {
    const profile = pickProfile(services, o.profile);
    const backend = await services.workspace.openForThisProcess(profile.id);
    return { services, profile, backend, close: () => services.close() };
  } catch (e) {
    await services.close();
    throw e;
  }
}

export async function pickOrg(backend: Backend, org: string | undefined): Promise<Org> {
  const orgs = await readAll((cursor) => backend.listOrgs({ cursor }));
  if (org === undefined) {
    const me = await backend.whoami();
    const current = orgs.find((o) => o.id === me.currentOrg?.id) ?? (orgs.length === 1 ? orgs[0] : undefined);
    if (!current)
      throw new KeywardenError(
        'BAD_REQUEST',
        `this profile has several orgs: pass --org (${orgs.map((o) => o.name).join(', ')})`,
      );
    return current;
  }
  const o = orgs.find((x) => String(x.id) === org) ?? orgs.find((x) => sameTypedName(org, x.name));
  if (!o) throw new KeywardenError('NOT_FOUND', `no org "${org}" in this profile`);
  return o;
}
