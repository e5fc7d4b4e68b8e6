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
import { readAll } from '../backend/types';
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

  return {
    listProfiles: () => d.workspace.listProfiles(),
    createProfile: (input) => d.workspace.createProfile(input),
    updateProfile: (input) => d.workspace.updateProfile(input),
    deleteProfile: async ({ id, confirm }) => {
      await d.workspace.deleteProfile(id, confirm);
      return null;
    },
    switchProfile: ({ id }) => d.workspace.switchTo(id),
    getSession: () => d.workspace.session(),
    testConnection: (input) => d.testConnection(input),

    listOrgs: async () => {
      const b = await backend();
      return readAll((cursor) => b.listOrgs({ cursor, limit: 1000 }));
    },
    createOrg: async (input) => (await backend()).createOrg(input),
    updateOrg: async ({ orgId, patch }) => (await backend()).updateOrg(orgId, patch),
    getPolicy: async ({ orgId }) => (await backend()).getPolicy(orgId),
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

    listKeys: async (q) => (await backend()).listKeys(q),
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
      return oneTime(profile, await b.rollKey(id, { gracePeriodSeconds, revokeWhenQuietSeconds, expiresAt }), id);
    },
    checkKey: async ({ key }) => (await backend()).checkKey(key),

    copySecret: async ({ handle }) => ({ clearsInSeconds: await d.clipboard.copySecret(d.secrets.get(handle).secret) }),
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
        d.bulk.start(b, action, keyIds, { gracePeriodSeconds, rolled: (oldId, k) => oneTime(profile, k, oldId) }),
      );
    },
    bulkStatus: ({ jobId }) => ipcJob(d.bulk.status(jobId)),
    cancelBulk: ({ jobId }) => ipcJob(d.bulk.cancel(jobId)),

    listAudit: async (q) => (await backend()).listAudit(q),
    keyFindings: async (q) => (await backend()).keyFindings(q),
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
    getKey: async ({ id }) => (await backend()).getKey(id),
    keyUsage: async ({ id, ...q }) => (await backend()).keyUsage(id, q),
    keysUsage: async (q) => (await backend()).keysUsage(q),
  };
}
