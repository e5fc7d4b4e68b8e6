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

/** Files (multipart uploads) and JSON imports: the Resolver routes an integration key uses. */
export class Files {
  private readonly insertFile;
  private readonly fileById;
  private readonly orgOfFile;
  private readonly insertRecord;

  constructor(private readonly core: EngineCore) {
    const { db } = core;
    this.insertFile = db.prepare<[string, number, number | null, string, string, string, number, Buffer, number]>(
      `INSERT INTO files (uuid, org_id, owner_user_id, display_name, file_type, content_type, size, content, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.fileById = db.prepare<[number | bigint], FileRow>('SELECT * FROM files WHERE id = ?');
    this.orgOfFile = db.prepare<[number], { org_id: number }>('SELECT org_id FROM files WHERE id = ?');
    this.insertRecord = db.prepare<[number, number | null, number | null, string, number]>(
      'INSERT INTO imported_records (org_id, user_id, key_id, record, created_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  upload(actor: Actor, upload: Upload): StoredFile {
    const { core } = this;
    return core.mutate(
      actor,
      (f?: StoredFile) => ({ action: 'file.upload', orgId: actor.orgId, targetType: 'file', targetId: f?.id ?? null }),
      () => {
        if (actor.orgId === null) throw new KeywardenError('BAD_REQUEST', 'files belong to an org: upload with a key');
        if (upload.bytes.length > MAX_UPLOAD_BYTES)
          throw new KeywardenError('PAYLOAD_TOO_LARGE', 'uploads are at most 10 MiB');
        const displayName = path.basename(upload.filename.replace(/\\/g, '/')).slice(0, 255) || 'file';
        const ext = path.extname(displayName).slice(1).toLowerCase();
        const info = this.insertFile.run(
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
        return toStoredFile(this.fileById.get(info.lastInsertRowid)!);
      },
    );
  }

  content(actor: Actor, id: number): { contentType: string; displayName: string; bytes: Buffer } {
    // Logged under the file's org so that the org's admins see the read in their audit log.
    const orgId = this.orgOfFile.get(id)?.org_id ?? null;
    return this.core.read(actor, { action: 'file.read', orgId, targetType: 'file', targetId: id }, () => {
      const row = this.fileById.get(id);
      if (!row) throw new KeywardenError('NOT_FOUND', `file ${id} does not exist`);
      if (powerIn(actor, row.org_id) === 'none') forbid("only members of the file's org may read it");
      return { contentType: row.content_type, displayName: row.display_name, bytes: row.content };
    });
  }

  importJson(actor: Actor, records: unknown[]): { imported: number } {
    return this.core.mutate(
      actor,
      () => ({ action: 'import.json', orgId: actor.orgId }),
      () => {
        const orgId = actor.orgId;
        if (orgId === null) throw new KeywardenError('BAD_REQUEST', 'imports belong to an org: import with a key');
        const now = this.core.now();
        for (const r of records)
          this.insertRecord.run(orgId, actor.userId, actor.key?.id ?? null, JSON.stringify(r), now);
        return { imported: records.length };
      },
    );
  }
}
