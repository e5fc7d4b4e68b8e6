// Rows the request path reads on every call (a key's verification row, me()'s reply), kept
// for exactly as long as the database file is unchanged — not for a time. Rule 5
// (docs/rules.md) wants permissions read at the time of use; a row remembered while no
// byte of the database has changed is what a fresh read would return, so the rule holds.
//
// "Unchanged" is two counters, read before a remembered row is used and after a row is
// read to be kept: the writes through this connection (the engine's own, the write-behind
// flush, the sweeper; counted in JavaScript by db.ts, or SQLite's total_changes() for a
// connection opened elsewhere) and PRAGMA data_version
// (bumped by every commit of any other connection, another process included — the desktop
// app or the CLI on the same file). Either moving forgets everything. Inside a transaction
// nothing is used or kept: a rollback would undo rows the counter already counted.
//
// What the counters cost is what the request path pays, so they are read as seldom as
// exactness allows (bench (b)):
// - A connection in EXCLUSIVE locking mode (the Core server's) holds the file's lock from
//   its first read: no other connection can commit, so data_version cannot move and is
//   not read.
// - A key's verification reads them once and vouches for the actor it returns: that
//   request's next check (me()'s reply, in the same job of the event loop) uses the same
//   reading once instead of asking again. Any write of this connection through the
//   engine (mutate, flush, maintenance) withdraws the vouch, and the next verification
//   replaces it. A request thus sees the file as it was when its key was checked, like a
//   read transaction would; every request, pipelined or not, reads afresh.
import { writesThrough, type Db, type Statement } from './db';

/** The two counters, read together; shared by every memo of one connection. */
export class DbVersion {
  /** Null when no other connection can commit (EXCLUSIVE locking mode): the counter cannot move. */
  private readonly dataVersion: Statement<[], number> | null;
  /** Writes through this connection: counted in JavaScript when openDatabase() opened it (db.ts). */
  private readonly changes: () => number;
  /** The counters as last read. */
  data = -1;
  local = -1;
  /** The request whose verification read the counters last, while nothing was written since. */
  private vouched: object | null = null;

  constructor(private readonly db: Db) {
    const exclusive = String(db.pragma('locking_mode', { simple: true })).toLowerCase() === 'exclusive';
    this.dataVersion = exclusive ? null : db.prepare<[], number>('PRAGMA data_version').pluck();
    this.changes = writesThrough(db) ?? totalChanges(db);
    if (exclusive) this.data = 0;
  }

  /**
   * Reads the counters; false inside a transaction, where nothing may be remembered. With
   * the request `vouched` for, the reading its verification took is used instead, once.
   */
  read(request?: object): boolean {
    if (this.db.inTransaction) {
      this.vouched = null;
      return false;
    }
    if (request !== undefined && request === this.vouched) {
      this.vouched = null;
      return true;
    }
    if (this.dataVersion !== null) this.data = counter(this.dataVersion);
    this.local = this.changes();
    return true;
  }

  /** The counters were just read to verify `request`: its next check, in the same job, may rely on them once. */
  vouch(request: object): void {
    // Inside a transaction nothing was read (read() said so): there is no reading to rely on.
    this.vouched = this.db.inTransaction ? null : request;
  }

  /** This connection is about to write, or has written: no reading is relied on again. */
  forget(): void {
    this.vouched = null;
  }
}

/** SQLite's own count of the rows changed through `db`: for a connection openDatabase() did not open. */
function totalChanges(db: Db): () => number {
  const statement = db.prepare<[], number>('SELECT total_changes()').pluck();
  return () => counter(statement);
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
   * `request`: the verified caller, whose verification's reading of the counters may serve.
   */
  get(key: string, request?: object): V | undefined {
    const row = this.rows.get(key);
    return row !== undefined && this.unchanged(request) ? row : undefined;
  }

  /**
   * Keeps a row the caller has just read. The counters are read after it: equal to those
   * seen before the read, nothing changed around it (both only ever move forward).
   */
  keep(key: string, row: V, request?: object): void {
    if (!this.unchanged(request)) return;
    if (this.rows.size >= MAX_ROWS) this.rows.clear();
    this.rows.set(key, row);
  }

  /** Whether the counters are still those `rows` was filled under; if not, starts over. */
  private unchanged(request?: object): boolean {
    const v = this.version;
    if (!v.read(request)) {
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
