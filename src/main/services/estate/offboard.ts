// Offboard everywhere: every membership and key of one person (by email) across every
// profile and org, previewed, then deactivated and disabled in one run with a result per
// item. Production profiles need the email typed. Each server audits the changes as usual.
import { KeywardenError, isKeywardenError } from '../../../shared/errors';
import { readAll, type Backend } from '../../backend/types';
import type { Environment, KeyMeta, Membership } from '../../../shared/domain';
import type { EstateService } from './service';
import type { ProfileStatus } from '../../../shared/estate';
import { statusOf } from './service';

export interface OffboardKey {
  keyId: number;
  name: string;
  start: string;
  status: 'enabled' | 'disabled';
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface OffboardMembership {
  orgId: number;
  orgName: string;
  userId: number;
  role: 'member' | 'admin';
  status: 'active' | 'inactive';
  keys: OffboardKey[];
}

export interface OffboardProfile {
  profileId: number;
  profileName: string;
  environment: Environment;
  status: ProfileStatus;
  message: string | null;
  memberships: OffboardMembership[];
}

export interface OffboardPreview {
  email: string;
  profiles: OffboardProfile[];
}

export interface OffboardResult {
  profileId: number;
  profileName: string;
  orgId: number;
  target: 'membership' | 'key';
  /** The user id for a membership, the key id for a key. */
  id: number;
  name: string;
  state: 'done' | 'failed' | 'skipped';
  code: string | null;
  message: string | null;
}

const PAGE = 1000;
const normal = (email: string) => email.trim().toLowerCase();

async function findIn(backend: Backend, email: string): Promise<OffboardMembership[]> {
  const orgs = await readAll((cursor) => backend.listOrgs({ cursor, limit: PAGE }));
  const found = await Promise.all(
    orgs.map(async (org) => {
      let members: Membership[];
      try {
        members = await readAll((cursor) => backend.listMembers(org.id, { cursor, limit: PAGE }));
      } catch (e) {
        // An org whose members this credential may not list has nobody to offboard for it.
        if (isKeywardenError(e) && e.code === 'FORBIDDEN') return [];
        throw e;
      }
      const m = members.find((x) => normal(x.user.email) === email);
      if (!m) return [];
      const keys: KeyMeta[] = await readAll((cursor) => backend.listKeys({ orgUserId: m.id, cursor, limit: PAGE }));
      return [
        {
          orgId: org.id,
          orgName: org.name,
          userId: m.userId,
          role: m.role,
          status: m.status,
          keys: keys.map((k) => ({
            keyId: k.id,
            name: k.name,
            start: k.start,
            status: k.status,
            expiresAt: k.expiresAt,
            lastUsedAt: k.lastUsedAt,
          })),
        },
      ];
    }),
  );
  return found.flat();
}

export class Offboarding {
  constructor(private readonly estate: EstateService) {}

  async preview(emailInput: string): Promise<OffboardPreview> {
    const email = normal(emailInput);
    const profiles = await Promise.all(
      this.estate.profiles().map(async (p): Promise<OffboardProfile> => {
        const base = { profileId: p.id, profileName: p.name, environment: p.environment };
        try {
          const memberships = await this.estate.limited(p, (s) => findIn(s.backend, email));
          return { ...base, status: 'ok', message: null, memberships };
        } catch (e) {
          return {
            ...base,
            status: statusOf(e),
            message: isKeywardenError(e) ? e.message : 'could not read this profile',
            memberships: [],
          };
        }
      }),
    );
    return { email, profiles };
  }

  /** Disables every enabled key, then deactivates every active membership; a result per item. */
  async run(
    emailInput: string,
    confirm: string | undefined,
  ): Promise<{ preview: OffboardPreview; results: OffboardResult[] }> {
    const preview = await this.preview(emailInput);
    const production = preview.profiles.some((p) => p.environment === 'production' && p.memberships.length > 0);
    if (production && normal(confirm ?? '') !== preview.email)
      throw new KeywardenError('BAD_REQUEST', `this reaches production: type the email "${preview.email}" to confirm`);
    const results: OffboardResult[] = [];
    const profiles = new Map(this.estate.profiles().map((p) => [p.id, p]));
    await Promise.all(
      preview.profiles.map(async (pp) => {
        if (pp.memberships.length === 0) return;
        const backend = await this.estate.backendOf(profiles.get(pp.profileId)!);
        for (const m of pp.memberships) {
          const base = { profileId: pp.profileId, profileName: pp.profileName, orgId: m.orgId };
          for (const k of m.keys) {
            const item = { ...base, target: 'key' as const, id: k.keyId, name: k.name };
            if (k.status === 'disabled') {
              results.push({ ...item, state: 'skipped', code: null, message: 'already disabled' });
              continue;
            }
            results.push(await attempt(item, () => backend.updateKey(k.keyId, { status: 'disabled' })));
          }
          const item = {
            ...base,
            target: 'membership' as const,
            id: m.userId,
            name: `${preview.email} in ${m.orgName}`,
          };
          if (m.status === 'inactive')
            results.push({ ...item, state: 'skipped', code: null, message: 'already inactive' });
          else results.push(await attempt(item, () => backend.updateMember(m.orgId, m.userId, { status: 'inactive' })));
        }
      }),
    );
    this.estate.markStale();
    return { preview, results };
  }
}

async function attempt(
  item: Omit<OffboardResult, 'state' | 'code' | 'message'>,
  fn: () => Promise<unknown>,
): Promise<OffboardResult> {
  try {
    await fn();
    return { ...item, state: 'done', code: null, message: null };
  } catch (e) {
    return {
      ...item,
      state: 'failed',
      code: isKeywardenError(e) ? e.code : 'INTERNAL',
      message: isKeywardenError(e) ? e.message : 'unexpected error',
    };
  }
}
