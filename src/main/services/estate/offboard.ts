// Offboard everywhere: every membership and key of one person (by email) across every
// profile and org, previewed, then deactivated and disabled in one run with a result per
// item. Production profiles need the email typed. Each server audits the changes as usual.
import { KeywardenError, isKeywardenError } from '../../../shared/errors';
import { readAll, type Backend } from '../../backend/types';
import type { Environment, KeyMeta, Me, Membership } from '../../../shared/domain';
import { actingIn } from '../../../shared/estateActions';
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
  /** Why this credential may not offboard this membership (rule 17), or null when it may. */
  blocked: string | null;
}

export interface OffboardProfile {
  profileId: number;
  profileName: string;
  environment: Environment;
  status: ProfileStatus;
  message: string | null;
  /** Set when the credential may offboard no one in some of the profile's orgs (not an admin there). */
  note: string | null;
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

const RULE_17 = 'only a super admin may offboard a super admin (rule 17)';
// Disabling the keys first would disable the profile's own credential, and the membership
// could then not be deactivated with it (and the other way round): the run could only fail.
const OWN_CREDENTIAL =
  'this is who the profile signs in as: offboarding them with its own credential would lock it out partway; use another profile';

/** Why this credential may not offboard the member, or null. */
function blockedFor(me: Me, m: Membership): string | null {
  if (m.user.isSuperAdmin && !me.isSuperAdmin) return RULE_17;
  if (me.key?.kind === 'user' && me.id === m.userId) return OWN_CREDENTIAL;
  return null;
}

async function findIn(
  backend: Backend,
  email: string,
): Promise<{ memberships: OffboardMembership[]; note: string | null }> {
  const [orgs, me] = await Promise.all([
    readAll((cursor) => backend.listOrgs({ cursor, limit: PAGE })),
    backend.whoami(),
  ]);
  // Offboarding deactivates memberships: an admin's work. Elsewhere nothing is offered, and the preview says why.
  const mayIn = orgs.filter((org) => actingIn(me, org).power === 'admin');
  const note =
    mayIn.length === orgs.length
      ? null
      : `this profile's credential is not an admin${orgs.length > 1 ? ' of every org' : ''}: it may not offboard anyone in ${orgs
          .filter((o) => !mayIn.includes(o))
          .map((o) => o.name)
          .join(', ')}`;
  const found = await Promise.all(
    mayIn.map(async (org) => {
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
          blocked: blockedFor(me, m),
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
  return { memberships: found.flat(), note };
}

export class Offboarding {
  constructor(private readonly estate: EstateService) {}

  async preview(emailInput: string): Promise<OffboardPreview> {
    const email = normal(emailInput);
    const profiles = await Promise.all(
      this.estate.profiles().map(async (p): Promise<OffboardProfile> => {
        const base = { profileId: p.id, profileName: p.name, environment: p.environment };
        try {
          const { memberships, note } = await this.estate.limited(p, (s) => findIn(s.backend, email));
          return { ...base, status: 'ok', message: null, note, memberships };
        } catch (e) {
          return {
            ...base,
            status: statusOf(e),
            message: isKeywardenError(e) ? e.message : 'could not read this profile',
            note: null,
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
    const production = preview.profiles.some(
      (p) => p.environment === 'production' && p.memberships.some((m) => m.blocked === null),
    );
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
          if (m.blocked !== null) {
            const name = `${preview.email} in ${m.orgName}`;
            results.push({
              ...base,
              target: 'membership',
              id: m.userId,
              name,
              state: 'skipped',
              code: null,
              message: m.blocked,
            });
            continue;
          }
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
