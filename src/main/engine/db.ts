import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ENVIRONMENTS, type Environment } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { APPLICATION_ID, assertKeywardenFile } from './identify';
import { migrate } from '../db/migrations';
import { MIGRATIONS } from './schema';

export type Db = Database.Database;
/** A prepared statement: typed by `db.prepare<Params, Row>(sql)`, so its rows need no cast. */
export type Statement<Params extends unknown[] | object = unknown[], Row = unknown> = Database.Statement<Params, Row>;

export interface OpenOptions {
  /** Create the file; refuse one that exists. Needs `environment`. */
  create?: boolean;
  environment?: Environment;
  /** Path to a better_sqlite3.node built for another ABI (Electron); see src/main/index.ts. */
  nativeBinding?: string;
  /**
   * Hold the database's lock for as long as it is open (`keywarden serve`). Each statement
   * then skips SQLite's per-read file locking (about 5 µs of the 6 µs a lookup costs here),
   * and a second server on the same file is refused instead of racing this one's
   * batched writes. Other programs cannot read the file meanwhile.
   */
  exclusive?: boolean;
}

/** Opens (or creates) a Keywarden database, applies migrations, returns it with its environment. */
export function openDatabase(file: string, opts: OpenOptions = {}): { db: Db; environment: Environment } {
  const exists = file !== ':memory:' && fs.existsSync(file);
  if (opts.create && exists) throw new KeywardenError('CONFLICT', `${file} already exists; refusing to touch it`);
  if (!opts.create && !exists)
    throw new KeywardenError('NOT_FOUND', `no database at ${file}; create one with "keywarden init"`);
  // Decided before SQLite opens the file read-write, which alone can rewrite a foreign one.
  if (!opts.create && file !== ':memory:') assertKeywardenFile(file, MIGRATIONS.length, opts.nativeBinding);
  let db: Db;
  try {
    // An exclusive opener fails fast when another one holds the file, instead of waiting.
    db = new Database(file, {
      nativeBinding: opts.nativeBinding,
      fileMustExist: !opts.create,
      timeout: opts.exclusive ? 250 : 5000,
    });
  } catch (e) {
    throw asOpenError(file, e);
  }
  countWrites(db);
  try {
    // Before the first read, so SQLite keeps the WAL index in memory rather than in -shm.
    if (opts.exclusive) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (!opts.exclusive) db.pragma('busy_timeout = 5000');
    let headerChanged = migrate(db, MIGRATIONS, 'database') < MIGRATIONS.length;
    // The stamp that lets the next open recognise the file from its header alone.
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      headerChanged = true;
    }
    const stored = getMeta(db, 'environment');
    let environment = ENVIRONMENTS.find((e) => e === stored);
    if (!environment) {
      if (!opts.create || !opts.environment)
        throw new KeywardenError('BAD_REQUEST', `${file} is not a Keywarden database`);
      setMeta(db, 'environment', opts.environment);
      environment = opts.environment;
    }
    // A new stamp or schema version sits in the WAL until a checkpoint, and another
    // program (the CLI beside the app) judges the file by its main file's header: copy
    // the pages there now. PASSIVE never waits on, or fails because of, another reader.
    if (headerChanged && file !== ':memory:') db.pragma('wal_checkpoint(PASSIVE)');
    return { db, environment };
  } catch (e) {
    db.close();
    throw asOpenError(file, e);
  }
}

const WRITES = Symbol('keywarden.writes');
type Counted = Db & { [WRITES]?: { n: number } };

/**
 * Counts, in JavaScript, every call on this connection that may change the database: each
 * run/get/all/iterate of a statement SQLite does not call read-only, and every exec() and
 * pragma(). Counted before the call, so a write that fails half-way is counted too. This
 * is rowMemo.ts's "changed through this connection" counter: the same question as SQLite's
 * total_changes() (and more cautious: a rolled-back or no-op write counts as well), with
 * no call into SQLite to ask it on every request (bench (b)).
 */
function countWrites(db: Db): void {
  const counter = { n: 0 };
  (db as Counted)[WRITES] = counter;
  const prepare = db.prepare.bind(db);
  const exec = db.exec.bind(db);
  const pragma = db.pragma.bind(db);
  db.prepare = ((sql: string) => {
    const st = prepare(sql);
    if (!st.readonly) {
      for (const m of ['run', 'get', 'all', 'iterate'] as const) {
        const call = st[m] as (...args: unknown[]) => unknown;
        (st as unknown as Record<string, unknown>)[m] = function (this: unknown, ...args: unknown[]) {
          counter.n += 1;
          return call.apply(this, args);
        };
      }
    }
    return st;
  }) as Db['prepare'];
  db.exec = (sql: string) => {
    counter.n += 1;
    return exec(sql);
  };
  db.pragma = ((source: string, options?: Database.PragmaOptions) => {
    counter.n += 1;
    return pragma(source, options);
  }) as Db['pragma'];
}

/** The write counter countWrites() keeps for a connection opened by openDatabase(); null for any other. */
export function writesThrough(db: Db): (() => number) | null {
  const counter = (db as Counted)[WRITES];
  return counter === undefined ? null : () => counter.n;
}

/** SQLite's and better-sqlite3's open failures, as errors with an error code (docs/rules.md). */
function asOpenError(file: string, e: unknown): unknown {
  if (e instanceof Database.SqliteError && e.code === 'SQLITE_BUSY') {
    return new KeywardenError(
      'CONFLICT',
      `${file} is in use by another program (is another keywarden serve running on it?)`,
    );
  }
  if (e instanceof Database.SqliteError) {
    const what = e.code === 'SQLITE_NOTADB' ? 'is not a Keywarden database' : `cannot be opened (${e.message})`;
    return new KeywardenError('BAD_REQUEST', `${file} ${what}`);
  }
  if (e instanceof TypeError && /directory does not exist/.test(e.message)) {
    return new KeywardenError('NOT_FOUND', `the folder of ${file} does not exist`);
  }
  return e;
}

export function getMeta(db: Db, k: string): string | undefined {
  return db.prepare<[k: string], string>('SELECT v FROM meta WHERE k = ?').pluck().get(k);
}

export function setMeta(db: Db, k: string, v: string): void {
  db.prepare<[k: string, v: string]>(
    'INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v',
  ).run(k, v);
}

/**
 * Statements whose SQL is built per call from a query's filters: each distinct text is
 * prepared once and reused, typed like any other statement. The texts come from a bounded
 * set of filter combinations; the cap only guards against a caller that varies them freely.
 */
export class StatementCache<Params extends unknown[] | object, Row = unknown> {
  private readonly byText = new Map<string, Statement<Params, Row>>();

  constructor(
    private readonly db: Db,
    private readonly cap = 256,
  ) {}

  get(sql: string): Statement<Params, Row> {
    let stmt = this.byText.get(sql);
    if (stmt === undefined) {
      if (this.byText.size >= this.cap) this.byText.clear();
      stmt = this.db.prepare<Params, Row>(sql);
      this.byText.set(sql, stmt);
    }
    return stmt;
  }
}
