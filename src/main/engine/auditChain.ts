// The audit hash chain (docs/usage-and-rotation.md). Two chains, so that pruning never cuts a hole in one:
// chain 0 holds per-call events (pruned from its oldest end after the retention period),
// chain 1 the events that changed data (kept for ever). Each event's `hash` is the SHA-256
// (hex) of the previous event's hash in its chain and its own canonical fields; `seq`
// numbers the chain so a deletion is named as such. `audit_chains` keeps each chain's head
// (so a cut-off tail is found) and its anchor: the last pruned event's seq and hash.
// The chain is tamper evidence, not proof: whoever can write the file can recompute it.
// Over ~300 lines on purpose: appending, verifying and pruning must agree exactly on the
// canonical fields, the hash and the chain heads, so they live together.
import type { AuditActionName, AuditOutcome } from '../../shared/vocabulary';
import { hash as sha256 } from 'node:crypto';
import type { Db, Statement } from './db';

export const CHAIN_CALL = 0;
export const CHAIN_KEPT = 1;
export type Chain = typeof CHAIN_CALL | typeof CHAIN_KEPT;

/**
 * The fields of an audit event that its hash covers, each with its column, in hash order.
 * The one list that canonical(), the INSERT and the verifier's reading of stored rows all
 * walk, so what is hashed and what is stored cannot drift apart.
 */
export const AUDIT_FIELDS = [
  ['at', 'at'],
  ['orgId', 'org_id'],
  ['action', 'action'],
  ['outcome', 'outcome'],
  ['code', 'code'],
  ['actorUserId', 'actor_user_id'],
  ['impersonatorUserId', 'impersonator_user_id'],
  ['keyId', 'key_id'],
  ['keyStart', 'key_start'],
  ['targetType', 'target_type'],
  ['targetId', 'target_id'],
] as const;

type Field = (typeof AUDIT_FIELDS)[number][0];

export interface AuditInsert {
  at: number;
  orgId: number | null;
  action: AuditActionName;
  outcome: AuditOutcome;
  code: string | null;
  actorUserId: number | null;
  impersonatorUserId: number | null;
  keyId: number | null;
  keyStart: string | null;
  targetType: string | null;
  targetId: number | null;
}

// A field of AuditInsert missing from AUDIT_FIELDS, or one there that AuditInsert lacks, fails to compile.
type Unlisted = Exclude<keyof AuditInsert, Field> | Exclude<Field, keyof AuditInsert>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

const GENESIS = Buffer.alloc(32);

/**
 * An event's hashed fields in AUDIT_FIELDS's order. Read by name, not by walking the list:
 * this runs for every call's event, and a lookup by a computed name costs several times
 * more. The check below holds it to the list when the module loads.
 */
const valuesOf = (a: AuditInsert): unknown[] => [
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
];
{
  const names = AUDIT_FIELDS.map(([field]) => field);
  const probe = Object.fromEntries(names.map((n) => [n, n])) as unknown as AuditInsert;
  if (valuesOf(probe).join() !== names.join()) throw new Error('valuesOf() does not follow AUDIT_FIELDS');
}

/** The fields an event's hash covers, in a fixed order; JSON keeps null and "" apart. */
function canonical(id: number, chain: number, seq: number, values: readonly unknown[]): string {
  return JSON.stringify([id, chain, seq, ...values]);
}

/**
 * The link as hex in and out: the append loop's form. One-shot over the joined text is the
 * same bytes as three update() calls in half the time, and V8 returns a hex string in
 * half the time of a Buffer.
 */
function chainHashHex(prevHex: string, text: string): string {
  return sha256('sha256', `${prevHex}\n${text}`, 'hex');
}

function chainHash(prev: Buffer, text: string): Buffer {
  return Buffer.from(chainHashHex(prev.toString('hex'), text), 'hex');
}

interface Head {
  seq: number;
  hash: Buffer;
}

/** Columns of one audit row as inserted: the hashed fields, then the chain's own. */
export const AUDIT_INSERT_COLUMNS: readonly string[] = [
  ...AUDIT_FIELDS.map(([, column]) => column),
  'id',
  'chain',
  'seq',
  'hash',
];
/** Rows per multi-row INSERT, well under SQLite's 32,766 bound parameters. */
const CHUNK = 500;
const ROW = `(${Array(AUDIT_INSERT_COLUMNS.length).fill('?').join(', ')})`;

/** Appends events to a chain; must run inside the caller's transaction. */
export class ChainWriter {
  private readonly headOf;
  private readonly setHead;
  private readonly maxId;
  private readonly inserts = new Map<number, Statement<unknown[]>>();

