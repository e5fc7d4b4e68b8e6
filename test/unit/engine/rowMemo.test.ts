// rule 5 and the rows the request path remembers (src/main/engine/rowMemo.ts): a remembered
// verification or me() row is used only while the database is byte for byte as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Engine } from '../../../src/main/engine';
import { digestOf } from '../../../src/main/engine/verify';
import { formatKey } from '../../../src/shared/keyFormat';

const ctx = { method: 'GET', scope: 'rest' as const };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-memo-'));
  dirs.push(dir);
  const file = path.join(dir, 'memo.db');
  const { engine, created } = Engine.create(file, 'sandbox', { email: 'o@example.com', orgName: 'O' });
  const own = (engine as unknown as { core: { db: Database.Database } }).core.db;
  const keyId = engine.authenticate(created.apiKey, ctx).key!.id;
  return { engine, created: { ...created, id: keyId }, own, file };
}

const code = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('rule 5: a row the request path remembers is forgotten as soon as the database changes', () => {
  it('a commit by another connection (PRAGMA data_version) and a change through this one (total_changes) are both seen', () => {
    const { engine, created, own, file } = open();
    const other = new Database(file);
    try {
      for (let i = 0; i < 5; i++) engine.authenticate(created.apiKey, ctx);
      other.prepare(`UPDATE api_keys SET status = 'disabled' WHERE id = ?`).run(created.id);
      expect(code(() => engine.authenticate(created.apiKey, ctx))).toBe('DISABLED');
      own.prepare(`UPDATE api_keys SET status = 'enabled' WHERE id = ?`).run(created.id);
      expect(code(() => engine.authenticate(created.apiKey, ctx))).toBeNull();
      other.prepare(`UPDATE memberships SET role = 'member' WHERE id = ?`).run(created.orgUserId);
      expect(engine.me(engine.authenticate(created.apiKey, ctx)).role).toBe('member');
      own.prepare(`UPDATE memberships SET role = 'admin' WHERE id = ?`).run(created.orgUserId);
      expect(engine.me(engine.authenticate(created.apiKey, ctx)).role).toBe('admin');
    } finally {
      other.close();
      engine.close();
    }
  });

  it('nothing read inside a transaction is kept, so a rolled-back change is never served', () => {
    const { engine, created, own } = open();
    try {
      engine.authenticate(created.apiKey, ctx);
      const spoil = own.transaction(() => {
        own.prepare(`UPDATE api_keys SET status = 'disabled' WHERE id = ?`).run(created.id);
        expect(code(() => engine.authenticate(created.apiKey, ctx))).toBe('DISABLED');
        throw new Error('roll back');
      });
      expect(() => spoil()).toThrow('roll back');
      expect(code(() => engine.authenticate(created.apiKey, ctx))).toBeNull();
    } finally {
      engine.close();
    }
  });

  it('one reading serves a request, but a write through the engine in the same job is seen by the next check', () => {
    const { engine, created } = open();
    try {
      const actor = engine.authenticate(created.apiKey, ctx);
      engine.me(actor); // the first read of a generation only syncs the memo's counters
      const first = engine.me(actor);
      const again = engine.me(actor);
      expect(again).toEqual(first);
      expect(again.currentOrg).toBe(first.currentOrg); // kept, not read again
      expect(Object.isFrozen(first.currentOrg)).toBe(true);
      // No microtask runs between these lines: only forget() on the write path makes this exact.
      engine.directory.updateOrg(engine.owner(), created.orgId, { name: 'Renamed' });
      expect(engine.me(actor).currentOrg?.name).toBe('Renamed');
      engine.keys.update(engine.owner(), created.id, { status: 'disabled' });
      expect(code(() => engine.authenticate(created.apiKey, ctx))).toBe('DISABLED');
    } finally {
      engine.close();
    }
  });

  it('an EXCLUSIVE connection (the Core server) still sees its own changes at once', () => {
    const { engine: setup, created, file } = open();
    setup.close();
    const engine = Engine.open(file, { exclusive: true });
    try {
      for (let i = 0; i < 5; i++) engine.authenticate(created.apiKey, ctx);
      engine.keys.update(engine.owner(), created.id, { status: 'disabled' });
      expect(code(() => engine.authenticate(created.apiKey, ctx))).toBe('DISABLED');
      // Nobody else can commit meanwhile: the file is locked to this connection.
      const other = new Database(file, { timeout: 50 });
      try {
        expect(() => other.prepare(`UPDATE api_keys SET status = 'enabled' WHERE id = ?`).run(created.id)).toThrow();
      } finally {
        other.close();
      }
    } finally {
      engine.close();
    }
  });

  it('on an EXCLUSIVE connection, a write by any route through it is seen at once (db.ts counts them, no SQLite call)', () => {
    const { engine: setup, created, file } = open();
    setup.close();
    const engine = Engine.open(file, { exclusive: true });
    const db = (engine as unknown as { core: { db: Database.Database } }).core.db;
    const verdict = () => code(() => engine.authenticate(created.apiKey, ctx));
    const warm = () => {
      for (let i = 0; i < 3; i++) expect(verdict()).toBeNull();
    };
    try {
      warm();
      db.prepare(`UPDATE api_keys SET status = 'disabled' WHERE id = ?`).run(created.id);
      expect(verdict()).toBe('DISABLED');
      db.exec(`UPDATE api_keys SET status = 'enabled' WHERE id = ${created.id}`);
      warm();
      // A write that returns rows is read with get(): still a write.
      expect(db.prepare(`UPDATE api_keys SET revoked_at = 1 WHERE id = ? RETURNING id`).get(created.id)).toEqual({
        id: created.id,
      });
      expect(verdict()).toBe('REVOKED');
      db.prepare(`UPDATE api_keys SET revoked_at = NULL WHERE id = ?`).run(created.id);
      warm();
      db.prepare(`UPDATE users SET status = 'disabled' WHERE id = ?`).run(created.userId);
      expect(verdict()).toBe('INACTIVE_USER');
    } finally {
      engine.close();
    }
  });

  it('a key remembered as unknown works as soon as a key with its digest exists, from this connection or another', () => {
    const { engine, created, own, file } = open();
    const other = new Database(file);
    const fresh = () => formatKey('sandbox', randomBytes(20));
    try {
      for (const db of [other, own]) {
        const key = fresh();
        for (let i = 0; i < 3; i++) expect(code(() => engine.authenticate(key, ctx))).toBe('UNKNOWN_KEY');
        // Remembered as unknown, it is still refused under its own start (rule 12's audit).
        expect(engine.verify(key, ctx)).toMatchObject({ code: 'UNKNOWN_KEY', start: key.slice(0, 12) });
        db.prepare('UPDATE api_keys SET digest = ? WHERE id = ?').run(digestOf(key), created.id);
        expect(engine.authenticate(key, ctx).key?.id).toBe(created.id);
      }
    } finally {
      other.close();
      engine.close();
    }
  });

  it("a verification's reading serves its own request once; the next check asks SQLite again", () => {
    const { engine, created, file } = open();
    const other = new Database(file);
    try {
      for (let i = 0; i < 3; i++) engine.me(engine.authenticate(created.apiKey, ctx));
      const actor = engine.authenticate(created.apiKey, ctx);
      other.prepare(`UPDATE orgs SET name = 'Renamed elsewhere' WHERE id = ?`).run(created.orgId);
      // The request was verified before the commit: answering from that moment is consistent.
      expect(engine.me(actor).currentOrg?.name).toBe('O');
      // Any later check of the same actor is a new moment: it sees the commit.
      expect(engine.me(actor).currentOrg?.name).toBe('Renamed elsewhere');
    } finally {
      other.close();
      engine.close();
    }
  });
});
