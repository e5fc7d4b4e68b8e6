import { hash } from 'node:crypto';
import type { Environment, Role, Scope } from '../../shared/domain';
import { KeywardenError, type ErrorCode } from '../../shared/errors';
import { KEY_LENGTH, parseKey, startOf } from '../../shared/keyFormat';
import type { Actor } from './actor';
import type { EngineCore } from './core';
import { parseScopes } from './rows';
import { RowMemo } from './rowMemo';

/**
 * A key's SHA-256 as a binary string: the verification memo's key. One-shot, and as a string,
 * which V8 returns in a third of the time of a Buffer.
 */
const digestText = (key: string): string => hash('sha256', key, 'binary');

/** The same digest as stored in api_keys.digest. */
export const digestOf = (key: string): Buffer => Buffer.from(digestText(key), 'binary');

export interface AuthContext {
  /** HTTP method; anything but GET and HEAD is refused to a read-only key (rule 9). */
  method: string;
  /** `integration` routes need it on top of `rest` (rule 10). */
  scope: 'rest' | 'integration';
  /** Raw `impersonate-user-id` header, if any (rule 11). */
  impersonate?: string | null;
  /** Where the call came from, kept as the key's lastUsedFrom (docs/usage-and-rotation.md). */
  ip?: string | null;
  userAgent?: string | null;
}

const USER_AGENT_MAX = 200;

interface VerifyRow {
  id: number;
  kind: 'user' | 'org';
  org_id: number;
  membership_id: number | null;
  start: string;
  scopes: string;
  read_only: number;
  can_impersonate: number;
  status: 'enabled' | 'disabled';
  expires_at: number | null;
  revoked_at: number | null;
  user_id: number | null;
  role: Role | null;
  m_status: string | null;
  removed_at: number | null;
  is_super_admin: number | null;
  u_status: string | null;
}

/** byDigest's row in raw mode: VerifyRow's columns, in order. */
type VerifyTuple = [
  number,
  VerifyRow['kind'],
  number,
  number | null,
  string,
  string,
  number,
  number,
  VerifyRow['status'],
  number | null,
  number | null,
  number | null,
  Role | null,
  string | null,
  number | null,
  number | null,
  string | null,
];

/**
 * The hot path reads the row as an array (better-sqlite3 builds a plain array much faster
 * than an object with named properties); the names follow byDigest's column list, in order.
 */
function toVerifyRow(r: VerifyTuple): VerifyRow {
  const [
    id,
    kind,
    org_id,
    membership_id,
    start,
    scopes,
    read_only,
    can_impersonate,
    status,
    expires_at,
    revoked_at,
    user_id,
    role,
    m_status,
    removed_at,
    is_super_admin,
    u_status,
  ] = r;
  return {
    id,
    kind,
    org_id,
    membership_id,
    start,
    scopes,
    read_only,
    can_impersonate,
    status,
    expires_at,
    revoked_at,
    user_id,
    role,
    m_status,
    removed_at,
    is_super_admin,
    u_status,
  };
}

/** Why a key may not make a call: the error's code and message. */
export interface Refusal {
  code: ErrorCode;
  reason: string;
  start: string | null;
}

interface Failure extends Refusal {
  row?: VerifyRow;
}

interface TargetRow {
  user_id: number;
  role: Role;
  m_status: string;
  removed_at: number | null;
  is_super_admin: number;
  u_status: string;
}

export type CheckResult =
  | { valid: true; start: string; environment: Environment; status: 'enabled' }
  | { valid: false; code: ErrorCode; reason: string; start: string | null };

/**
 * Verification in the order of docs/rules.md. One SHA-256 and one indexed SELECT on the
 * success path; lastUsedAt is batched by WriteBehind.
 */
export class Verifier {
  private readonly byDigest;
  private readonly target;
  /** Verification rows by digest while the database is unchanged (rule 5 holds: rowMemo.ts); null: a well-formed key of this environment that is none of ours. */
  private readonly memo: RowMemo<VerifyRow | null>;