  constructor(private readonly db: Db) {
    this.headOf = db.prepare<[Chain], Head>(
      'SELECT head_seq AS seq, head_hash AS hash FROM audit_chains WHERE chain = ?',
    );
    this.setHead = db.prepare<
      [Chain, number, Buffer, Buffer]
    >(`INSERT INTO audit_chains (chain, head_seq, head_hash, anchor_seq, anchor_hash)
      VALUES (?, ?, ?, 0, ?) ON CONFLICT (chain) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash`);
    // Never below the pruning anchor: an id once used is never used again, even when
    // every event up to the newest was pruned.
    this.maxId = db
      .prepare<[], number>(
        'SELECT max(coalesce((SELECT max(id) FROM audit), 0), coalesce((SELECT max(anchor_id) FROM audit_chains), 0))',
      )
      .pluck();
  }

  /** Read from the file each time, not cached: the app and the CLI may share a database. */
  private head(chain: Chain): Head {
    return this.headOf.get(chain) ?? { seq: 0, hash: GENESIS };
  }

  /** Returns the id of the last row written. */
  append(chain: Chain, rows: readonly AuditInsert[]): number {
    if (rows.length === 0) return 0;
    const head: Head = this.head(chain);
    let seq = head.seq;
    let hex = head.hash.toString('hex');
    let hash = head.hash;
    let id = (this.maxId.get() ?? 0) + 1;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const params: unknown[] = [];
      for (const a of chunk) {
        seq += 1;
        const values = valuesOf(a);
        hex = chainHashHex(hex, canonical(id, chain, seq, values));
        hash = Buffer.from(hex, 'hex');
        for (const v of values) params.push(v);
        params.push(id, chain, seq, hash);
        id += 1;
      }
      this.insert(chunk.length).run(params);
    }
    this.setHead.run(chain, seq, hash, GENESIS);
    return id - 1;
  }

  private insert(n: number) {
    let stmt = this.inserts.get(n);
    if (!stmt) {
      stmt = this.db.prepare<unknown[]>(
        `INSERT INTO audit (${AUDIT_INSERT_COLUMNS.join(', ')}) VALUES ${Array(n).fill(ROW).join(', ')}`,
      );
      this.inserts.set(n, stmt);
    }
    return stmt;
  }
}

interface StoredRow {
  id: number;
  at: number;
  org_id: number | null;
  action: AuditActionName;
  outcome: AuditOutcome;
  code: string | null;
  actor_user_id: number | null;
  impersonator_user_id: number | null;
  key_id: number | null;
  key_start: string | null;
  target_type: string | null;
  target_id: number | null;
  chain: number;
  seq: number | null;
  hash: Buffer | null;
}

function asInsert(r: StoredRow): AuditInsert {
  const a: Record<string, unknown> = {};
  for (const [field, column] of AUDIT_FIELDS) a[field] = r[column];
  return a as unknown as AuditInsert;
}

/**
 * Chains the events written before the chain existed (a database from before migration 2),
 * once: afterwards an event without a hash is an insertion, never blessed.
 */
export function chainLegacyEvents(db: Db): void {
  const started = db.prepare<[], number>('SELECT count(*) FROM audit_chains').pluck().get() ?? 0;
  if (started > 0) return;
  db.transaction(() => {
    for (const chain of [CHAIN_CALL, CHAIN_KEPT] as Chain[]) {
      const rows = db.prepare<[Chain], StoredRow>('SELECT * FROM audit WHERE chain = ? ORDER BY id').all(chain);
      let seq = 0;
      let hash: Buffer = GENESIS;
      const set = db.prepare<[number, Buffer, number]>('UPDATE audit SET seq = ?, hash = ? WHERE id = ?');
      for (const r of rows) {
        seq += 1;
        hash = chainHash(hash, canonical(r.id, chain, seq, valuesOf(asInsert(r))));
        set.run(seq, hash, r.id);
      }
      db.prepare<[Chain, number, Buffer, Buffer]>(
        'INSERT INTO audit_chains (chain, head_seq, head_hash, anchor_seq, anchor_hash) VALUES (?, ?, ?, 0, ?)',
      ).run(chain, seq, hash, GENESIS);
    }
  })();
}

/**
 * Deletes up to `max` of the oldest per-call events older than `before`, moving the chain's
 * anchor to the last one deleted. Returns how many were deleted.
 */
