// docs/usage-and-rotation.md bounded audit storage and tamper evidence, on a real SQLite file: retention with
// a manual clock (the file stops growing, usage totals stay exact), the hash chain, and
// edits, deletions and insertions made directly in the file, each found and named.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { AUDIT_FIELDS, AUDIT_INSERT_COLUMNS, verifyAuditChain } from '../../../src/main/engine/auditChain';
import { formatKey } from '../../../src/shared/keyFormat';
import { DAY, expectCode, HOUR, SECOND, World } from './helpers';

const world = (auditRetentionDays = 90) => new World('sandbox', { background: false, auditRetentionDays });

/** Closes the engine, edits the file with plain SQLite as an intruder would, reopens it. */
function tamper(w: World, sql: string, ...params: unknown[]): Engine {
  w.engine.close();
  const db = new Database(w.file);
  db.prepare(sql).run(...params);
  db.close();
  return w.reopen();
}

function someEvents(w: World) {
  const p = w.person(w.orgA, 'admin');
  for (let i = 0; i < 5; i++) {
    w.engine.me(w.as(p.key, 'GET'));
    w.clock.advance(SECOND);
  }
  w.engine.keys.update(w.owner, p.keyId, { name: 'renamed' });
  w.engine.me(w.as(p.key, 'GET'));
  w.engine.flush();
  return p;
}

const ids = (w: World, chain: number) =>
  w.engine.database.prepare('SELECT id FROM audit WHERE chain = ? ORDER BY id').pluck().all(chain) as number[];

