// Orgs, users and memberships.
import type {
  AddMemberInput,
  CreateOrgInput,
  Membership,
  MembershipStatus,
  Org,
  Page,
  PageQuery,
  UpdateMemberInput,
  UpdateOrgInput,
  User,
  UpdateUserInput,
  UserStatus,
  Role,
} from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { assertName } from '../../shared/text';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { decodeCursor, limitOf, toPage } from './paging';
import type { Db } from './db';
import { toMembership, toOrg, toUser, type MembershipRow, type OrgRow, type UserRow } from './rows';

const requireAdmin = (actor: Actor, orgId: number): void => {
  if (powerIn(actor, orgId) !== 'admin') forbid(`only admins of org ${orgId} may do this`);
};

/** Rule 17: no org admin or org key can lock the super admins out. */
const guardSuperAdmin = (actor: Actor, target: { is_super_admin: number }, what: string): void => {
  if (target.is_super_admin === 1 && !actor.isSuperAdmin)
    forbid(`only a super admin may ${what} a super admin's membership`);
};

type JoinedRow = MembershipRow & {
  u_id: number;
  email: string;
  first_name: string;
  last_name: string;
  is_super_admin: number;
  u_status: 'active' | 'disabled';
  u_created_at: number;
};

const MEMBER_SELECT = `SELECT m.*, u.id AS u_id, u.email, u.first_name, u.last_name, u.is_super_admin,
  u.status AS u_status, u.created_at AS u_created_at FROM memberships m JOIN users u ON u.id = m.user_id`;

const joined = (r: JoinedRow): Membership =>
  toMembership(r, {
    id: r.u_id,
    email: r.email,
    first_name: r.first_name,
    last_name: r.last_name,
    is_super_admin: r.is_super_admin,
    status: r.u_status,
    created_at: r.u_created_at,
  });

/** Every statement of the directory, prepared once per engine. */
const statements = (db: Db) => ({
  orgsAfter: db.prepare<[after: number, limit: number], OrgRow>('SELECT * FROM orgs WHERE id > ? ORDER BY id LIMIT ?'),
  ownOrgAfter: db.prepare<[orgId: number | null, after: number, limit: number], OrgRow>(
    'SELECT * FROM orgs WHERE id = ? AND id > ? LIMIT ?',
  ),
  insertOrg: db.prepare<[name: string, allowUserKeys: 0 | 1, createdAt: number]>(
    'INSERT INTO orgs (name, allow_user_keys, created_at) VALUES (?, ?, ?)',
  ),
  renameOrg: db.prepare<[name: string, orgId: number]>('UPDATE orgs SET name = ? WHERE id = ?'),
  setAllowUserKeys: db.prepare<[allowUserKeys: 0 | 1, orgId: number]>(
    'UPDATE orgs SET allow_user_keys = ? WHERE id = ?',
  ),
  membersAfter: db.prepare<[orgId: number, after: number, limit: number], JoinedRow>(
    `${MEMBER_SELECT} WHERE m.org_id = ? AND m.removed_at IS NULL AND m.id > ? ORDER BY m.id LIMIT ?`,
  ),
  member: db.prepare<[orgId: number, userId: number], JoinedRow>(
    `${MEMBER_SELECT} WHERE m.org_id = ? AND m.user_id = ? AND m.removed_at IS NULL`,
  ),
  userByEmail: db.prepare<[email: string], UserRow>('SELECT * FROM users WHERE email = ?'),
  insertUser: db.prepare<[email: string, firstName: string, lastName: string, createdAt: number]>(
    'INSERT INTO users (email, first_name, last_name, created_at) VALUES (?, ?, ?, ?)',
  ),
  reviveMembership: db.prepare<[role: Role, id: number]>(
    "UPDATE memberships SET role = ?, status = 'active', removed_at = NULL WHERE id = ?",
  ),
  revokeKeysOf: db.prepare<[at: number, membershipId: number]>(
    'UPDATE api_keys SET revoked_at = ? WHERE membership_id = ? AND revoked_at IS NULL',
  ),
  insertMembership: db.prepare<
    [orgId: number, userId: number, role: Role, status: MembershipStatus, createdAt: number]
  >('INSERT INTO memberships (org_id, user_id, role, status, created_at) VALUES (?, ?, ?, ?, ?)'),
  setRole: db.prepare<[role: Role, id: number]>('UPDATE memberships SET role = ? WHERE id = ?'),
  setMembershipStatus: db.prepare<[status: MembershipStatus, id: number]>(
    'UPDATE memberships SET status = ? WHERE id = ?',
  ),
  removeMembership: db.prepare<[at: number, id: number]>('UPDATE memberships SET removed_at = ? WHERE id = ?'),
  setUserStatus: db.prepare<[status: UserStatus, userId: number]>('UPDATE users SET status = ? WHERE id = ?'),
});

export class Directory {
  private readonly q;

  constructor(private readonly core: EngineCore) {
    this.q = statements(core.db);
  }

  listOrgs(actor: Actor, q: PageQuery = {}): Page<Org> {
    const limit = limitOf(q.limit);
    const after = decodeCursor(q.cursor) ?? 0;
    return this.core.read(actor, { action: 'org.list', orgId: actor.orgId }, () => {
      const rows = actor.isSuperAdmin
        ? this.q.orgsAfter.all(after, limit + 1)
        : this.q.ownOrgAfter.all(actor.orgId, after, limit + 1);
      return toPage(rows, limit, toOrg);
    });
  }

  getOrg(actor: Actor, orgId: number): Org {
    return this.core.read(actor, { action: 'org.read', orgId, targetType: 'org', targetId: orgId }, () => {
      const org = this.core.org(orgId);
      if (powerIn(actor, orgId) === 'none') forbid(`you have no power in org ${orgId}`);
      return toOrg(org);
    });
  }

