// The one migration runner (src/main/db/migrations.ts), on real SQLite files: the runner on
// its own, then both databases that use it — a profile's key database and the app store —
// upgraded from every older schema version they have had.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/main/db/migrations';
import { Engine } from '../../../src/main/engine';
import { APPLICATION_ID } from '../../../src/main/engine/identify';
import { MIGRATIONS } from '../../../src/main/engine/schema';
import { APP_MIGRATIONS, AppStore } from '../../../src/main/services/appStore';
import { expectCode, tempDir } from '../engine/helpers';

const open = (file: string) => new Database(file);

/** Every table, index and column definition: two files with equal schemas give equal lists. */
function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare<[], { sql: string }>('SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name')
        .all()
        // ALTER TABLE … ADD COLUMN appends to the stored CREATE TABLE text; whitespace is not schema.
        .map((r) => r.sql.replace(/\s+/g, ' '))
    );
  } finally {
    db.close();
  }
}

function versionOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

const STEPS = [
  'CREATE TABLE a (x INTEGER) STRICT;',
  'CREATE TABLE b (y TEXT) STRICT; INSERT INTO a (x) VALUES (1);',
  'ALTER TABLE a ADD COLUMN z TEXT;',
];

describe('the migration runner', () => {
  it('a fresh file gets every migration, in order, and the version counts them', () => {
    const file = path.join(tempDir(), 'fresh.db');
    const db = open(file);
    expect(migrate(db, STEPS, 'test db')).toBe(0);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare<[], { x: number; z: string | null }>('SELECT x, z FROM a').all()).toEqual([{ x: 1, z: null }]);
    // Run again: nothing left to do, nothing applied twice.
    expect(migrate(db, STEPS, 'test db')).toBe(3);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(1);
    db.close();
    expect(versionOf(file)).toBe(3);
  });

  it('upgrades a file from each older version to the same schema a fresh file gets', () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'fresh.db');
    const f = open(fresh);
    migrate(f, STEPS, 'test db');
    f.close();
    for (let v = 0; v < STEPS.length; v++) {
      const file = path.join(dir, `v${v}.db`);
      const db = open(file);
      migrate(db, STEPS.slice(0, v), 'test db');
      expect(schemaVersion(db)).toBe(v);
      expect(migrate(db, STEPS, 'test db')).toBe(v);
      expect(schemaVersion(db)).toBe(STEPS.length);
      db.close();
      expect(schemaOf(file), `from v${v}`).toEqual(schemaOf(fresh));
    }
  });

  it('a migration that fails is rolled back whole and leaves the version where it was', () => {
    const file = path.join(tempDir(), 'broken.db');
    const db = open(file);
    migrate(db, STEPS.slice(0, 1), 'test db');
    // Its first statement succeeds, its second fails: the first must not stay behind.
    const broken = [...STEPS.slice(0, 1), 'CREATE TABLE c (w INTEGER); INSERT INTO nowhere VALUES (1);', STEPS[2]];
    expect(() => migrate(db, broken, 'test db')).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'").pluck().get()).toBe(0);
    db.close();
    expect(versionOf(file)).toBe(1);
    // Mended, the same file carries on from where it stopped.
    const again = open(file);
    expect(migrate(again, STEPS, 'test db')).toBe(1);
    expect(schemaVersion(again)).toBe(3);
    again.close();
  });

  it('a file newer than the code knows is refused with CONFLICT and left unchanged', () => {
    const file = path.join(tempDir(), 'newer.db');
    const db = open(file);
    migrate(db, STEPS, 'test db');
    db.close();
    const bytes = fs.readFileSync(file);
    const again = open(file);
    const e = expectCode(() => migrate(again, STEPS.slice(0, 2), 'test db'), 'CONFLICT');
    expect(e.message).toBe('test db schema v3 is newer than this Keywarden (v2)');
    again.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('the key database uses it', () => {
  /** A key database as an older Keywarden left it: its migrations, its environment, one key. */
  function keyDatabaseAt(file: string, version: number): void {
    const db = open(file);
    migrate(db, MIGRATIONS.slice(0, version), 'database');
    db.exec(`INSERT INTO meta (k, v) VALUES ('environment', 'sandbox'), ('owner_user_id', '1');
      INSERT INTO orgs (id, name, created_at) VALUES (1, 'Old org', 1);
      INSERT INTO users (id, email, first_name, last_name, is_super_admin, created_at) VALUES (1, 'old@example.com', 'O', 'Ld', 1, 1);
      INSERT INTO memberships (id, org_id, user_id, role, created_at) VALUES (1, 1, 1, 'admin', 1);
      INSERT INTO api_keys (id, kind, org_id, membership_id, name, start, digest, scopes, created_at)
        VALUES (1, 'user', 1, 1, 'kept', 'kw_test_abcd', x'00', 'ui,rest', 1);`);
    db.close();
  }

  it('upgrades a file from every older version to the fresh schema, keeping its rows', () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'fresh.db');
    Engine.create(fresh, 'sandbox', { email: 'new@example.com' }).engine.close();
    for (let v = 1; v < MIGRATIONS.length; v++) {
      const file = path.join(dir, `v${v}.db`);
      keyDatabaseAt(file, v);
      const engine = Engine.open(file);
      try {
        expect(engine.database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
        const keys = engine.keys.list(engine.owner(), { orgId: 1 }).items;
        expect(keys.map((k) => [k.id, k.name, k.scopes])).toEqual([[1, 'kept', ['ui', 'rest']]]);
      } finally {
        engine.close();
      }
      expect(schemaOf(file), `from v${v}`).toEqual(schemaOf(fresh));
    }
  });

  it('a key database newer than the code is refused (CONFLICT), byte for byte unchanged', () => {
    const file = path.join(tempDir(), 'newer.db');
    keyDatabaseAt(file, MIGRATIONS.length);
    const db = open(file);
    // Stamped as ours (src/main/engine/identify.ts): an unstamped file of an unknown version is not ours at all.
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const bytes = fs.readFileSync(file);
    expect(expectCode(() => Engine.open(file), 'CONFLICT').message).toMatch(/newer than this Keywarden/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('the app store uses it', () => {
  it('a fresh app store is at the latest version', () => {
    const file = path.join(tempDir(), 'app.db');
    new AppStore(file).close();
    expect(versionOf(file)).toBe(APP_MIGRATIONS.length);
  });

  it('upgrades an app store from every older version to the fresh schema', () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'fresh.db');
    new AppStore(fresh).close();
    for (let v = 0; v < APP_MIGRATIONS.length; v++) {
      const file = path.join(dir, `v${v}.db`);
      const db = open(file);
      migrate(db, APP_MIGRATIONS.slice(0, v), 'app store');
      db.close();
      const store = new AppStore(file);
      store.addProfile({ name: 'After upgrade', environment: 'sandbox', backend: 'local', dbFile: '/x.db' });
      expect(store.listProfiles().map((p) => p.name)).toEqual(['After upgrade']);
      store.close();
      expect(versionOf(file)).toBe(APP_MIGRATIONS.length);
      expect(schemaOf(file), `from v${v}`).toEqual(schemaOf(fresh));
    }
  });

  it('an app store newer than the code is refused (CONFLICT), byte for byte unchanged', () => {
    const file = path.join(tempDir(), 'app.db');
    new AppStore(file).close();
    const db = open(file);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${APP_MIGRATIONS.length + 1}`);
    db.close();
    const bytes = fs.readFileSync(file);
    const e = expectCode(() => new AppStore(file), 'CONFLICT');
    expect(e.message).toBe(
      `app store schema v${APP_MIGRATIONS.length + 1} is newer than this Keywarden (v${APP_MIGRATIONS.length})`,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
