// Rows the request path reads on every call (a key's verification row, me()'s row), kept
// for exactly as long as the database file is unchanged — not for a time. Rule 5
// (docs/rules.md) wants permissions read at the time of use; a row remembered while no
// byte of the database has changed is what a fresh read would return, so the rule holds.
//
// "Unchanged" is two counters read before each use: SQLite's total_changes() (every row
// changed through this connection: the engine's own writes, the write-behind flush, the
// sweeper) and PRAGMA data_version (bumped by every commit of any other connection,
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
    this.data = this.dataVersion.get() as number;
    this.local = this.changes.get() as number;
    return true;
  }
}

/** Bounded: a flood of distinct keys only empties it. */
const MAX_ROWS = 10_000;

export class RowMemo<V> {
  private readonly rows = new Map<string, V>();
  private data = -1;
  private local = -1;

  constructor(private readonly version: DbVersion) {}

  /**
   * The row for `key` if it was read while the database was as it is now; else undefined,
   * and the caller reads it and hands it to keep(). Must be called right before that read
   * (the counters are taken first, so a change that lands in between is caught next time).
   */
  get(key: string): V | undefined {
    const v = this.version;
    if (!v.read()) {
      this.rows.clear();
      this.data = -1;
      return undefined;
    }
    if (v.data !== this.data || v.local !== this.local) {
      this.rows.clear();
      this.data = v.data;
      this.local = v.local;
      return undefined;
    }
    return this.rows.get(key);
  }

  /** Keeps a row just read after get(); nothing is kept inside a transaction. */
  keep(key: string, row: V): void {
    if (this.data === -1) return;
    if (this.rows.size >= MAX_ROWS) this.rows.clear();
    this.rows.set(key, row);
  }
}
