// Telling a Keywarden database from any other file before SQLite opens it read-write.
// Opening read-write is not harmless: switching to WAL, a migration, or even the
// recovery and checkpoint of someone else's -wal on close would rewrite a file that is
// not ours (docs/cli.md: refuse it without changing a byte). So the decision is made from
// the file's header, read with plain fs, and where that is not enough, from a private
// in-memory copy of the file's first pages.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { KeywardenError } from '../../shared/errors';

/** PRAGMA application_id of every Keywarden database: "KWDN". */
export const APPLICATION_ID = 0x4b57444e;

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;
/**
 * Enough of an unstamped file to find its meta table: the schema and the first tables
 * live on the first pages of a database written by migration 1.
 */
const PROBE_BYTES = 16 * 1024 * 1024;

const notOurs = (file: string) => new KeywardenError('BAD_REQUEST', `${file} is not a Keywarden database`);

function readStart(file: string, length: number): Buffer {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(length);
    const n = fs.readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw notOurs(file);
    throw new KeywardenError('BAD_REQUEST', `${file} cannot be read (${code ?? 'error'})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Throws unless `file` is a Keywarden database this build can open (`versions` is the
 * number of migrations it knows). Reads only; creates no file beside it.
 */
export function assertKeywardenFile(file: string, versions: number, nativeBinding?: string): void {
  const header = readStart(file, HEADER_BYTES);
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw notOurs(file);
  const userVersion = header.readUInt32BE(60);
  const applicationId = header.readUInt32BE(68);
  if (applicationId === APPLICATION_ID) {
    if (userVersion > versions)
      throw new KeywardenError(
        'CONFLICT',
        `database schema v${userVersion} is newer than this Keywarden (v${versions})`,
      );
    return;
  }
  // Databases made before the stamp carry no application id, only our user_version and
  // a meta table naming the environment. Anything else is someone else's.
  if (applicationId !== 0 || userVersion === 0 || userVersion > versions) throw notOurs(file);
  if (!hasEnvironment(readStart(file, PROBE_BYTES), nativeBinding)) throw notOurs(file);
}

function hasEnvironment(bytes: Buffer, nativeBinding?: string): boolean {
  // The copy is ours to edit: marked as a rollback-journal database so SQLite reads it
  // from memory instead of looking for a WAL.
  bytes[18] = 1;
  bytes[19] = 1;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(bytes, { nativeBinding });
    // unknown, not string: this file is not known to be ours yet.
    const v = probe.prepare<[], unknown>("SELECT v FROM meta WHERE k = 'environment'").pluck().get();
    return typeof v === 'string';
  } catch {
    return false;
  } finally {
    probe?.close();
  }
}