describe('docs/usage-and-rotation.md tamper evidence: the audit hash chain', () => {
  it('every event carries a hash; an untouched database verifies', () => {
    const w = world();
    someEvents(w);
    const events = w.engine.audit.list(w.owner, {}).items;
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(events.map((e) => e.hash)).size).toBe(events.length);
    const v = w.engine.verifyAudit();
    expect(v).toEqual({ ok: true, entries: w.engine.database.prepare('SELECT count(*) FROM audit').pluck().get() });
  });

  it('an edited row is found and named', () => {
    const w = world();
    someEvents(w);
    const victim = ids(w, 1)[1];
    const e = tamper(w, "UPDATE audit SET action = 'key.read' WHERE id = ?", victim);
    expect(e.verifyAudit()).toMatchObject({ ok: false, id: victim, problem: expect.stringMatching(/edited/) });
  });

  it('a deleted row is found: the entry after the gap is named', () => {
    const w = world();
    someEvents(w);
    const calls = ids(w, 0);
    const e = tamper(w, 'DELETE FROM audit WHERE id = ?', calls[2]);
    expect(e.verifyAudit()).toMatchObject({
      ok: false,
      id: calls[3],
      problem: expect.stringMatching(/missing.*deleted/),
    });
  });

  it('a deleted newest row is found against the chain head', () => {
    const w = world();
    someEvents(w);
    const kept = ids(w, 1);
    const e = tamper(w, 'DELETE FROM audit WHERE id = ?', kept[kept.length - 1]);
    expect(e.verifyAudit()).toMatchObject({ ok: false, problem: expect.stringMatching(/after it are missing/) });
  });

  it('an inserted row is found and named', () => {
    const w = world();
    someEvents(w);
    const e = tamper(
      w,
      "INSERT INTO audit (id, at, org_id, action, outcome, chain) VALUES (100000, ?, NULL, 'key.delete', 'ok', 1)",
      w.clock.t,
    );
    expect(e.verifyAudit()).toMatchObject({ ok: false, id: 100000, problem: expect.stringMatching(/inserted/) });
    // A copy of a real row, hash and all, is still out of place.
    const w2 = world();
    someEvents(w2);
    const src = ids(w2, 1)[0];
    const e2 = tamper(
      w2,
      `INSERT INTO audit (id, at, org_id, action, outcome, code, actor_user_id, impersonator_user_id, key_id,
        key_start, target_type, target_id, chain, seq, hash)
       SELECT 100001, at, org_id, action, outcome, code, actor_user_id, impersonator_user_id, key_id, key_start,
        target_type, target_id, chain, seq, hash FROM audit WHERE id = ?`,
      src,
    );
    expect(e2.verifyAudit()).toMatchObject({ ok: false, id: 100001, problem: expect.stringMatching(/inserted/) });
  });

  it('a database from before the chain is chained once on first open', () => {
    const w = world();
    someEvents(w);
    w.engine.close();
    const db = new Database(w.file);
    db.exec('UPDATE audit SET seq = NULL, hash = NULL; DELETE FROM audit_chains;');
    db.close();
    const e = w.reopen();
    expect(e.verifyAudit()).toMatchObject({ ok: true });
    expect(e.audit.list(w.owner, { limit: 1 }).items[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the audit columns: one list for the hash and the insert', () => {
  it('the audit table has exactly the columns the insert writes', () => {
    const w = world();
    const columns = w.engine.database.prepare<[], string>("SELECT name FROM pragma_table_info('audit')").pluck().all();
    expect([...columns].sort()).toEqual([...AUDIT_INSERT_COLUMNS].sort());
  });

  it('every stored field is covered by the hash: editing any one column is found as an edit', () => {
    const w = world();
    someEvents(w);
    w.engine.close();
    const db = new Database(w.file);
    try {
      const victim = db.prepare<[], number>('SELECT max(id) FROM audit WHERE chain = 1').pluck().get();
      const types = new Map(
        db
          .prepare<[], { name: string; type: string }>("SELECT name, type FROM pragma_table_info('audit')")
          .all()
          .map((c) => [c.name, c.type]),
      );
      for (const [, column] of AUDIT_FIELDS) {
        const changed =
          column === 'outcome'
            ? "CASE outcome WHEN 'ok' THEN 'denied' ELSE 'ok' END"
            : types.get(column) === 'INTEGER'
              ? `coalesce(${column}, 0) + 1`
              : `coalesce(${column}, '') || 'x'`;
        db.exec('SAVEPOINT edit');
        db.prepare(`UPDATE audit SET ${column} = ${changed} WHERE id = ?`).run(victim);
        expect(verifyAuditChain(db), column).toMatchObject({
          ok: false,
          id: victim,
          problem: expect.stringMatching(/edited/),
        });
        db.exec('ROLLBACK TO edit; RELEASE edit');
      }
      expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    } finally {
      db.close();
    }
  });
});

describe('docs/usage-and-rotation.md bounded storage: retention of per-call events', () => {
  it('prunes per-call events past the retention period, keeps data-changing ones for ever, and still verifies', () => {
    const w = world(1);
    const p = w.person(w.orgA, 'admin');
    for (let i = 0; i < 20; i++) w.engine.me(w.as(p.key, 'GET'));
    expectCode(() => w.as(formatKey('sandbox', randomBytes(20)), 'GET'), 'UNKNOWN_KEY');
    w.engine.flush();
    const kept = ids(w, 1);
    w.clock.advance(DAY + HOUR);
    w.engine.me(w.as(p.key, 'GET'));
    const { pruned } = w.engine.maintain();
    expect(pruned).toBeGreaterThanOrEqual(21);
    w.engine.flush();
    expect(ids(w, 1)).toEqual(kept);
    expect(ids(w, 0)).toHaveLength(1);
    expect(w.engine.verifyAudit()).toMatchObject({ ok: true });
    expect(w.reopen().verifyAudit()).toMatchObject({ ok: true });
    // Lifecycle history is all still there.
    expect(w.engine.audit.list(w.owner, { action: 'key.create' }).items.length).toBeGreaterThan(0);
    // And a deletion right after the anchor is still caught.
    const calls = ids(w, 0);
    const e = tamper(w, 'DELETE FROM audit WHERE id = ?', calls[0]);
    expect(e.verifyAudit()).toMatchObject({ ok: false });
  });

  it('junk keys are aggregated per hour: one event per code and start, counted, never one row per call', () => {
    const w = world();
    const junk = formatKey('sandbox', randomBytes(20));
    const auditRows = () => w.engine.database.prepare('SELECT count(*) FROM audit').pluck().get() as number;
    w.engine.flush();
    const before = auditRows();
    for (let i = 0; i < 500; i++) expectCode(() => w.as(junk, 'GET'), 'UNKNOWN_KEY');
    for (let i = 0; i < 300; i++) expectCode(() => w.as('garbage', 'GET'), 'MALFORMED_KEY');
    w.engine.flush();
    expect(auditRows() - before).toBe(2);
    const agg = w.engine.database
      .prepare('SELECT code, key_start AS start, count FROM auth_failures ORDER BY code')
      .all();
    expect(agg).toEqual([
      { code: 'MALFORMED_KEY', start: '', count: 300 },
      { code: 'UNKNOWN_KEY', start: junk.slice(0, 12), count: 500 },
    ]);
    // The next hour logs the start again (rule 12 keeps it within the retention window).
    w.clock.advance(HOUR);
    expectCode(() => w.as(junk, 'GET'), 'UNKNOWN_KEY');
    w.engine.flush();
    expect(auditRows() - before).toBe(3);
  });

  it('after two retention windows of steady load the file stays within 10% while usage totals stay exact', () => {
    const w = world(1);
    const people = [w.person(w.orgA, 'admin'), w.person(w.orgA, 'member'), w.person(w.orgB, 'admin')];
    const junk = Array.from({ length: 50 }, () => formatKey('sandbox', randomBytes(20)));
    let calls = 0;
    const size = () => {
      w.engine.flush();
      w.engine.database.pragma('wal_checkpoint(TRUNCATE)');
      return fs.statSync(w.file).size;
    };
    // A day of load per window: every simulated 5 minutes, 6 calls and 1 junk call; maintenance every 50.
    const runDay = () => {
      for (let minute = 0; minute < 24 * 60; minute += 5) {
        for (const p of people) {
          w.engine.me(w.as(p.key, 'GET'));
          w.engine.me(w.as(p.key, 'GET'));
          calls += 2;
        }
        expectCode(() => w.as(junk[minute % junk.length], 'GET'), 'UNKNOWN_KEY');
        w.clock.advance(5 * 60 * SECOND);
        if (minute % 50 === 0) w.engine.maintain();
      }
    };
    runDay();
    runDay();
    const afterOneMore = size();
    runDay();
    runDay();
    const afterTwoMore = size();
    expect(Math.abs(afterTwoMore - afterOneMore) / afterOneMore).toBeLessThan(0.1);
    const start = '2030-01-01T00:00:00.000Z';
    const totals = w.engine.keys.usageBatch(w.owner, {
      ids: people.map((p) => p.keyId),
      from: start,
      granularity: 'day',
    });
    expect(totals.items.reduce((n, u) => n + u.total.ok, 0)).toBe(calls);
    expect(w.engine.verifyAudit()).toMatchObject({ ok: true });
  });
});
