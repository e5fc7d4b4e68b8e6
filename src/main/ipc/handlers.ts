// What each operation does, in terms of the services. Payloads arrive already validated.
import { sameTypedName } from '../../shared/text';
import { KeywardenError } from '../../shared/errors';
import type { CreatedKey } from '../../shared/domain';
import type { BulkJob, OneTimeKey } from '../../shared/ipc/contract';
import type { StoredProfile } from '../services/appStore';
import type { BulkRunner, RunnerJob } from '../services/bulk';
import type { ClipboardGuard } from '../services/clipboardGuard';
import type { KeychainService } from '../services/keychain';
import type { OneTimeSecrets } from '../services/oneTimeSecrets';
import type { Workspace } from '../services/workspace';
import type { Handlers } from './dispatcher';
import { LocalBackend } from '../backend/local';
import { readAll, type Backend } from '../backend/types';
import { BACKEND_OPERATIONS } from '../backend/operations';
import { paramNames } from '../api/route';
import { ROUTE_TABLE, type BackendRouteName } from '../api/routes';
import { OPERATIONS, type OperationName } from '../../shared/ipc/contract';

/**
 * An operation named like a Backend method (a route of src/main/api/routes.ts) needs no
 * handler here: its input's fields named like the path's ids are the ids, the other
 * fields are the route's body or query, and the Backend's reply is the output.
 */
type Forwarded = OperationName & BackendRouteName;
export type ExplicitHandlers = Omit<Handlers, Forwarded> & Partial<Pick<Handlers, Forwarded>>;

