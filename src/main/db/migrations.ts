// The one migration runner of both databases Keywarden keeps: each profile's key database
// (src/main/engine/schema.ts) and the desktop app's own store (src/main/services/appStore.ts).
// A schema version is the number of migrations applied, kept in PRAGMA user_version, so a
// file records how far it got without a table of its own. Plain Node: no electron here.
import type Database from 'better-sqlite3';
import { KeywardenError } from '../../shared/errors';

/** One step of a schema, as SQL. Append only: a released migration is never edited. */
export type Migration = string;

export const schemaVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings `db` up to `migrations.length`, applying each missing migration in its own
 * transaction together with its version bump: a migration that fails leaves the schema
 * and the version as they were before it. A file newer than `migrations` is refused
 * untouched, since this code cannot know what its schema means. `what` names the
 * database in the error. Returns the version the file was at.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], what: string): number {
  const from = schemaVersion(db);
  if (from > migrations.length) {
    throw new KeywardenError(
      'CONFLICT',
      `${what} schema v${from} is newer than this Keywarden (v${migrations.length})`,
    );
  }
  for (let v = from; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return from;
}
