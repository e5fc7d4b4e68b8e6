// The database file: migrations, the environment fixed at creation, refusing files that are
// not ours (and leaving them byte-identical).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { MIGRATIONS } from '../../../src/main/engine/schema';
import { World, expectCode, tempDir } from './helpers';

const userVersion = (file: string): number => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('database file', () => {
  describe('migrations', () => {
    it('a new database is at the latest schema version, in WAL mode', () => {
      const w = new World();
      expect(MIGRATIONS.length).toBeGreaterThan(0);
      expect(w.engine.database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(w.engine.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(w.engine.database.pragma('foreign_keys', { simple: true })).toBe(1);
      w.engine.close();
      expect(userVersion(w.file)).toBe(MIGRATIONS.length);
    });

    it('reopening is idempotent: same version, same data, keys still work', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin');
      const snapshot = (e: Engine) => ({
        orgs: e.directory.listOrgs(e.owner()).items,
        members: e.directory.listMembers(e.owner(), w.orgA).items,
        keys: e.keys.list(e.owner(), { orgId: w.orgA, includeRevoked: true }).items,
      });
      w.engine.flush();
      const before = snapshot(w.engine);
      for (let i = 0; i < 3; i++) {
        const e = w.reopen();
        expect(e.database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
        expect(snapshot(e)).toEqual(before);
      }
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
      expect(w.as(w.ownerKey, 'GET').userId).toBe(w.ownerUserId);
    });

    it('a database with a newer schema version is refused (409) and left untouched', () => {
      const w = new World();
      w.engine.close();
      const db = new Database(w.file);
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
      db.close();
      const bytes = fs.readFileSync(w.file);
      const e = expectCode(() => Engine.open(w.file), 'CONFLICT');
      expect(e.message).toMatch(/newer/);
      expect(fs.readFileSync(w.file).equals(bytes)).toBe(true);
      expect(userVersion(w.file)).toBe(MIGRATIONS.length + 1);
    });
  });

  describe('the environment is fixed at creation', () => {
    it('Engine.open reads it from the file and ignores any other wish', () => {
      const w = new World('production');
      expect(w.engine.environment).toBe('production');
      w.engine.close();
      for (const opts of [{}, { environment: 'sandbox' as const }]) {
        const e = Engine.open(w.file, opts);
        try {
          expect(e.environment).toBe('production');
          expect(e.keys.create(e.owner(), { orgUserId: w.ownerOrgUserId, name: 'live' }).apiKey).toMatch(/^kw_live_/);
          expect(e.authenticate(w.ownerKey, { method: 'GET', scope: 'rest' }).userId).toBe(w.ownerUserId);
        } finally {
          e.close();
        }
      }
      const sandbox = new World('sandbox');
      expect(sandbox.reopen().environment).toBe('sandbox');
      expect(sandbox.ownerKey).toMatch(/^kw_test_/);
    });
  });

  describe('Engine.create', () => {
    it('makes a super admin who is admin of the first org (allowUserKeys off) with a full-scope key', () => {
      const dir = tempDir();
      const file = path.join(dir, 'new.db');
      const { engine, created } = Engine.create(file, 'sandbox', { email: 'Boss@Example.com', orgName: 'First' });
      try {
        expect(created.apiKey).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
        const actor = engine.authenticate(created.apiKey, { method: 'POST', scope: 'integration' });
        expect(actor).toMatchObject({
          userId: created.userId,
          isSuperAdmin: true,
          orgId: created.orgId,
          orgUserId: created.orgUserId,
          role: 'admin',
        });
        expect(actor.key?.scopes).toEqual(['ui', 'rest', 'integration']);
        expect(engine.directory.getOrg(engine.owner(), created.orgId)).toMatchObject({
          name: 'First',
          allowUserKeys: false,
        });
        expect(engine.me(actor)).toMatchObject({ email: 'boss@example.com', isSuperAdmin: true, status: 'active' });
      } finally {
        engine.close();
      }
    });

    it('a database still open in the program that created it can be opened by another (the app and the CLI on one file)', () => {
      // Its first pages may live only in the WAL until a checkpoint; the header check reads the main file.
      const file = path.join(tempDir(), 'shared.db');
      const { engine, created } = Engine.create(file, 'sandbox', { email: 'a@example.com' });
      try {
        const other = Engine.open(file);
        try {
          expect(other.environment).toBe('sandbox');
          expect(other.authenticate(created.apiKey, { method: 'GET', scope: 'rest' }).userId).toBe(created.userId);
        } finally {
          other.close();
        }
      } finally {
        engine.close();
      }
    });

    it('refuses an existing database and leaves it byte-identical', () => {
      const w = new World();
      w.person(w.orgA);
      w.engine.close();
      const files = ['', '-wal', '-shm'].map((s) => w.file + s);
      const before = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
      expectCode(() => Engine.create(w.file, 'sandbox', { email: 'intruder@example.com' }), 'CONFLICT');
      expectCode(() => Engine.create(w.file, 'production', { email: 'intruder@example.com' }), 'CONFLICT');
      expect(files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null))).toEqual(before);
      const e = w.reopen();
      expect(e.environment).toBe('sandbox');
      expect(e.owner().userId).toBe(w.ownerUserId);
    });

    it('refuses any existing file, even one that is not a database, and leaves it byte-identical', () => {
      const dir = tempDir();
      const file = path.join(dir, 'notes.txt');
      fs.writeFileSync(file, 'precious notes\n');
      expectCode(() => Engine.create(file, 'sandbox', { email: 'a@example.com' }), 'CONFLICT');
      expect(fs.readFileSync(file, 'utf8')).toBe('precious notes\n');
      const empty = path.join(dir, 'empty');
      fs.writeFileSync(empty, '');
      expectCode(() => Engine.create(empty, 'sandbox', { email: 'a@example.com' }), 'CONFLICT');
      expect(fs.statSync(empty).size).toBe(0);
    });

    it('a folder that does not exist is a clear NOT_FOUND, and nothing is created', () => {
      const dir = tempDir();
      const file = path.join(dir, 'missing', 'x.db');
      expectCode(() => Engine.create(file, 'sandbox', { email: 'a@example.com' }), 'NOT_FOUND');
      expect(fs.existsSync(path.dirname(file))).toBe(false);
    });
  });

  describe('Engine.open', () => {
    it('a missing file is NOT_FOUND, and is not created', () => {
      const file = path.join(tempDir(), 'absent.db');
      expectCode(() => Engine.open(file), 'NOT_FOUND');
      expect(fs.existsSync(file)).toBe(false);
    });

    it('a file that is not a SQLite database is refused (400) unchanged', () => {
      const dir = tempDir();
      const text = path.join(dir, 'text.db');
      fs.writeFileSync(text, 'not a database '.repeat(500));
      const bytes = fs.readFileSync(text);
      expectCode(() => Engine.open(text), 'BAD_REQUEST');
      expect(fs.readFileSync(text).equals(bytes)).toBe(true);
      const empty = path.join(dir, 'empty.db');
      fs.writeFileSync(empty, '');
      expectCode(() => Engine.open(empty), 'BAD_REQUEST');
      expect(fs.statSync(empty).size).toBe(0);
      expectCode(() => Engine.open(dir), 'BAD_REQUEST');
    });

    it('a SQLite database of another program is refused (400) byte-identical, not migrated', () => {
      const file = path.join(tempDir(), 'other.db');
      const db = new Database(file);
      db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
      db.close();
      const bytes = fs.readFileSync(file);
      expectCode(() => Engine.open(file), 'BAD_REQUEST');
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    });

    it('owner() fails once the owner is no longer an active super admin', () => {
      const w = new World();
      const other = w.person(w.orgA, 'admin');
      w.makeSuperAdmin(other.userId);
      w.engine.directory.updateUser(w.as(other.key), w.ownerUserId, { status: 'disabled' });
      expectCode(() => w.engine.owner(), 'INACTIVE_USER');
    });
  });
});