function forwarder(name: BackendRouteName, backend: () => Promise<Backend>) {
  const ids = paramNames(ROUTE_TABLE[name].path);
  return async (input: unknown) => {
    const fields: Record<string, unknown> = { ...(input as object | undefined) };
    const args: unknown[] = ids.map((id) => fields[id]);
    for (const id of [...ids, 'confirm']) delete fields[id];
    args.push(fields);
    const b = (await backend()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return b[name](...args);
  };
}

/** The explicit handlers, plus a forwarder for every Backend-named operation that has none. */
function withForwarding(explicit: ExplicitHandlers, backend: () => Promise<Backend>): Handlers {
  const all: Record<string, unknown> = { ...explicit };
  const routes = new Set<string>(BACKEND_OPERATIONS);
  for (const op of OPERATIONS) {
    if (all[op] === undefined && routes.has(op)) all[op] = forwarder(op as BackendRouteName, backend);
  }
  return all as Handlers;
}
import { estateHandlers, type EstateDeps } from './estateHandlers';

export interface HandlerDeps {
  workspace: Workspace;
  secrets: OneTimeSecrets;
  clipboard: ClipboardGuard;
  keychain: KeychainService;
  bulk: BulkRunner;
  estate: EstateDeps;
  testConnection: Handlers['testConnection'];
}

/**
 * The keychain follows a roll (docs/usage-and-rotation.md). The roll has happened whatever
 * the keychain says: a locked or missing keychain leaves the entry on the old key, and the
 * one-time dialog then offers to save the new key as usual.
 */
export async function followRoll(
  keychain: KeychainService,
  profileId: number,
  oldId: number,
  k: CreatedKey,
  held: OneTimeKey,
): Promise<OneTimeKey> {
  const savedTo = await keychain.followRoll(profileId, oldId, k, k.apiKey).catch(() => null);
  return savedTo ? { ...held, savedTo } : held;
}

/** In production, destructive actions need the target's name typed (docs/desktop-app.md). */
function confirmed(profile: StoredProfile, expected: string, given: string | undefined, what: string): void {
  if (profile.environment !== 'production') return;
  if (given === undefined || !sameTypedName(given, expected))
    throw new KeywardenError('BAD_REQUEST', `this is production: type ${what} "${expected}" to confirm`);
}

/**
 * This runner only ever starts the IPC's own actions (the estate's setExpiry runs on a
 * runner of its own), so its jobs fit the IPC's BulkJob.
 */
const ipcJob = (job: RunnerJob): BulkJob => job as BulkJob;

export function createHandlers(d: HandlerDeps): Handlers {
  const active = () => d.workspace.active();
  const backend = () => d.workspace.backend();

  const oneTime = (profile: StoredProfile, k: CreatedKey, replacesKeyId: number | null): OneTimeKey =>
    d.secrets.holdCreated(profile.id, k, replacesKeyId);
  /** A roll's new key, held once; a keychain entry saved for the old key now holds it. */
  const rolledKey = (profile: StoredProfile, k: CreatedKey, oldId: number) =>
    followRoll(d.keychain, profile.id, oldId, k, oneTime(profile, k, oldId));

  return withForwarding(
    {
      listProfiles: () => d.workspace.listProfiles(),
      createProfile: (input) => d.workspace.createProfile(input),
      updateProfile: (input) => d.workspace.updateProfile(input),
      deleteProfile: async ({ id, confirm }) => {
        await d.workspace.deleteProfile(id, confirm);
        return null;
      },
      switchProfile: ({ id }) => d.workspace.switchTo(id),
      getSession: () => d.workspace.session(),
      appSettings: () => d.workspace.appSettings(),
      setAppSettings: (input) => d.workspace.setAppSettings(input),
      testConnection: (input) => d.testConnection(input),

      listOrgs: async () => {
        const b = await backend();
        return readAll((cursor) => b.listOrgs({ cursor, limit: 1000 }));
      },
      updateOrg: async ({ orgId, patch }) => (await backend()).updateOrg(orgId, patch),
      putPolicy: async ({ orgId, policy, confirm }) => {
        const { profile, backend: b } = await active();
        if (profile.environment === 'production') {
          const orgs = await readAll((cursor) => b.listOrgs({ cursor, limit: 1000 }));
          const org = orgs.find((o) => o.id === orgId);
          if (!org) throw new KeywardenError('NOT_FOUND', `org ${orgId} is not one of yours`);
          confirmed(profile, org.name, confirm, "the org's name");
        }
        return b.putPolicy(orgId, policy);
      },
      previewPolicy: async ({ orgId, policy }) => (await backend()).previewPolicy(orgId, policy),
      listMembers: async ({ orgId }) => {
        const b = await backend();
        return readAll((cursor) => b.listMembers(orgId, { cursor, limit: 1000 }));
      },
      addMember: async ({ orgId, member }) => (await backend()).addMember(orgId, member),
      updateMember: async ({ orgId, userId, patch, confirm }) => {
        const { profile, backend: b } = await active();
        // A promotion gives admin power over every key of the org: as weighty as a demotion.
        if (patch.status === 'inactive' || patch.role !== undefined) {
          confirmed(profile, (await b.getMembership(orgId, userId)).user.email, confirm, "the member's email");
        }
        return b.updateMember(orgId, userId, patch);
      },
      removeMember: async ({ orgId, userId, confirm }) => {
        const { profile, backend: b } = await active();
        confirmed(profile, (await b.getMembership(orgId, userId)).user.email, confirm, "the member's email");
        await b.removeMember(orgId, userId);
        return null;
      },
      updateUser: async ({ userId, patch, orgId, confirm }) => {
        const { profile, backend: b } = await active();
        if (patch.status === 'disabled' && profile.environment === 'production') {
          if (orgId === undefined)
            throw new KeywardenError(
              'BAD_REQUEST',
              "this is production: give orgId and type the user's email to confirm",
            );
          confirmed(profile, (await b.getMembership(orgId, userId)).user.email, confirm, "the user's email");
        }
        return b.updateUser(userId, patch);
      },

      createKey: async (input) => {
        const { profile, backend: b } = await active();
        return oneTime(profile, await b.createKey(input), null);
      },
      updateKey: async ({ id, patch, confirm }) => {
        const { profile, backend: b } = await active();
        if (patch.status === 'disabled') confirmed(profile, (await b.getKey(id)).name, confirm, "the key's name");
        return b.updateKey(id, patch);
      },
      deleteKey: async ({ id, confirm }) => {
        const { profile, backend: b } = await active();
        confirmed(profile, (await b.getKey(id)).name, confirm, "the key's name");
        await b.deleteKey(id);
        return null;
      },
      rollKey: async ({ id, gracePeriodSeconds, revokeWhenQuietSeconds, expiresAt, confirm }) => {
        const { profile, backend: b } = await active();
        confirmed(profile, (await b.getKey(id)).name, confirm, "the key's name");
        return rolledKey(profile, await b.rollKey(id, { gracePeriodSeconds, revokeWhenQuietSeconds, expiresAt }), id);
      },
      checkKey: async ({ key }) => (await backend()).checkKey(key),

      copySecret: async ({ handle }) => ({
        clearsInSeconds: await d.clipboard.copySecret(d.secrets.get(handle).secret),
      }),
      forgetSecret: ({ handle }) => {
        d.secrets.forget(handle);
        return null;
      },

      exportKey: async ({ handle }) => {
        const held = d.secrets.get(handle);
        const { profile, backend: b } = await active();
        if (held.profileId !== profile.id) throw new KeywardenError('CONFLICT', 'that key belongs to another profile');
        const orgs = await readAll((cursor) => b.listOrgs({ cursor, limit: 1000 }));
        const org = orgs.find((o) => o.id === held.orgId) ?? { id: held.orgId, name: `org-${held.orgId}` };
        return d.keychain.exportKey(
          profile,
          org,
          { id: held.keyId, name: held.keyName },
          held.secret,
          held.replacesKeyId ?? undefined,
        );
      },
      listExports: async () => d.keychain.listExports((await active()).profile.id),
      removeExport: async ({ keyId }) => {
        await d.keychain.removeExport((await active()).profile.id, keyId);
        return null;
      },

      startBulk: async ({ action, keyIds, gracePeriodSeconds, confirm }) => {
        const { profile, backend: b } = await active();
        confirmed(profile, profile.name, confirm, "the profile's name");
        return ipcJob(
          d.bulk.start(b, action, keyIds, { gracePeriodSeconds, rolled: (oldId, k) => rolledKey(profile, k, oldId) }),
        );
      },
      bulkStatus: ({ jobId }) => ipcJob(d.bulk.status(jobId)),
      cancelBulk: ({ jobId }) => ipcJob(d.bulk.cancel(jobId)),

      ...estateHandlers(d.estate),
      verifyAudit: async () => {
        const b = await backend();
        if (!(b instanceof LocalBackend))
          throw new KeywardenError(
            'CONFLICT',
            "a remote profile's audit is verified on its server: keywarden audit verify",
          );
        return b.verifyAudit();
      },
    },
    backend,
  );
}
