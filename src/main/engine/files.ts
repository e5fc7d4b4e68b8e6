import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { StoredFile } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Upload {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

interface FileRow {
  id: number;
  uuid: string;
  org_id: number;
  display_name: string;
  file_type: string;
  content_type: string;
  content: Buffer;
}

const toStoredFile = (r: Omit<FileRow, 'content'>): StoredFile => ({
  id: r.id,
  displayName: r.display_name,
  fileType: r.file_type,
  contentType: r.content_type,
  fileUUID: r.uuid,
  fileUrl: `/data/file/${r.id}/content`,
});

export function uploadFile(core: EngineCore, actor: Actor, upload: Upload): StoredFile {
  return core.mutate(
    actor,
    (f?: StoredFile) => ({ action: 'file.upload', orgId: actor.orgId, targetType: 'file', targetId: f?.id ?? null }),
    () => {
      if (actor.orgId === null) throw new KeywardenError('BAD_REQUEST', 'files belong to an org: upload with a key');
      if (upload.bytes.length > MAX_UPLOAD_BYTES)
        throw new KeywardenError('PAYLOAD_TOO_LARGE', 'uploads are at most 10 MiB');
      const displayName = path.basename(upload.filename.replace(/\\/g, '/')).slice(0, 255) || 'file';
      const ext = path.extname(displayName).slice(1).toLowerCase();
      const info = core.db
        .prepare(
          `INSERT INTO files (uuid, org_id, owner_user_id, display_name, file_type, content_type, size, content, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          randomUUID(),
          actor.orgId,
          actor.userId,
          displayName,
          ext,
          upload.contentType,
          upload.bytes.length,
          upload.bytes,
          core.now(),
        );
      const row = core.db
        .prepare('SELECT id, uuid, org_id, display_name, file_type, content_type FROM files WHERE id = ?')
        .get(info.lastInsertRowid) as FileRow;
      return toStoredFile(row);
    },
  );
}

export function fileContent(
  core: EngineCore,
  actor: Actor,
  id: number,
): { contentType: string; displayName: string; bytes: Buffer } {
  // Logged under the file's org so that the org's admins see the read in their audit log.
  const orgOfFile = core.db.prepare('SELECT org_id FROM files WHERE id = ?').get(id) as { org_id: number } | undefined;
  return core.read(
    actor,
    { action: 'file.read', orgId: orgOfFile?.org_id ?? null, targetType: 'file', targetId: id },
    () => {
      const row = core.db.prepare('SELECT * FROM files WHERE id = ?').get(id) as FileRow | undefined;
      if (!row) throw new KeywardenError('NOT_FOUND', `file ${id} does not exist`);
      if (powerIn(actor, row.org_id) === 'none') forbid("only members of the file's org may read it");
      return { contentType: row.content_type, displayName: row.display_name, bytes: row.content };
    },
  );
}

export function importJson(core: EngineCore, actor: Actor, records: unknown[]): { imported: number } {
  return core.mutate(
    actor,
    () => ({ action: 'import.json', orgId: actor.orgId }),
    () => {
      if (actor.orgId === null) throw new KeywardenError('BAD_REQUEST', 'imports belong to an org: import with a key');
      const insert = core.db.prepare(
        'INSERT INTO imported_records (org_id, user_id, key_id, record, created_at) VALUES (?, ?, ?, ?, ?)',
      );
      const now = core.now();
      for (const r of records) insert.run(actor.orgId, actor.userId, actor.key?.id ?? null, JSON.stringify(r), now);
      return { imported: records.length };
    },
  );
}
