// GET /user/users/me: the acting user, org, membership and key in one statement. It is the
// call clients make most (a health check with the key), so it is priced like verification:
// one prepared statement read as an array (better-sqlite3 builds a plain array in about half
// the time of an object with 33 named properties) with positional parameters.
import type { Me } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import type { Actor } from './actor';
import type { EngineCore } from './core';
import type { Statement } from './db';
import { lastUseOf, toKeyMeta, type KeyRow, type LastUseFrom } from './rows';
import { withJson } from './replyJson';
import { RowMemo } from './rowMemo';

type AllNull<T> = { [K in keyof T]: null };

/** The user's columns: all null when the actor has no user (or it is gone). */
type UserColumns = [
  u_id: number | null,
  u_email: string | null,
  u_first_name: string | null,
  u_last_name: string | null,
  u_status: 'active' | 'disabled' | null,
];

/** The org's columns: all present, or all null when there is no org (or it is gone). */
type OrgColumns = [o_id: number, o_name: string, o_allow_user_keys: number];

/**
 * The row, in the statement's column order: the user's, the org's, then the key's. A LEFT
 * JOINed table's columns are all there or all null, so each part is a union of the two.
 */
type MeColumns =
  | [...UserColumns, ...OrgColumns, ...KeyColumns]
  | [...UserColumns, ...OrgColumns, ...AllNull<KeyColumns>]
  | [...UserColumns, ...AllNull<OrgColumns>, ...KeyColumns]
  | [...UserColumns, ...AllNull<OrgColumns>, ...AllNull<KeyColumns>];

/** A row with a key. */
type WithKey = [...UserColumns, ...(OrgColumns | AllNull<OrgColumns>), ...KeyColumns];

/** KeyRow's fields in the order the statement selects them. */
type KeyColumns = [
  id: KeyRow['id'],
  kind: KeyRow['kind'],
  org_id: KeyRow['org_id'],
  membership_id: KeyRow['membership_id'],
  user_id: KeyRow['user_id'],
  name: KeyRow['name'],
  description: KeyRow['description'],
  start: KeyRow['start'],
  scopes: KeyRow['scopes'],
  read_only: KeyRow['read_only'],
  can_impersonate: KeyRow['can_impersonate'],
  status: KeyRow['status'],
  disabled_by_admin: KeyRow['disabled_by_admin'],
  expires_at: KeyRow['expires_at'],
  created_at: KeyRow['created_at'],
  created_by: KeyRow['created_by'],
  last_used_at: KeyRow['last_used_at'],
  revoked_at: KeyRow['revoked_at'],
  rolled_to: KeyRow['rolled_to'],
  labels: KeyRow['labels'],
  rolled_from: KeyRow['rolled_from'],
  rolled_at: KeyRow['rolled_at'],
  revoke_when_quiet_seconds: KeyRow['revoke_when_quiet_seconds'],
  last_used_ip: KeyRow['last_used_ip'],
  last_used_ua: KeyRow['last_used_ua'],
];

const KEY_SQL = `k.id, k.kind, k.org_id, k.membership_id, km.user_id, k.name, k.description, k.start, k.scopes,
  k.read_only, k.can_impersonate, k.status, k.disabled_by_admin, k.expires_at, k.created_at, k.created_by,
  k.last_used_at, k.revoked_at, k.rolled_to, k.labels, k.rolled_from, k.rolled_at, k.revoke_when_quiet_seconds,
  k.last_used_ip, k.last_used_ua`;

function keyRow(c: WithKey): KeyRow {
  return {
    id: c[8],
    kind: c[9],
    org_id: c[10],
    membership_id: c[11],
    user_id: c[12],
    name: c[13],
    description: c[14],
    start: c[15],
    scopes: c[16],
    read_only: c[17],
    can_impersonate: c[18],
    status: c[19],
    disabled_by_admin: c[20],
    expires_at: c[21],
    created_at: c[22],
    created_by: c[23],
    last_used_at: c[24],
    revoked_at: c[25],
    rolled_to: c[26],
    labels: c[27],
    rolled_from: c[28],
    rolled_at: c[29],
    revoke_when_quiet_seconds: c[30],
    last_used_ip: c[31],
    last_used_ua: c[32],
  };
}

/** What is kept for one acting identity while the database is unchanged. */
interface Kept {
  /** The reply with the key's stored last use; frozen, its JSON recorded (replyJson.ts). */
  base: Me;
  /** The key's row, to weigh a pending last use against the stored one; null without a key. */
  row: KeyRow | null;
  /** base's JSON cut around key.lastUsedAt and key.lastUsedFrom; null without a key. */
  parts: [before: string, between: string, after: string] | null;
  /** The last reply made from base, and the use it shows: calls in the same millisecond share it. */
  last: { at: number; ip: string | null; userAgent: string | null; reply: Me } | null;
}

