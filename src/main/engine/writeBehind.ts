import { CHAIN_CALL, CHAIN_KEPT, ChainWriter, type AuditInsert } from './auditChain';
import type { Db } from './db';

export type { AuditInsert } from './auditChain';

const FLUSH_MS = 1000;
const FLUSH_AT = 2000;
export const HOUR_MS = 3_600_000;
/** Distinct (code, start) pairs of unidentified failures that get an audit event, per hour. */
const FAILURE_STARTS_PER_HOUR = 1000;

/** A failed authentication as an audit event: the key named by its start only (rule 12). */
export const authEvent = (
  at: number,
  code: string,
  keyStart: string | null,
  orgId: number | null,
  keyId: number | null,
): AuditInsert => ({
  at,
  orgId,
  action: 'auth',
  outcome: 'denied',
  code,
  actorUserId: null,
  impersonatorUserId: null,
  keyId,
  keyStart,
  targetType: null,
  targetId: null,
});

export interface LastUse {
  at: number;
  ip: string | null;
  userAgent: string | null;
}

/** One key's counts for one hour, not yet written. */
interface Cell {
  ok: number;
  denied: number;
}

/**
 * Batches the writes that verification causes (lastUsedAt and lastUsedFrom, usage
 * counters, audit of reads and refusals, aggregates of failed authentications) so the hot
 * path never waits on SQLite. Flushed at least every second, before anything reads what it
 * holds, inside every lifecycle transaction, and on close.
 */
export class WriteBehind {
  private readonly lastUsed = new Map<number, LastUse>();
  private usage = new Map<number, Map<number, Cell>>();
  private usageCells = 0;
  private failures = new Map<string, { hour: number; code: string; start: string; n: number }>();
  private audits: AuditInsert[] = [];
  /** "code start" pairs already audited this hour: a repeated junk key is counted, not logged again. */
  private seenFailures = new Set<string>();
  private seenHour = -1;
  private readonly timer: NodeJS.Timeout;
  private readonly updateLastUsed;
  private readonly addUsage;
  private readonly addFailures;
  readonly chain: ChainWriter;

  /** `onWrite`: told after each flush, so memos of the database re-check it (rowMemo.ts). */
  constructor(
    private readonly db: Db,
    private readonly onWrite: () => void = () => {},
  ) {
    this.updateLastUsed = db.prepare<
      [at: number, ip: string | null, userAgent: string | null, keyId: number, at: number]
    >(`UPDATE api_keys SET last_used_at = ?, last_used_ip = ?, last_used_ua = ?
      WHERE id = ? AND coalesce(last_used_at, 0) <= ?`);
    this.addUsage = db.prepare<
      [keyId: number, hour: number, ok: number, denied: number]
    >(`INSERT INTO key_usage (key_id, hour, ok, denied) VALUES (?, ?, ?, ?)
      ON CONFLICT (key_id, hour) DO UPDATE SET ok = ok + excluded.ok, denied = denied + excluded.denied`);
    this.addFailures = db.prepare<
      [hour: number, code: string, keyStart: string, count: number]
    >(`INSERT INTO auth_failures (hour, code, key_start, count) VALUES (?, ?, ?, ?)
      ON CONFLICT (hour, code, key_start) DO UPDATE SET count = count + excluded.count`);
    this.chain = new ChainWriter(db);
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  touch(keyId: number, at: number, ip: string | null = null, userAgent: string | null = null): void {
    const prev = this.lastUsed.get(keyId);
    if (prev === undefined) this.lastUsed.set(keyId, { at, ip, userAgent });
    else if (prev.at <= at) {
      prev.at = at;
      prev.ip = ip;
      prev.userAgent = userAgent;
    }
  }

  pendingLastUsed(keyId: number): number | undefined {
    return this.lastUsed.get(keyId)?.at;
  }

  pendingLastUse(keyId: number): LastUse | undefined {
    return this.lastUsed.get(keyId);
  }

  /** One call of an identified key, counted in its hour; `delta` -1 takes one back. */
  count(keyId: number, at: number, outcome: 'ok' | 'denied', delta = 1): void {
    const hour = Math.floor(at / HOUR_MS);
    let byHour = this.usage.get(keyId);
    if (byHour === undefined) {
      byHour = new Map();
      this.usage.set(keyId, byHour);
    }
    let cell = byHour.get(hour);
    if (cell === undefined) {
      cell = { ok: 0, denied: 0 };
      byHour.set(hour, cell);
      this.usageCells += 1;
    }
    cell[outcome] += delta;
  }

  /** A refusal after the key was identified: the call counted as ok moves to denied. */
  recount(keyId: number, at: number): void {
    this.count(keyId, at, 'ok', -1);
    this.count(keyId, at, 'denied', 1);
  }

  /**
   * A failed authentication that names no key of ours (missing, malformed, unknown, wrong
   * environment): counted per hour, code and start; only the first of each pair in an hour
   * becomes an audit event (rule 12), so junk keys cannot grow the log call by call.
   */
  unidentified(at: number, code: string, keyStart: string | null, orgId: number | null): void {
    const hour = Math.floor(at / HOUR_MS);
    if (hour !== this.seenHour) {
      this.seenHour = hour;
      this.seenFailures.clear();
    }
    const pair = `${code}\u0000${keyStart ?? ''}`;
    let start = keyStart ?? '';
    if (!this.seenFailures.has(pair)) {
      if (this.seenFailures.size < FAILURE_STARTS_PER_HOUR) {
        this.seenFailures.add(pair);
        this.audit(authEvent(at, code, keyStart, orgId, null));
      } else start = '*';
    }
    const k = `${hour}\u0000${code}\u0000${start}`;
    const f = this.failures.get(k);
    if (f === undefined) this.failures.set(k, { hour, code, start, n: 1 });
    else f.n += 1;
  }

  audit(row: AuditInsert): void {
    this.audits.push(row);
    if (this.audits.length >= FLUSH_AT) this.flush();
  }

  /** A data-changing event, now, in the caller's transaction; returns its id. */
  writeAuditNow(row: AuditInsert): number {
    return this.chain.append(CHAIN_KEPT, [row]);
  }

  /** Many data-changing events now, in the caller's transaction (createMany writes one per key). */
  writeAuditsNow(rows: AuditInsert[]): void {
    this.chain.append(CHAIN_KEPT, rows);
  }

  get pending(): number {
    return this.lastUsed.size + this.audits.length + this.usageCells + this.failures.size;
  }

  flush(): void {
    if (this.pending === 0 || !this.db.open) return;
    const used = [...this.lastUsed];
    const audits = this.audits;
    const usage = this.usage;
    const failures = this.failures;
    this.lastUsed.clear();
    this.audits = [];
    this.usage = new Map();
    this.usageCells = 0;
    this.failures = new Map();
    const write = () => {
      for (const [id, u] of used) this.updateLastUsed.run(u.at, u.ip, u.userAgent, id, u.at);
      for (const [keyId, byHour] of usage)
        for (const [hour, c] of byHour)
          if (c.ok !== 0 || c.denied !== 0) this.addUsage.run(keyId, hour, c.ok, c.denied);
      for (const f of failures.values()) this.addFailures.run(f.hour, f.code, f.start, f.n);
      this.chain.append(CHAIN_CALL, audits);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
    this.onWrite();
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
