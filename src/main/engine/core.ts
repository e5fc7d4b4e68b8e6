import type { AuditActionName, AuditOutcome, Environment } from '../../shared/domain';
import { KeywardenError, type ErrorCode } from '../../shared/errors';
import type { Actor } from './actor';
import type { Db } from './db';
import type { MembershipRow, OrgRow, UserRow } from './rows';
import type { Clock } from './time';
import { DbVersion } from './rowMemo';
import { authEvent, WriteBehind, type AuditInsert } from './writeBehind';

export interface AuditTarget {
  action: AuditActionName;
  orgId: number | null;
  targetType?: string | null;
  targetId?: number | null;
}

/** What every domain module of the engine works with. */
export class EngineCore {
  readonly writes: WriteBehind;
  /** Whether the file changed since a row was read: what lets the request path reuse it (rowMemo.ts). */
  readonly version: DbVersion;
  private readonly orgById;
  private readonly userById;
  private readonly membershipById;
  private readonly membershipByOrgUser;

  constructor(
    readonly db: Db,
    readonly environment: Environment,
    readonly now: Clock,
  ) {
    this.version = new DbVersion(db);
    this.writes = new WriteBehind(db, () => this.version.forget());
    this.orgById = db.prepare<[id: number], OrgRow>('SELECT * FROM orgs WHERE id = ?');
    this.userById = db.prepare<[id: number], UserRow>('SELECT * FROM users WHERE id = ?');
    this.membershipById = db.prepare<[id: number], MembershipRow>('SELECT * FROM memberships WHERE id = ?');
    this.membershipByOrgUser = db.prepare<[orgId: number, userId: number], MembershipRow>(
      'SELECT * FROM memberships WHERE org_id = ? AND user_id = ?',
    );
  }

  org(id: number): OrgRow {
    const row = this.orgById.get(id);
    if (!row) throw new KeywardenError('NOT_FOUND', `org ${id} does not exist`);
    return row;
  }

  user(id: number): UserRow {
    const row = this.userById.get(id);
    if (!row) throw new KeywardenError('NOT_FOUND', `user ${id} does not exist`);
    return row;
  }

  /** A membership that has not been removed. */
  membership(id: number): MembershipRow {
    const row = this.membershipById.get(id);
    if (!row || row.removed_at !== null) throw new KeywardenError('NOT_FOUND', `membership ${id} does not exist`);
    return row;
  }

  /** A membership, removed or not. */
  membershipRow(id: number): MembershipRow {
    const row = this.membershipById.get(id);
    if (!row) throw new KeywardenError('NOT_FOUND', `membership ${id} does not exist`);
    return row;
  }

  membershipOf(orgId: number, userId: number, includeRemoved = false): MembershipRow | undefined {
    const row = this.membershipByOrgUser.get(orgId, userId);
    return row && (includeRemoved || row.removed_at === null) ? row : undefined;
  }

  private auditRow(actor: Actor, t: AuditTarget, outcome: AuditOutcome, code: string | null): AuditInsert {
    return {
      at: this.now(),
      orgId: t.orgId,
      action: t.action,
      outcome,
      code,
      actorUserId: actor.userId,
      impersonatorUserId: actor.impersonatorUserId,
      keyId: actor.key?.id ?? null,
      keyStart: actor.key?.start ?? null,
      targetType: t.targetType ?? null,
      targetId: t.targetId ?? null,
    };
  }

  /**
   * A lifecycle change: the change and its audit entry commit together. A refusal is
   * audited as denied and rethrown.
   */
  mutate<T>(actor: Actor, target: (result: T | undefined) => AuditTarget, fn: () => T): T {
    this.writes.flush();
    this.version.forget();
    try {
      // IMMEDIATE takes the write lock first, waiting out busy_timeout. A deferred one reads
      // (the audit head) and then upgrades: when another process (the CLI and the app share
      // files) wrote in between, SQLite fails that upgrade at once with SQLITE_BUSY.
      return this.db
        .transaction(() => {
          const result = fn();
          this.writes.writeAuditNow(this.auditRow(actor, target(result), 'ok', null));
          return result;
        })
        .immediate();
    } catch (e) {
      if (e instanceof KeywardenError) this.denied(actor, target(undefined), e);
      throw e;
    }
  }

  /** A read: audited (buffered) only when it came through a key, i.e. an authenticated call. */
  read<T>(actor: Actor, target: AuditTarget, fn: () => T): T {
    try {
      const result = fn();
      if (actor.key) this.writes.audit(this.auditRow(actor, target, 'ok', null));
      return result;
    } catch (e) {
      if (e instanceof KeywardenError && actor.key) this.denied(actor, target, e);
      throw e;
    }
  }

  /** Logs a refused call (buffered) and marks the error as logged. */
  denied(actor: Actor, target: AuditTarget, e: KeywardenError): void {
    if (e.audited) return;
    const row = this.auditRow(actor, target, 'denied', e.code);
    this.writes.audit(row);
    // The call was counted as ok when its key was verified; it ended refused.
    if (actor.key) this.writes.recount(actor.key.id, row.at);
    e.audited = true;
  }

  /**
   * A failed authentication, with the key's start only (rule 12). One that names a key of
   * ours is an event and counts as a refused call of that key; one that names none is
   * aggregated per hour (see WriteBehind.unidentified).
   */
  authFailure(code: ErrorCode, keyStart: string | null, orgId: number | null, keyId: number | null): void {
    const at = this.now();
    if (keyId === null) {
      // The event is built only for the first of its kind this hour (no closure per refusal).
      this.writes.unidentified(at, code, keyStart, orgId);
      return;
    }
    this.writes.audit(authEvent(at, code, keyStart, orgId, keyId));
    this.writes.count(keyId, at, 'denied');
  }
}

export const forbid = (message: string): never => {
  throw new KeywardenError('FORBIDDEN', message);
};
