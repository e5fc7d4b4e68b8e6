// Background upkeep of one engine (docs/usage-and-rotation.md): the rotation sweeper (a rolled key with
// revokeWhenQuietSeconds is revoked once unused that long) and retention (per-call audit
// events, failed-authentication aggregates and usage counters pruned in small batches).
// Runs on a timer every few seconds in the server and in the app's local engines; tests
// call tick() with a manual clock instead.
import { USAGE_RETENTION_DAYS } from '../../shared/vocabulary';
import { CHAIN_KEPT, pruneCalls } from './auditChain';
import type { EngineCore } from './core';
import { DAY_MS } from './usage';
import { HOUR_MS } from './writeBehind';

/** The sweeper must notice a quiet key within 10 s (docs/usage-and-rotation.md). */
const TICK_MS = 5000;
/** Rows per DELETE: each batch takes a millisecond or two, so requests never wait long. */
const PRUNE_BATCH = 500;
/** Batches per tick at most; between batches the event loop serves requests. */
const PRUNE_BATCHES_PER_TICK = 40;

interface QuietRow {
  id: number;
  org_id: number;
  rolled_at: number;
  last_used_at: number | null;
  revoke_when_quiet_seconds: number;
}

export class Maintenance {
  private readonly quiet;
  private readonly revoke;
  private readonly pruneFailures;
  private readonly pruneUsage;
  private timer: NodeJS.Timeout | null = null;
  private pruning = false;

  constructor(
    private readonly core: EngineCore,
    readonly auditRetentionDays: number,
  ) {
    this.quiet = core.db.prepare<
      [],
      QuietRow
    >(`SELECT id, org_id, rolled_at, last_used_at, revoke_when_quiet_seconds FROM api_keys
      WHERE revoke_when_quiet_seconds IS NOT NULL AND revoked_at IS NULL`);
    this.revoke = core.db.prepare<[at: number, id: number]>(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    );
    // One hour of failure aggregates at a time: at most a thousand or so rows.
    this.pruneFailures = core.db.prepare<[beforeHour: number]>(`DELETE FROM auth_failures WHERE hour =
      (SELECT min(hour) FROM auth_failures) AND hour < ?`);
    this.pruneUsage = core.db.prepare<
      [beforeHour: number, limit: number]
    >(`DELETE FROM key_usage WHERE (key_id, hour) IN
      (SELECT key_id, hour FROM key_usage WHERE hour < ? LIMIT ?)`);
  }

  start(intervalMs = TICK_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweepQuietKeys();
      this.pruneInSlices(PRUNE_BATCHES_PER_TICK);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round, all at once: sweep quiet keys, then prune what is past retention. */
  tick(): { revoked: number[]; pruned: number } {
    if (!this.core.db.open) return { revoked: [], pruned: 0 };
    const revoked = this.sweepQuietKeys();
    let pruned = 0;
    for (let i = 0; i < PRUNE_BATCHES_PER_TICK; i++) {
      const n = this.pruneOnce();
      pruned += n;
      if (n === 0) break;
    }
    return { revoked, pruned };
  }

  /** One batch now; the next ones after the event loop has served what is waiting. */
  private pruneInSlices(left: number): void {
    if (left <= 0 || this.pruning || !this.core.db.open) return;
    this.pruning = true;
    let n = 0;
    try {
      n = this.pruneOnce();
    } finally {
      this.pruning = false;
    }
    if (n > 0) setImmediate(() => this.pruneInSlices(left - 1));
  }

  /** Revokes each rolled key unused for its revokeWhenQuietSeconds since the later of the roll and its last use. */
  sweepQuietKeys(): number[] {
    const now = this.core.now();
    const due: QuietRow[] = [];
    for (const r of this.quiet.all()) {
      const pending = this.core.writes.pendingLastUsed(r.id) ?? 0;
      const lastActivity = Math.max(r.rolled_at, r.last_used_at ?? 0, pending);
      if (now - lastActivity >= r.revoke_when_quiet_seconds * 1000) due.push(r);
    }
    if (due.length === 0) return [];
    this.core.writes.flush();
    // IMMEDIATE: write lock first (see EngineCore.mutate), as the CLI may write the same file.
    this.core.db
      .transaction(() => {
        for (const r of due) {
          this.revoke.run(now, r.id);
          this.core.writes.chain.append(CHAIN_KEPT, [
            {
              at: now,
              orgId: r.org_id,
              action: 'key.revoke_quiet',
              outcome: 'ok',
              code: null,
              actorUserId: null,
              impersonatorUserId: null,
              keyId: null,
              keyStart: null,
              targetType: 'apiKey',
              targetId: r.id,
            },
          ]);
        }
      })
      .immediate();
    this.core.version.forget();
    return due.map((r) => r.id);
  }

  /** One small delete of each kind of record past retention; returns how many went. */
  pruneOnce(): number {
    if (!this.core.db.open) return 0;
    const now = this.core.now();
    const db = this.core.db;
    const auditBefore = now - this.auditRetentionDays * DAY_MS;
    let total = pruneCalls(db, auditBefore, PRUNE_BATCH);
    total += this.pruneFailures.run(Math.floor(auditBefore / HOUR_MS)).changes;
    total += this.pruneUsage.run(Math.floor((now - USAGE_RETENTION_DAYS * DAY_MS) / HOUR_MS), PRUNE_BATCH).changes;
    this.core.version.forget();
    return total;
  }
}
