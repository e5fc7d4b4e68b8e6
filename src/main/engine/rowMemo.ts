// Rows the request path reads on every call (a key's verification row, me()'s reply), kept
// for exactly as long as the database file is unchanged — not for a time. Rule 5
// (docs/rules.md) wants permissions read at the time of use; a row remembered while no
// byte of the database has changed is what a fresh read would return, so the rule holds.
//
// "Unchanged" is two counters, read before a remembered row is used and after a row is
// read to be kept: SQLite's total_changes() (every row changed through this connection:
// the engine's own writes, the write-behind flush, the sweeper) and PRAGMA data_version
// (bumped by every commit of any other connection, another process included — the desktop
// app or the CLI on the same file). Either moving forgets everything. Inside a transaction
// nothing is used or kept: a rollback would undo rows that total_changes() already counted.
//
// What the counters cost is what the request path pays, so they are read as seldom as
// exactness allows (bench (b)):
// - A connection in EXCLUSIVE locking mode (the Core server's) holds the file's lock from
//   its first read: no other connection can commit, so data_version cannot move and is
//   not read.
// - One reading serves every check of one request: it lasts until the current job of the
//   event loop ends (a microtask) or this connection writes (forget(), called by every
//   write path of the engine), whichever comes first. A request is verified and answered
//   in one job, so it sees the file as it was when its key was checked, like a read
//   transaction would; the next request, or the next of a pipelined batch after a write,
//   reads again.
import type { Db, Statement } from './db';

/** The two counters, read together; shared by every memo of one connection. */
export class DbVersion {
  /** Null when no other connection can commit (EXCLUSIVE locking mode): the counter cannot move. */
  private readonly dataVersion: Statement<[], number> | null;
  private readonly changes: Statement<[], number>;
  /** The counters as last read. */
  data = -1;
  local = -1;
  /** The reading still holds: same job of the event loop, no write of ours since. */
  private current = false;
  private readonly expire = (): void => {
    this.current = false;
  };

  constructor(private readonly db: Db) {
    const exclusive = String(db.pragma('locking_mode', { simple: true })).toLowerCase() === 'exclusive';
    this.dataVersion = exclusive ? null : db.prepare<[], number>('PRAGMA data_version').pluck();
    this.changes = db.prepare<[], number>('SELECT total_changes()').pluck();
    if (exclusive) this.data = 0;
  }

  /** Reads the counters (or reuses this job's reading); false inside a transaction, where nothing may be remembered. */
  read(): boolean {
    if (this.db.inTransaction) {
      this.current = false;
      return false;
    }
    if (this.current) return true;
    if (this.dataVersion !== null) this.data = counter(this.dataVersion);
    this.local = counter(this.changes);
    this.current = true;
    queueMicrotask(this.expire);
    return true;
  }

  /** This connection is about to write, or has written: the next check reads the counters again. */
  forget(): void {
    this.current = false;
  }
}

/** Both statements always yield one row; undefined would be SQLite breaking its contract. */
function counter(statement: Statement<[], number>): number {
  const n = statement.get();
  if (n === undefined) throw new Error('SQLite returned no row for a counter');
  return n;
}

/** Bounded: a flood of distinct keys only empties it. */
const MAX_ROWS = 10_000;

export class RowMemo<V> {
  private readonly rows = new Map<string, V>();
  /** The counters while `rows` was filled; -1: not known yet. */
  private data = -1;
  private local = -1;

  constructor(private readonly version: DbVersion) {}

  /**
   * The row for `key` if the database has not changed since it was read; else undefined.
   * Asks SQLite only when there is a row to vouch for, so an unknown key costs nothing here.
   */
  get(key: string): V | undefined {
    const row = this.rows.get(key);
    return row !== undefined && this.unchanged() ? row : undefined;
  }

  /**
   * Keeps a row the caller has just read. The counters are read after it: equal to those
   * seen before the read, nothing changed around it (both only ever move forward).
   */
  keep(key: string, row: V): void {
    if (!this.unchanged()) return;
    if (this.rows.size >= MAX_ROWS) this.rows.clear();
    this.rows.set(key, row);
  }

  /** Whether the counters are still those `rows` was filled under; if not, starts over. */
  private unchanged(): boolean {
    const v = this.version;
    if (!v.read()) {
      this.rows.clear();
      this.data = -1;
      return false;
    }
    if (v.data === this.data && v.local === this.local) return true;
    this.rows.clear();
    this.data = v.data;
    this.local = v.local;
    return false;
  }
}
