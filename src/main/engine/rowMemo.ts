// Rows the request path reads on every call (a key's verification row, me()'s row), kept
// for exactly as long as the database file is unchanged — not for a time. Rule 5
// (docs/rules.md) wants permissions read at the time of use; a row remembered while no
// byte of the database has changed is what a fresh read would return, so the rule holds.
//
// "Unchanged" is two counters, read before a remembered row is used and after a row is
// read to be kept: SQLite's total_changes() (every row changed through this connection:
// the engine's own writes, the write-behind flush, the sweeper) and PRAGMA data_version (bumped by every commit of any other connection,
// another process included — the desktop app or the CLI on the same file). Either moving
// forgets everything. Inside a transaction nothing is used or kept: a rollback would undo
// rows that total_changes() already counted.
import type { Db, Statement } from './db';

/** The two counters, read together; shared by every memo of one connection. */
export class DbVersion {
  private readonly dataVersion: Statement<[], number>;
  private readonly changes: Statement<[], number>;
  /** The counters as last read. */
  data = -1;
  local = -1;

  constructor(private readonly db: Db) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  /** Reads the counters now; false inside a transaction, where nothing may be remembered. */
  read(): boolean {
    if (this.db.inTransaction) return false;
    this.data = counter(this.dataVersion);
    this.local = counter(this.changes);
    return true;
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
