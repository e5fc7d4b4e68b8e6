// Who may see or manage a key (rules 2, 3, 8, 17), and the key rows every key operation
// reads first; shared by create, list, PATCH and roll (keys.ts puts them together).
import type { KeyMeta } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { powerIn, type Actor, type Power } from './actor';
import { forbid, type EngineCore } from './core';
import type { KeyOwner } from './newKey';
import { KEY_SELECT, toKeyMeta, type KeyRow, type MembershipRow, type OrgRow } from './rows';

export const conflict = (message: string): never => {
  throw new KeywardenError('CONFLICT', message);
};

export class KeyAccess {
  private readonly byId;
  private readonly membershipOrg;
  private readonly keyOrg;

  constructor(private readonly core: EngineCore) {
    this.byId = core.db.prepare<[id: number], KeyRow>(`${KEY_SELECT} WHERE k.id = ?`);
    // Where an audit entry belongs, looked up on every key call: prepared once.
    this.membershipOrg = core.db
      .prepare<[membershipId: number], number>('SELECT org_id FROM memberships WHERE id = ?')
      .pluck();
    this.keyOrg = core.db.prepare<[id: number], number>('SELECT org_id FROM api_keys WHERE id = ?').pluck();
  }

  row(id: number): KeyRow {
    const row = this.byId.get(id);
    if (!row) throw new KeywardenError('NOT_FOUND', `key ${id} does not exist`);
    return row;
  }

  meta(row: KeyRow): KeyMeta {
    return toKeyMeta(row, this.core.writes.pendingLastUse(row.id));
  }

  /** Admins of the org, or a member for their own membership while allowUserKeys is on (rule 2). */
  mayManageKeysOf(actor: Actor, m: MembershipRow, org: OrgRow, what: string): Power {
    const power = powerIn(actor, m.org_id);
    if (power === 'admin') return power;
    if (power === 'none') forbid(`you have no power in org ${m.org_id}`);
    if (actor.orgUserId !== m.id) forbid(`only admins ${what} other members' keys`);
    if (org.allow_user_keys !== 1) forbid(`org ${org.id} does not allow users to manage their own keys`);
    return power;
  }

  /** Who may see a key: admins of its org, or its own member. */
  visible(actor: Actor, row: KeyRow): void {
    const power = powerIn(actor, row.org_id);
    if (power === 'none') forbid(`you have no power in org ${row.org_id}`);
    if (power === 'member' && (row.kind !== 'user' || row.membership_id !== actor.orgUserId))
      forbid('members see only their own keys');
  }

  /** Rules 2, 3 and 8: admins manage every key of their org; members only their own user keys, if allowed. */
  manageable(actor: Actor, row: KeyRow): Power {
    const power = powerIn(actor, row.org_id);
    if (power === 'none') forbid(`you have no power in org ${row.org_id}`);
    if (power === 'admin') return power;
    if (row.kind === 'org') forbid('only admins manage org keys');
    const m = this.core.membership(row.membership_id as number);
    return this.mayManageKeysOf(actor, m, this.core.org(row.org_id), 'manage');
  }

  /** Rule 17: a super admin's key is disabled, expired, deleted or rolled only by a super admin. */
  guardSuperAdminKey(actor: Actor, row: KeyRow, what: string): void {
    if (row.kind !== 'user' || actor.isSuperAdmin) return;
    if (this.core.user(row.user_id as number).is_super_admin === 1)
      forbid(`only a super admin may ${what} a super admin's key`);
  }

  /** The membership (removed ones too) and user of a user key; null for an org key. */
  ownerOf(row: KeyRow): KeyOwner | null {
    if (row.kind !== 'user' || row.membership_id === null) return null;
    const membership = this.core.membershipRow(row.membership_id);
    return { membership, user: this.core.user(membership.user_id) };
  }

  live(row: KeyRow): void {
    if (row.revoked_at !== null) conflict(`key ${row.id} was deleted`);
  }

  orgOfKey(id: number): number | null {
    return this.keyOrg.get(id) ?? null;
  }

  /** A membership's org, or null when it does not exist (for audit entries). */
  orgOfMembershipOrNull(membershipId: number): number | null {
    return this.membershipOrg.get(membershipId) ?? null;
  }

  orgOfMembership(membershipId: number): number {
    const orgId = this.membershipOrg.get(membershipId);
    if (orgId === undefined) throw new KeywardenError('NOT_FOUND', `membership ${membershipId} does not exist`);
    return orgId;
  }
}