  createOrg(actor: Actor, input: CreateOrgInput): Org {
    return this.core.mutate(
      actor,
      (o?: Org) => ({ action: 'org.create', orgId: o?.id ?? null, targetType: 'org', targetId: o?.id ?? null }),
      () => {
        assertName('name', input.name);
        if (!actor.isSuperAdmin) forbid('only a super admin creates orgs');
        const info = this.q.insertOrg.run(input.name, input.allowUserKeys ? 1 : 0, this.core.now());
        return toOrg(this.core.org(Number(info.lastInsertRowid)));
      },
    );
  }

  updateOrg(actor: Actor, orgId: number, patch: UpdateOrgInput): Org {
    return this.core.mutate(
      actor,
      () => ({ action: 'org.update', orgId, targetType: 'org', targetId: orgId }),
      () => {
        assertName('name', patch.name);
        this.core.org(orgId);
        requireAdmin(actor, orgId);
        if (patch.name !== undefined) this.q.renameOrg.run(patch.name, orgId);
        if (patch.allowUserKeys !== undefined) this.q.setAllowUserKeys.run(patch.allowUserKeys ? 1 : 0, orgId);
        return toOrg(this.core.org(orgId));
      },
    );
  }

  listMembers(actor: Actor, orgId: number, q: PageQuery = {}): Page<Membership> {
    const limit = limitOf(q.limit);
    const after = decodeCursor(q.cursor) ?? 0;
    return this.core.read(actor, { action: 'member.list', orgId, targetType: 'org', targetId: orgId }, () => {
      this.core.org(orgId);
      requireAdmin(actor, orgId);
      return toPage(this.q.membersAfter.all(orgId, after, limit + 1), limit, joined);
    });
  }

  private memberRow(orgId: number, userId: number): JoinedRow {
    this.core.org(orgId);
    const row = this.q.member.get(orgId, userId);
    if (!row) throw new KeywardenError('NOT_FOUND', `user ${userId} is not a member of org ${orgId}`);
    return row;
  }

  /** Admins of the org, or the user themself. */
  getMembership(actor: Actor, orgId: number, userId: number): Membership {
    return this.core.read(actor, { action: 'member.read', orgId, targetType: 'user', targetId: userId }, () => {
      this.core.org(orgId);
      const power = powerIn(actor, orgId);
      if (power === 'none') forbid(`you have no power in org ${orgId}`);
      const row = this.memberRow(orgId, userId);
      if (power !== 'admin' && actor.userId !== userId) forbid('members may load only their own membership');
      return joined(row);
    });
  }

  addMember(actor: Actor, orgId: number, input: AddMemberInput): Membership {
    return this.core.mutate(
      actor,
      (m?: Membership) => ({ action: 'member.add', orgId, targetType: 'user', targetId: m?.userId ?? null }),
      () => {
        assertName('firstName', input.firstName);
        assertName('lastName', input.lastName);
        this.core.org(orgId);
        requireAdmin(actor, orgId);
        const now = this.core.now();
        let user = this.q.userByEmail.get(input.email);
        if (!user) {
          const info = this.q.insertUser.run(input.email, input.firstName, input.lastName, now);
          user = this.core.user(Number(info.lastInsertRowid));
        }
        const existing = this.core.membershipOf(orgId, user.id, true);
        if (existing && existing.removed_at === null)
          throw new KeywardenError('CONFLICT', `${input.email} is already a member of org ${orgId}`);
        if (existing) {
          // Re-adding someone who was removed revives the membership but not the keys it had:
          // those were given up with the removal, so they are revoked now.
          this.q.reviveMembership.run(input.role ?? 'member', existing.id);
          this.q.revokeKeysOf.run(now, existing.id);
        } else {
          this.q.insertMembership.run(orgId, user.id, input.role ?? 'member', 'active', now);
        }
        return joined(this.memberRow(orgId, user.id));
      },
    );
  }

  updateMember(actor: Actor, orgId: number, userId: number, patch: UpdateMemberInput): Membership {
    return this.core.mutate(
      actor,
      () => ({ action: 'member.update', orgId, targetType: 'user', targetId: userId }),
      () => {
        this.core.org(orgId);
        requireAdmin(actor, orgId);
        const row = this.memberRow(orgId, userId);
        if (patch.role === 'member' || patch.status === 'inactive') guardSuperAdmin(actor, row, 'demote or deactivate');
        if (patch.role !== undefined) this.q.setRole.run(patch.role, row.id);
        if (patch.status !== undefined) this.q.setMembershipStatus.run(patch.status, row.id);
        return joined(this.memberRow(orgId, userId));
      },
    );
  }

  removeMember(actor: Actor, orgId: number, userId: number): void {
    this.core.mutate(
      actor,
      () => ({ action: 'member.remove', orgId, targetType: 'user', targetId: userId }),
      () => {
        this.core.org(orgId);
        requireAdmin(actor, orgId);
        const row = this.memberRow(orgId, userId);
        guardSuperAdmin(actor, row, 'remove');
        this.q.removeMembership.run(this.core.now(), row.id);
      },
    );
  }

  updateUser(actor: Actor, userId: number, patch: UpdateUserInput): User {
    return this.core.mutate(
      actor,
      () => ({ action: 'user.update', orgId: null, targetType: 'user', targetId: userId }),
      () => {
        if (!actor.isSuperAdmin) forbid('only a super admin changes a user');
        this.core.user(userId);
        const self = actor.userId === userId || actor.impersonatorUserId === userId;
        if (self && patch.status === 'disabled') throw new KeywardenError('CONFLICT', 'you cannot disable yourself');
        this.q.setUserStatus.run(patch.status, userId);
        return toUser(this.core.user(userId));
      },
    );
  }
}