  constructor(private readonly core: EngineCore) {
    this.memo = new RowMemo(core.version);
    this.byDigest = core.db
      .prepare<[digest: Buffer], VerifyTuple>(
        `SELECT k.id, k.kind, k.org_id, k.membership_id, k.start, k.scopes,
      k.read_only, k.can_impersonate, k.status, k.expires_at, k.revoked_at,
      m.user_id, m.role, m.status AS m_status, m.removed_at, u.is_super_admin, u.status AS u_status
      FROM api_keys k LEFT JOIN memberships m ON m.id = k.membership_id LEFT JOIN users u ON u.id = m.user_id
      WHERE k.digest = ?`,
      )
      .raw(true);
    this.target = core.db.prepare<
      [orgId: number | null, userId: number],
      TargetRow
    >(`SELECT m.user_id, m.role, m.status AS m_status, m.removed_at,
      u.is_super_admin, u.status AS u_status
      FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = ? AND m.user_id = ?`);
  }

  /** Steps present → … → active user and membership. Returns the row or the failing code. */
  private identify(raw: string | null | undefined): { row: VerifyRow } | Failure {
    // A remembered row was kept only after its key passed the format and environment
    // checks, and an equal digest is the same text: the same verdict, so a known key skips
    // them. Anything else goes through every step, in order.
    const text = typeof raw === 'string' ? raw.trim() : '';
    const id = text.length === KEY_LENGTH ? digestText(text) : null;
    let row = id === null ? undefined : this.memo.get(id);
    // Known to be no key of ours, as long as the database is unchanged: a stream of unknown
    // keys (bench (b), 401 workload) costs no lookup, and the first key created is seen.
    if (row === null) return { code: 'UNKNOWN_KEY', reason: 'no such key', start: startOf(text) };
    if (row === undefined) {
      const parsed = parseKey(raw);
      if (!parsed.ok) return { code: parsed.code, reason: parsed.reason, start: startOf(raw) };
      if (parsed.env !== this.core.environment) {
        return {
          code: 'WRONG_ENVIRONMENT',
          reason: `this is a ${parsed.env} key; this server is ${this.core.environment}`,
          start: parsed.start,
        };
      }
      const digest = id ?? digestText(text);
      const found = this.byDigest.get(Buffer.from(digest, 'binary'));
      if (!found) {
        this.memo.keep(digest, null);
        return { code: 'UNKNOWN_KEY', reason: 'no such key', start: parsed.start };
      }
      row = toVerifyRow(found);
      this.memo.keep(digest, row);
    }
    const now = this.core.now();
    if (row.revoked_at !== null) return { code: 'REVOKED', reason: 'the key was deleted', start: row.start, row };
    if (row.status === 'disabled') return { code: 'DISABLED', reason: 'the key is disabled', start: row.start, row };
    if (row.expires_at !== null && row.expires_at <= now)
      return { code: 'EXPIRED', reason: 'the key has expired', start: row.start, row };
    if (row.kind === 'user' && (row.u_status !== 'active' || row.m_status !== 'active' || row.removed_at !== null)) {
      return { code: 'INACTIVE_USER', reason: "the key's user or membership is not active", start: row.start, row };
    }
    return { row };
  }

  /** verify(), for callers that want a refusal thrown: the desktop app's local backend, tests. */
  authenticate(raw: string | null | undefined, ctx: AuthContext): Actor {
    const r = this.verify(raw, ctx);
    if ('code' in r) throw new KeywardenError(r.code, r.reason);
    return r;
  }