export function pruneCalls(db: Db, before: number, max: number): number {
  const q = pruneStatements(db);
  const from = q.anchorId.get() ?? 0;
  const rows = q.after.all(from, max);
  let upTo = from;
  let last: { seq: number; hash: Buffer } | null = null;
  let n = 0;
  for (const r of rows) {
    if (r.chain === CHAIN_CALL) {
      if (r.at >= before) break;
      last = r;
      n += 1;
    }
    upTo = r.id;
  }
  if (upTo === from) return 0;
  db.transaction(() => {
    if (last) {
      q.remove.run(from, upTo);
      q.anchor.run(last.seq, last.hash, upTo);
    } else q.skip.run(upTo);
  })();
  // Rows passed over that were kept still count as progress, so a long run of kept events
  // (createMany) does not stall pruning.
  return Math.max(n, 1);
}

interface PrunableRow {
  id: number;
  at: number;
  chain: number;
  seq: number;
  hash: Buffer;
}
interface ChainRow {
  chain: number;
  head_seq: number;
  head_hash: Buffer;
  anchor_seq: number;
  anchor_hash: Buffer;
  anchor_id: number;
}

const pruneCache = new WeakMap<Db, ReturnType<typeof prepPrune>>();
const prepPrune = (db: Db) => ({
  anchorId: db.prepare<[], number>('SELECT anchor_id FROM audit_chains WHERE chain = 0').pluck(),
  after: db.prepare<[number, number], PrunableRow>(
    'SELECT id, at, chain, seq, hash FROM audit WHERE id > ? ORDER BY id LIMIT ?',
  ),
  remove: db.prepare<[number, number]>('DELETE FROM audit WHERE id > ? AND id <= ? AND chain = 0'),
  anchor: db.prepare<[number, Buffer, number]>(
    'UPDATE audit_chains SET anchor_seq = ?, anchor_hash = ?, anchor_id = ? WHERE chain = 0',
  ),
  skip: db.prepare<[number]>('UPDATE audit_chains SET anchor_id = ? WHERE chain = 0'),
});
function pruneStatements(db: Db) {
  let q = pruneCache.get(db);
  if (!q) {
    q = prepPrune(db);
    pruneCache.set(db, q);
  }
  return q;
}

export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; id: number; problem: string };

/** Walks both chains from their anchors; names the first entry that breaks one. */
export function verifyAuditChain(db: Db): ChainVerdict {
  let entries = 0;
  let firstBad: { id: number; problem: string } | null = null;
  const note = (id: number, problem: string) => {
    if (!firstBad || id < firstBad.id) firstBad = { id, problem };
  };
  const heads = new Map(
    db
      .prepare<[], ChainRow>('SELECT * FROM audit_chains')
      .all()
      .map((h) => [h.chain, h]),
  );
  const state = [CHAIN_CALL, CHAIN_KEPT].map((chain) => {
    const h = heads.get(chain);
    return { h, seq: h?.anchor_seq ?? 0, hash: h?.anchor_hash ?? GENESIS, lastId: 0, broken: false };
  });
  // One pass in id order (the table's own order, no index needed), each event checked
  // against the previous one of its chain.
  for (const r of db.prepare<[], StoredRow>('SELECT * FROM audit ORDER BY id').iterate()) {
    entries += 1;
    const c = state[r.chain];
    if (c === undefined) note(r.id, 'is not part of any chain (inserted)');
    if (c === undefined || c.broken) continue;
    const fail = (problem: string) => {
      note(r.id, problem);
      c.broken = true;
    };
    if (r.seq === null || r.hash === null) fail('has no place in the chain (inserted)');
    else if (r.seq > c.seq + 1)
      fail(`${r.seq - c.seq - 1} entr${r.seq - c.seq - 1 === 1 ? 'y' : 'ies'} before it are missing (deleted)`);
    else if (r.seq <= c.seq) fail('repeats a place in the chain (inserted)');
    else if (!chainHash(c.hash, canonical(r.id, r.chain, r.seq, valuesOf(asInsert(r)))).equals(r.hash))
      fail('does not match its hash (edited)');
    else {
      c.seq = r.seq;
      c.hash = r.hash;
      c.lastId = r.id;
    }
  }
  for (const c of state) {
    if (c.broken || !c.h || (c.h.head_seq === c.seq && c.h.head_hash.equals(c.hash))) continue;
    const missing = c.h.head_seq - c.seq;
    note(
      c.lastId,
      missing > 0
        ? `${missing} entr${missing === 1 ? 'y' : 'ies'} after it are missing (deleted)`
        : 'the chain does not end where its head says (edited)',
    );
  }
  const bad = firstBad as { id: number; problem: string } | null;
  return bad ? { ok: false, entries, ...bad } : { ok: true, entries };
}
