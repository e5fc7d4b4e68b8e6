// Files, JSON import and the audit log.
import { importJsonSchema, listAuditSchema } from '../../../shared/domain';
import { validate } from '../http';
import { created, ok, type Route } from '../types';

/** Stored files are served as downloads: an uploaded HTML page must not run in our origin. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const dataRoutes: Route[] = [
  {
    method: 'POST',
    path: '/data/file/file',
    body: 'multipart',
    handle: (c) => {
      const file = c.engine.uploadFile(c.actor, c.upload!);
      return created({ ...file, fileUrl: c.origin() + file.fileUrl });
    },
  },
  {
    method: 'GET',
    path: '/data/file/:id/content',
    handle: (c) => {
      const f = c.engine.fileContent(c.actor, c.params.id);
      return {
        status: 200,
        bytes: f.bytes,
        headers: {
          'content-type': f.contentType,
          'content-disposition': contentDisposition(f.displayName),
          'content-security-policy': "default-src 'none'; sandbox",
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/creation/import/json',
    scope: 'integration',
    body: 'json',
    handle: (c) => ok(c.engine.importJson(c.actor, validate(importJsonSchema, c.body).records)),
  },
  {
    method: 'GET',
    path: '/user/audit',
    query: {
      orgId: 'int',
      action: 'string',
      outcome: 'string',
      keyId: 'int',
      aboutKeyId: 'int',
      actorUserId: 'int',
      since: 'string',
      until: 'string',
      limit: 'int',
      cursor: 'string',
    },
    handle: (c) => ok(c.engine.listAudit(c.actor, validate(listAuditSchema, c.query))),
  },
];
