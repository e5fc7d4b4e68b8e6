import type { Db } from './db';

export interface AuditInsert {
  at: number;
  orgId: number | null;
  action: string;
  outcome: 'ok' | 'denied';
  code: string | null;
  actorUserId: number | null;
  impersonatorUserId: number | null;
  keyId: number | null;
  keyStart: string | null;
  targetType: string | null;
  targetId: number | null;
}

const FLUSH_MS = 1000;
const FLUSH_AT = 2000;
/** Rows per multi-row INSERT: 11 values each, well under SQLite's 32,766 bound parameters. */
const AUDIT_CHUNK = 500;

/**
 * Batches the writes that verification causes (lastUsedAt, audit of reads and failed
 * authentications) so the hot path never waits on SQLite. Flushed at least every second,
 * before anything reads the audit, inside every lifecycle transaction, and on close.
 */
export class WriteBehind {
  private readonly lastUsed = new Map<number, number>();
  private audits: AuditInsert[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly updateLastUsed;
  private readonly insertAudit;
  private readonly insertMany = new Map<number, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.updateLastUsed = db.prepare(
      'UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?',
    );
    // Positional: audit rows are written by the thousand (reads under load, createMany).
    this.insertAudit = db.prepare(`INSERT INTO audit (at, org_id, action, outcome, code, actor_user_id,
      impersonator_user_id, key_id, key_start, target_type, target_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private insertRow(a: AuditInsert) {
    return this.insertAudit.run(
      a.at,
      a.orgId,
      a.action,
      a.outcome,
      a.code,
      a.actorUserId,
      a.impersonatorUserId,
      a.keyId,
      a.keyStart,
      a.targetType,
      a.targetId,
    );
  }

  touch(keyId: number, at: number): void {
    this.lastUsed.set(keyId, at);
  }

  pendingLastUsed(keyId: number): number | undefined {
    return this.lastUsed.get(keyId);
  }

  audit(row: AuditInsert): void {
    this.audits.push(row);
    if (this.audits.length >= FLUSH_AT) this.flush();
  }

  /** Writes now, in the caller's transaction if there is one. */
  writeAuditNow(row: AuditInsert): number {
    return Number(this.insertRow(row).lastInsertRowid);
  }

  /**
   * Many rows now, in the caller's transaction: a multi-row INSERT per chunk rather than a
   * statement per row (createMany writes one entry per key, thousands at a time).
   */
  writeAuditsNow(rows: AuditInsert[]): void {
    for (let i = 0; i < rows.length; i += AUDIT_CHUNK) {
      const chunk = rows.slice(i, i + AUDIT_CHUNK);
      let stmt = this.insertMany.get(chunk.length);
      if (!stmt) {
        stmt = this.db
          .prepare(`INSERT INTO audit (at, org_id, action, outcome, code, actor_user_id, impersonator_user_id,
          key_id, key_start, target_type, target_id) VALUES ${Array(chunk.length).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
        this.insertMany.set(chunk.length, stmt);
      }
      const params: unknown[] = [];
      for (const a of chunk)
        params.push(
          a.at,
          a.orgId,
          a.action,
          a.outcome,
          a.code,
          a.actorUserId,
          a.impersonatorUserId,
          a.keyId,
          a.keyStart,
          a.targetType,
          a.targetId,
        );
      stmt.run(params);
    }
  }

  get pending(): number {
    return this.lastUsed.size + this.audits.length;
  }

  flush(): void {
    if (this.pending === 0 || !this.db.open) return;
    const used = [...this.lastUsed];
    const audits = this.audits;
    this.lastUsed.clear();
    this.audits = [];
    const write = () => {
      for (const [id, at] of used) this.updateLastUsed.run(at, id);
      for (const a of audits) this.insertRow(a);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