/** Freezes a reply and everything in it: a kept one is handed to every caller. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// Stand-ins for the two values that change with every call. Control characters are refused
// in every name and label (docs/rules.md), so their JSON cannot occur in stored data; the
// cut is checked anyway and skipped if they are not found exactly once each.
const AT = '\u0000kw:lastUsedAt\u0000';
const FROM = '\u0000kw:lastUsedFrom\u0000';

function cut(reply: Me): Kept['parts'] {
  if (reply.key === null) return null;
  const text = JSON.stringify({ ...reply, key: { ...reply.key, lastUsedAt: AT, lastUsedFrom: FROM } });
  const [before, rest, ...more] = text.split(JSON.stringify(AT));
  if (rest === undefined || more.length > 0) return null;
  const [between, after, ...extra] = rest.split(JSON.stringify(FROM));
  if (after === undefined || extra.length > 0) return null;
  return [before, between, after];
}

export class MeReader {
  private readonly rows: Statement<[number | null, number | null, number | null], MeColumns>;
  /** Kept replies by acting identity while the database is unchanged (rule 5 holds: rowMemo.ts). */
  private readonly memo: RowMemo<Kept>;

  constructor(private readonly core: EngineCore) {
    this.memo = new RowMemo(core.version);
    this.rows = core.db
      .prepare<[number | null, number | null, number | null], MeColumns>(
        `SELECT u.id, u.email, u.first_name, u.last_name, u.status, o.id, o.name, o.allow_user_keys, ${KEY_SQL}
        FROM (SELECT 1) LEFT JOIN users u ON u.id = ? LEFT JOIN orgs o ON o.id = ?
        LEFT JOIN api_keys k ON k.id = ? LEFT JOIN memberships km ON km.id = k.membership_id`,
      )
      .raw(true);
  }

  me(actor: Actor): Me {
    return this.core.read(actor, { action: 'user.me', orgId: actor.orgId }, () => {
      const keyId = actor.key === null ? null : actor.key.id;
      // Everything of the actor the reply reads; the rest comes from the database, which the memo vouches for.
      const id = `${actor.userId} ${actor.orgId} ${keyId} ${actor.orgUserId} ${actor.role} ${actor.isSuperAdmin} ${actor.impersonatorUserId}`;
      let kept = this.memo.get(id, actor);
      if (kept === undefined) {
        kept = this.keep(actor, keyId);
        this.memo.keep(id, kept, actor);
      }
      return this.withLastUse(kept);
    });
  }

  /**
   * The kept reply with the key's pending last use, which changes with each call: reads
   * always see pending writes (docs/rules.md). Only that part is new text.
   */
  private withLastUse(kept: Kept): Me {
    const { base, row, parts, last } = kept;
    const pending = row === null ? undefined : this.core.writes.pendingLastUse(row.id);
    if (row === null || base.key === null || pending === undefined || pending.at < (row.last_used_at ?? 0)) return base;
    if (last !== null && last.at === pending.at && last.ip === pending.ip && last.userAgent === pending.userAgent)
      return last.reply;
    const reply = this.showing(base, base.key, row, parts, pending);
    kept.last = { at: pending.at, ip: pending.ip, userAgent: pending.userAgent, reply };
    return reply;
  }

  /** base showing a pending last use. */
  private showing(base: Me, key: NonNullable<Me['key']>, row: KeyRow, parts: Kept['parts'], pending: LastUseFrom): Me {
    const use = lastUseOf(row, pending);
    // Frozen like base: its recorded text must stay true. lastUsedFrom is new, the rest is base's.
    const reply: Me = { ...base, key: Object.freeze({ ...key, ...use }) };
    if (parts !== null)
      withJson(
        reply,
        `${parts[0]}${JSON.stringify(use.lastUsedAt)}${parts[1]}${JSON.stringify(use.lastUsedFrom)}${parts[2]}`,
      );
    return Object.freeze(reply);
  }

  private keep(actor: Actor, keyId: number | null): Kept {
    const c = this.rows.get(actor.userId, actor.orgId, keyId);
    // Never: every table is LEFT JOINed to (SELECT 1), so there is always one row.
    if (c === undefined) throw new KeywardenError('INTERNAL', 'me() read no row');
    const [uId, email, firstName, lastName, status, oId, oName, allowUserKeys] = c;
    if (actor.userId !== null && uId === null)
      throw new KeywardenError('NOT_FOUND', `user ${actor.userId} does not exist`);
    if (actor.orgId !== null && oId === null)
      throw new KeywardenError('NOT_FOUND', `org ${actor.orgId} does not exist`);
    const impersonator = actor.impersonatorUserId === null ? null : this.core.user(actor.impersonatorUserId);
    const user = uId !== null;
    const row = actor.key && c[8] !== null ? keyRow(c) : null;
    const base: Me = {
      id: uId,
      email: user ? email : null,
      firstName: user ? firstName : null,
      lastName: user ? lastName : null,
      isSuperAdmin: actor.isSuperAdmin,
      status: user ? status : null,
      currentOrg: oId === null ? null : { id: oId, name: oName, allowUserKeys: allowUserKeys === 1 },
      orgUserId: actor.orgUserId,
      role: actor.role,
      key: row === null ? null : toKeyMeta(row),
      impersonatedBy: impersonator && { id: impersonator.id, email: impersonator.email },
    };
    deepFreeze(withJson(base, JSON.stringify(base)));
    return { base, row, parts: cut(base), last: null };
  }
}