  /**
   * Decides whether the key may make this call, records the call (lastUsedAt, usage, and
   * the audit of a refusal), and returns the actor or the refusal. A refusal is returned,
   * not thrown: the HTTP path answers it like any other reply, as cheaply as a success.
   */
  verify(raw: string | null | undefined, ctx: AuthContext): Actor | Refusal {
    // A new request: no earlier reading of the database's counters serves it (rowMemo.ts).
    this.core.version.forget();
    const found = this.identify(raw);
    if ('code' in found) {
      this.core.authFailure(found.code, found.start, found.row?.org_id ?? null, found.row?.id ?? null);
      return { code: found.code, reason: found.reason, start: found.start };
    }
    const row = found.row;
    const scopes = parseScopes(row.scopes);
    if (!scopes.includes('rest')) return this.deny(row, 'SCOPE_DENIED', 'the key lacks the rest scope');
    if (ctx.scope === 'integration' && !scopes.includes('integration'))
      return this.deny(row, 'SCOPE_DENIED', 'the key lacks the integration scope');
    const method = ctx.method.toUpperCase();
    if (row.read_only === 1 && method !== 'GET' && method !== 'HEAD')
      return this.deny(row, 'READ_ONLY', 'the key is read-only');

    const key = {
      id: row.id,
      start: row.start,
      kind: row.kind,
      scopes: scopes as Scope[],
      readOnly: row.read_only === 1,
      canImpersonate: row.can_impersonate === 1,
    };
    const at = this.core.now();
    const ua = ctx.userAgent;
    this.core.writes.touch(
      row.id,
      at,
      ctx.ip ?? null,
      ua === undefined || ua === null ? null : ua.length > USER_AGENT_MAX ? ua.slice(0, USER_AGENT_MAX) : ua,
    );
    const actor: Actor = {
      userId: row.user_id,
      isSuperAdmin: row.is_super_admin === 1,
      orgId: row.org_id,
      orgUserId: row.membership_id,
      role: row.kind === 'org' ? 'admin' : row.role,
      key,
      impersonatorUserId: null,
    };
    if (ctx.impersonate === undefined || ctx.impersonate === null) {
      this.core.writes.count(row.id, at, 'ok');
      this.core.version.vouch(actor);
      return actor;
    }
    const acting = this.impersonate(actor, ctx.impersonate, row);
    if (!('code' in acting)) this.core.writes.count(row.id, at, 'ok');
    return acting;
  }

  /** A refusal of an identified key: audited and counted as that key's refused call. */
  private deny(row: VerifyRow, code: ErrorCode, reason: string): Refusal {
    this.core.authFailure(code, row.start, row.org_id, row.id);
    return { code, reason, start: row.start };
  }

  private impersonate(actor: Actor, header: string, row: VerifyRow): Actor | Refusal {
    const deny = (reason: string): Refusal => this.deny(row, 'IMPERSONATION_DENIED', reason);
    if (!/^[1-9]\d{0,15}$/.test(header.trim())) return deny('impersonate-user-id must be a user id');
    if (!actor.key?.canImpersonate) return deny('the key may not impersonate');
    const targetId = Number(header.trim());
    const t = this.target.get(actor.orgId, targetId);
    if (!t || t.removed_at !== null || t.m_status !== 'active' || t.u_status !== 'active') {
      return deny("the target is not an active user with an active membership in the key's org");
    }
    if (t.is_super_admin === 1 && !actor.isSuperAdmin)
      return deny('impersonating a super admin needs a super-admin key');
    const membership = this.core.membershipOf(actor.orgId as number, targetId);
    return {
      userId: targetId,
      isSuperAdmin: t.is_super_admin === 1,
      orgId: actor.orgId,
      orgUserId: membership?.id ?? null,
      role: t.role,
      key: actor.key,
      impersonatorUserId: actor.userId,
    };
  }

  /** The "check a key" box: the verdict and why, with no side effects and nothing else revealed. */
  check(raw: string | null | undefined): CheckResult {
    const found = this.identify(raw);
    if ('code' in found) return { valid: false, code: found.code, reason: found.reason, start: found.start };
    return { valid: true, start: found.row.start, environment: this.core.environment, status: 'enabled' };
  }
}
