// What every key about to be minted is checked against, whether created or rolled (docs/rules.md
// rules 1, 15, 16 and 17; docs/policies-and-labels.md). Create and roll differ only in who may
// act on what (the permission checks stay with each); everything about the key that would
// result is judged here, once, so the two paths cannot drift apart.
import type { Policy, Scope } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import { assertName } from '../../shared/text';
import type { Actor } from './actor';
import { forbid } from './core';
import { enforce } from './policy';
import type { MembershipRow, UserRow } from './rows';

/** A key as it will be inserted. */
export interface NewKey {
  kind: 'user' | 'org';
  orgId: number;
  membershipId: number | null;
  /** The membership's user, for the reply; not stored on the key. */
  userId: number | null;
  name: string;
  description: string;
  scopes: Scope[];
  readOnly: boolean;
  canImpersonate: boolean;
  status: 'enabled' | 'disabled';
  disabledByAdmin: boolean;
  expiresAt: number | null;
  createdBy: number | null;
  /** As stored: sorted JSON, or null for none. */
  labels: string | null;
  /** The key a roll replaces. */
  rolledFrom?: number | null;
}

/** The membership and user a user key belongs to. */
export interface KeyOwner {
  membership: MembershipRow;
  user: UserRow;
}

/** A key about to be minted, before its expiry is read. */
export interface KeyDraft extends Omit<NewKey, 'expiresAt'> {
  owner: KeyOwner | null;
  /** The expiry asked for: an ISO 8601 instant, null for none, undefined for `keptExpiry`. */
  expiresAt: string | null | undefined;
  /** The expiry when none is asked for: none on create, the old key's on roll. */
  keptExpiry: number | null;
}

const conflict = (message: string): never => {
  throw new KeywardenError('CONFLICT', message);
};

/** An expiry from the API: a future instant (epoch ms), or null for none. */
export function parseExpiry(value: string | null | undefined, now: number): number | null {
  if (value === undefined || value === null) return null;
  // Checked here too, not only by the input schema: every caller (HTTP, IPC) goes through the engine.
  const ms = parseInstant(value);
  if (ms === null)
    throw new KeywardenError(
      'BAD_REQUEST',
      'expiresAt must be an ISO 8601 date-time with a zone and at most millisecond precision',
    );
  if (ms <= now) throw new KeywardenError('BAD_REQUEST', 'expiresAt must be in the future');
  return ms;
}

/**
 * The checks create and roll share, in this order: the name; who may hold a key of a super
 * admin or one that can impersonate (rules 16 and 17); that its member and user are active;
 * its expiry; then the org's policy (after the rest, so a caller refused for other reasons
 * learns nothing of the policy). `grace` is a roll's grace period, which the policy bounds.
 * Returns the key to mint.
 */
export function admitNewKey(actor: Actor, draft: KeyDraft, policy: Policy, now: number, grace?: number): NewKey {
  const { owner } = draft;
  assertName('name', draft.name);
  if (owner !== null && owner.user.is_super_admin === 1 && !actor.isSuperAdmin)
    forbid("only a super admin may create a key for a super admin's membership");
  if (draft.canImpersonate && !actor.isSuperAdmin) forbid('only a super admin may hold a key that can impersonate');
  if (draft.canImpersonate && draft.kind === 'org')
    throw new KeywardenError('BAD_REQUEST', 'org keys have no user and cannot impersonate');
  if (owner !== null) {
    if (owner.membership.removed_at !== null) conflict("the key's member was removed from the org");
    if (owner.membership.status !== 'active') conflict('the membership is inactive');
    if (owner.user.status !== 'active') conflict('the user is disabled');
  }
  // One object literal of one shape: createMany admits thousands of these.
  const next: NewKey = {
    kind: draft.kind,
    orgId: draft.orgId,
    membershipId: draft.membershipId,
    userId: draft.userId,
    name: draft.name,
    description: draft.description,
    scopes: draft.scopes,
    readOnly: draft.readOnly,
    canImpersonate: draft.canImpersonate,
    status: draft.status,
    disabledByAdmin: draft.disabledByAdmin,
    expiresAt: draft.expiresAt === undefined ? draft.keptExpiry : parseExpiry(draft.expiresAt, now),
    createdBy: draft.createdBy,
    labels: draft.labels,
    rolledFrom: draft.rolledFrom ?? null,
  };
  enforce(policy, next, now, grace);
  return next;
}
