// Row shapes as SQLite returns them, and their mapping to the API's DTOs.
import type {
  AuditEvent,
  AuditOutcome,
  KeyKind,
  KeyMeta,
  KeyStatus,
  Membership,
  MembershipStatus,
  Org,
  Role,
  Scope,
  User,
  UserStatus,
} from '../../shared/domain';
import { readLabels } from './labels';
import { iso, isoNN } from './time';

export interface OrgRow {
  id: number;
  name: string;
  allow_user_keys: number;
  created_at: number;
}
export interface UserRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  is_super_admin: number;
  status: UserStatus;
  created_at: number;
}
export interface MembershipRow {
  id: number;
  org_id: number;
  user_id: number;
  role: Role;
  status: MembershipStatus;
  removed_at: number | null;
  created_at: number;
}
export interface KeyRow {
  id: number;
  kind: KeyKind;
  org_id: number;
  membership_id: number | null;
  user_id: number | null;
  name: string;
  description: string;
  start: string;
  scopes: string;
  read_only: number;
  can_impersonate: number;
  status: KeyStatus;
  disabled_by_admin: number;
  expires_at: number | null;
  created_at: number;
  created_by: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  rolled_to: number | null;
  /** docs/policies-and-labels.md: a JSON object, or null for none. */
  labels: string | null;
  rolled_from: number | null;
  rolled_at: number | null;
  revoke_when_quiet_seconds: number | null;
  last_used_ip: string | null;
  last_used_ua: string | null;
}
export interface AuditRow {
  id: number;
  at: number;
  org_id: number | null;
  action: string;
  outcome: AuditOutcome;
  code: string | null;
  actor_user_id: number | null;
  impersonator_user_id: number | null;
  key_id: number | null;
  key_start: string | null;
  target_type: string | null;
  target_id: number | null;
  hash: Buffer | null;
}

export const toOrg = (r: OrgRow): Org => ({
  id: r.id,
  name: r.name,
  allowUserKeys: r.allow_user_keys === 1,
  createdAt: isoNN(r.created_at),
});

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  isSuperAdmin: r.is_super_admin === 1,
  status: r.status,
  createdAt: isoNN(r.created_at),
});

export const toMembership = (m: MembershipRow, u: UserRow): Membership => ({
  id: m.id,
  orgId: m.org_id,
  userId: m.user_id,
  role: m.role,
  status: m.status,
  createdAt: isoNN(m.created_at),
  user: toUser(u),
});

/**
 * A key's scopes column as a list, parsed once per distinct value (there are a handful:
 * every key and every call repeats one of them). The list is shared, so it is frozen: a
 * caller that changed it would change every key's.
 */
const scopeLists = new Map<string, Scope[]>();
const SCOPE_LISTS_MAX = 1024;

export function parseScopes(s: string): Scope[] {
  let list = scopeLists.get(s);
  if (list === undefined) {
    list = Object.freeze(s.split(',')) as Scope[];
    if (scopeLists.size >= SCOPE_LISTS_MAX) scopeLists.clear();
    scopeLists.set(s, list);
  }
  return list;
}

/** Where a key was last used from: the pending use when newer than the stored one. */
export interface LastUseFrom {
  at: number;
  ip: string | null;
  userAgent: string | null;
}

/** The stored last use, or the pending one when it is newer. */
export function lastUseOf(r: KeyRow, pending?: LastUseFrom): Pick<KeyMeta, 'lastUsedAt' | 'lastUsedFrom'> {
  const newer = pending !== undefined && pending.at >= (r.last_used_at ?? 0);
  const last = newer ? pending.at : (r.last_used_at ?? 0);
  const ip = newer ? pending.ip : r.last_used_ip;
  const userAgent = newer ? pending.userAgent : r.last_used_ua;
  return {
    lastUsedAt: last ? isoNN(last) : null,
    lastUsedFrom: ip === null && userAgent === null ? null : { ip: ip ?? '', userAgent: userAgent ?? '' },
  };
}

export function toKeyMeta(r: KeyRow, pending?: LastUseFrom): KeyMeta {
  const { lastUsedAt, lastUsedFrom } = lastUseOf(r, pending);
  return {
    id: r.id,
    kind: r.kind,
    orgId: r.org_id,
    orgUserId: r.membership_id,
    userId: r.user_id,
    name: r.name,
    description: r.description,
    start: r.start,
    scopes: parseScopes(r.scopes),
    readOnly: r.read_only === 1,
    canImpersonate: r.can_impersonate === 1,
    status: r.status,
    disabledByAdmin: r.status === 'disabled' && r.disabled_by_admin === 1,
    expiresAt: iso(r.expires_at),
    createdAt: isoNN(r.created_at),
    createdBy: r.created_by,
    lastUsedAt,
    revokedAt: iso(r.revoked_at),
    rolledTo: r.rolled_to,
    labels: readLabels(r.labels),
    rolledFrom: r.rolled_from,
    revokeWhenQuietSeconds: r.revoke_when_quiet_seconds,
    lastUsedFrom,
  };
}

export const toAuditEvent = (r: AuditRow): AuditEvent => ({
  id: r.id,
  at: isoNN(r.at),
  orgId: r.org_id,
  action: r.action,
  outcome: r.outcome,
  code: r.code,
  actorUserId: r.actor_user_id,
  impersonatorUserId: r.impersonator_user_id,
  keyId: r.key_id,
  keyStart: r.key_start,
  targetType: r.target_type,
  targetId: r.target_id,
  hash: r.hash === null ? null : r.hash.toString('hex'),
});

/** Key columns plus the owning user's id, for every query that returns key metadata. */
export const KEY_SELECT = `SELECT k.id, k.kind, k.org_id, k.membership_id, m.user_id, k.name, k.description,
  k.start, k.scopes, k.read_only, k.can_impersonate, k.status, k.disabled_by_admin, k.expires_at,
  k.created_at, k.created_by, k.last_used_at, k.revoked_at, k.rolled_to, k.labels, k.rolled_from, k.rolled_at,
  k.revoke_when_quiet_seconds, k.last_used_ip, k.last_used_ua
  FROM api_keys k LEFT JOIN memberships m ON m.id = k.membership_id`;
