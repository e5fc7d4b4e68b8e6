// The app's own small database (profiles, keychain exports, settings) — separate from each
// profile's key database, and never holding a secret.
import Database from 'better-sqlite3';
import type { Environment } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import type { KeychainExport, Profile } from '../../shared/ipc/contract';
import { migrate, type Migration } from '../db/migrations';

/** The app store's schema, in order (src/main/db/migrations.ts applies them). */
export const APP_MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE profiles (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL COLLATE NOCASE UNIQUE,
     environment TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
     backend TEXT NOT NULL CHECK (backend IN ('local', 'remote')),
     db_file TEXT,
     url TEXT,
     has_credential INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE exports (
     profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
     key_id INTEGER NOT NULL,
     org_id INTEGER NOT NULL,
     service TEXT NOT NULL,
     account TEXT NOT NULL,
     exported_at INTEGER NOT NULL,
     PRIMARY KEY (profile_id, key_id)
   ) STRICT;
   CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT;`,
];

interface ProfileRow {
  id: number;
  name: string;
  environment: Environment;
  backend: 'local' | 'remote';
  db_file: string | null;
  url: string | null;
  has_credential: number;
  created_at: number;
}
interface ExportRow {
  profile_id: number;
  key_id: number;
  org_id: number;
  service: string;
  account: string;
  exported_at: number;
}

export interface StoredProfile extends Profile {
  dbFile: string | null;
}

const toProfile = (r: ProfileRow): StoredProfile => ({
  id: r.id,
  name: r.name,
  environment: r.environment,
  backend: r.backend,
  url: r.url,
  hasCredential: r.has_credential === 1,
  createdAt: new Date(r.created_at).toISOString(),
  dbFile: r.db_file,
});

const toExport = (r: ExportRow): KeychainExport => ({
  profileId: r.profile_id,
  keyId: r.key_id,
  orgId: r.org_id,
  service: r.service,
  account: r.account,
  exportedAt: new Date(r.exported_at).toISOString(),
});

export class AppStore {
  private readonly db: Database.Database;

  constructor(file: string, nativeBinding?: string) {
    this.db = new Database(file, { nativeBinding });
    try {
      // Before the switch to WAL, so that a file from a newer Keywarden is refused unchanged.
      migrate(this.db, APP_MIGRATIONS, 'app store');
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
  }

  listProfiles(): StoredProfile[] {
    return (this.db.prepare('SELECT * FROM profiles ORDER BY id').all() as ProfileRow[]).map(toProfile);
  }

  profile(id: number): StoredProfile {
    const row = this.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    if (!row) throw new KeywardenError('NOT_FOUND', `profile ${id} does not exist`);
    return toProfile(row);
  }

  private assertFreeName(name: string, exceptId?: number): void {
    const row = this.db.prepare('SELECT id FROM profiles WHERE name = ?').get(name) as { id: number } | undefined;
    if (row && row.id !== exceptId) throw new KeywardenError('CONFLICT', `a profile named "${name}" already exists`);
  }

  addProfile(p: {
    name: string;
    environment: Environment;
    backend: 'local' | 'remote';
    dbFile?: string | null;
    url?: string | null;
  }): StoredProfile {
    this.assertFreeName(p.name);
    const info = this.db
      .prepare('INSERT INTO profiles (name, environment, backend, db_file, url, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.name, p.environment, p.backend, p.dbFile ?? null, p.url ?? null, Date.now());
    return this.profile(Number(info.lastInsertRowid));
  }

  updateProfile(
    id: number,
    patch: { name?: string; url?: string; dbFile?: string; hasCredential?: boolean },
  ): StoredProfile {
    this.profile(id);
    if (patch.name !== undefined) {
      this.assertFreeName(patch.name, id);
      this.db.prepare('UPDATE profiles SET name = ? WHERE id = ?').run(patch.name, id);
    }
    if (patch.url !== undefined) this.db.prepare('UPDATE profiles SET url = ? WHERE id = ?').run(patch.url, id);
    if (patch.dbFile !== undefined)
      this.db.prepare('UPDATE profiles SET db_file = ? WHERE id = ?').run(patch.dbFile, id);
    if (patch.hasCredential !== undefined) {
      this.db.prepare('UPDATE profiles SET has_credential = ? WHERE id = ?').run(patch.hasCredential ? 1 : 0, id);
    }
    return this.profile(id);
  }

  deleteProfile(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id);
      if (this.setting('currentProfileId') === String(id))
        this.db.prepare("DELETE FROM settings WHERE k = 'currentProfileId'").run();
    })();
  }

  setting(k: string): string | undefined {
    return (this.db.prepare('SELECT v FROM settings WHERE k = ?').get(k) as { v: string } | undefined)?.v;
  }

  setSetting(k: string, v: string): void {
    this.db.prepare('INSERT INTO settings (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v').run(k, v);
  }

  /** Every setting whose name starts with `prefix` (a plain prefix, no wildcards). */
  settingsWithPrefix(prefix: string): { k: string; v: string }[] {
    return this.db
      .prepare('SELECT k, v FROM settings WHERE substr(k, 1, ?) = ? ORDER BY k')
      .all(prefix.length, prefix) as { k: string; v: string }[];
  }

  recordExport(e: {
    profileId: number;
    keyId: number;
    orgId: number;
    service: string;
    account: string;
  }): KeychainExport {
    this.db
      .prepare(
        `INSERT INTO exports (profile_id, key_id, org_id, service, account, exported_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (profile_id, key_id) DO UPDATE SET service = excluded.service, account = excluded.account, exported_at = excluded.exported_at`,
      )
      .run(e.profileId, e.keyId, e.orgId, e.service, e.account, Date.now());
    return this.export(e.profileId, e.keyId) as KeychainExport;
  }

  export(profileId: number, keyId: number): KeychainExport | undefined {
    const row = this.db.prepare('SELECT * FROM exports WHERE profile_id = ? AND key_id = ?').get(profileId, keyId) as
      ExportRow | undefined;
    return row && toExport(row);
  }

  exports(profileId: number): KeychainExport[] {
    return (
      this.db.prepare('SELECT * FROM exports WHERE profile_id = ? ORDER BY key_id').all(profileId) as ExportRow[]
    ).map(toExport);
  }

  removeExportRecord(profileId: number, keyId: number): void {
    this.db.prepare('DELETE FROM exports WHERE profile_id = ? AND key_id = ?').run(profileId, keyId);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
