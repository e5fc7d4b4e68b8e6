// THE route table of the Core HTTP API (docs/api.md): one entry per operation, naming its
// method, path, input and output schemas, scope and engine handler. The server's router,
// the LocalBackend and RemoteBackend methods (same names, ids first, then the input) and
// the OpenAPI document are all derived from it. To add an operation, see
// docs/adding-an-operation.md. Over ~300 lines on purpose: one table is the point; split,
// an operation would again be declared in more than one place.
import { z } from 'zod';
import {
  addMemberSchema,
  auditEventSchema,
  createKeySchema,
  createOrgSchema,
  createdKeySchema,
  extendGraceSchema,
  importJsonSchema,
  keyMetaSchema,
  listAuditSchema,
  listKeysSchema,
  meSchema,
  membershipSchema,
  orgSchema,
  pageQuerySchema,
  pageSchema,
  policyPreviewSchema,
  policySchema,
  rollKeySchema,
  storedFileSchema,
  updateKeySchema,
  updateMemberSchema,
  updateOrgSchema,
  updateUserSchema,
  usageBatchReplySchema,
  usageBatchSchema,
  usageQuerySchema,
  keyUsageSchema,
  userSchema,
} from '../../shared/domain';
import { keyFindingsQuerySchema, keyFindingsSchema } from '../../shared/findings';
import { route } from './route';

/** Stored files are served as downloads: an uploaded HTML page must not run in our origin. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const ROUTE_TABLE = {
  // ---- who am I, users ----
  whoami: route({
    method: 'GET',
    path: '/user/users/me',
    tag: 'me',
    summary: 'The acting user, org, membership and key',
    status: 200,
    output: meSchema,
    handle: (engine, actor) => engine.me(actor),
  }),
  updateUser: route({
    method: 'PATCH',
    path: '/user/users/:userId',
    tag: 'users',
    summary: 'Enable or disable a user (super admin)',
    body: updateUserSchema,
    status: 200,
    output: userSchema,
    handle: (engine, actor, { params, body }) => engine.directory.updateUser(actor, params.userId, body),
  }),

  // ---- orgs ----
  listOrgs: route({
    method: 'GET',
    path: '/user/orgs',
    tag: 'orgs',
    summary: "The caller's orgs (all of them for a super admin)",
    query: pageQuerySchema,
    status: 200,
    output: pageSchema(orgSchema),
    handle: (engine, actor, { query }) => engine.directory.listOrgs(actor, query),
  }),
  createOrg: route({
    method: 'POST',
    path: '/user/orgs',
    tag: 'orgs',
    summary: 'Create an org (super admin)',
    body: createOrgSchema,
    status: 201,
    output: orgSchema,
    handle: (engine, actor, { body }) => engine.directory.createOrg(actor, body),
  }),
  getOrg: route({
    method: 'GET',
    path: '/user/orgs/:orgId',
    tag: 'orgs',
    summary: 'One org',
    status: 200,
    output: orgSchema,
    handle: (engine, actor, { params }) => engine.directory.getOrg(actor, params.orgId),
  }),
  updateOrg: route({
    method: 'PATCH',
    path: '/user/orgs/:orgId',
    tag: 'orgs',
    summary: "Rename an org or change whether members may manage their own keys (the org's admins)",
    body: updateOrgSchema,
    status: 200,
    output: orgSchema,
    handle: (engine, actor, { params, body }) => engine.directory.updateOrg(actor, params.orgId, body),
  }),

  // ---- org key policies (docs/policies-and-labels.md): members read, admins replace it whole ----
  getPolicy: route({
    method: 'GET',
    path: '/user/orgs/:orgId/policy',
    tag: 'orgs',
    summary: "The org's key policy (members of the org)",
    status: 200,
    output: policySchema,
    handle: (engine, actor, { params }) => engine.policies.get(actor, params.orgId),
  }),
  putPolicy: route({
    method: 'PUT',
    path: '/user/orgs/:orgId/policy',
    tag: 'orgs',
    summary: "Replace the org's key policy (the org's admins); existing keys are not changed",
    body: policySchema,
    status: 200,
    output: policySchema,
    handle: (engine, actor, { params, body }) => engine.policies.put(actor, params.orgId, body),
  }),
  previewPolicy: route({
    method: 'POST',
    path: '/user/orgs/:orgId/policy/preview',
    tag: 'orgs',
    summary: 'How many existing keys a policy would flag; changes nothing',
    body: policySchema,
    status: 200,
    output: policyPreviewSchema,
    handle: (engine, actor, { params, body }) => engine.policies.preview(actor, params.orgId, body),
  }),

  // ---- memberships ----
  listMembers: route({
    method: 'GET',
    path: '/user/org/:orgId/users',
    tag: 'members',
    summary: "An org's memberships (the org's admins)",
    query: pageQuerySchema,
    status: 200,
    output: pageSchema(membershipSchema),
    handle: (engine, actor, { params, query }) => engine.directory.listMembers(actor, params.orgId, query),
  }),
  addMember: route({
    method: 'POST',
    path: '/user/org/:orgId/users',
    tag: 'members',
    summary: 'Add a person to an org, creating the user if the email is new',
    body: addMemberSchema,
    status: 201,
    output: membershipSchema,
    handle: (engine, actor, { params, body }) => engine.directory.addMember(actor, params.orgId, body),
  }),
  getMembership: route({
    method: 'GET',
    path: '/user/org/:orgId/user/:userId',
    tag: 'members',
    summary: 'One membership (admins, or the user themself)',
    status: 200,
    output: membershipSchema,
    handle: (engine, actor, { params }) => engine.directory.getMembership(actor, params.orgId, params.userId),
  }),
  updateMember: route({
    method: 'PATCH',
    path: '/user/org/:orgId/user/:userId',
    tag: 'members',
    summary: "Change a membership's role or status",
    body: updateMemberSchema,
    status: 200,
    output: membershipSchema,
    handle: (engine, actor, { params, body }) =>
      engine.directory.updateMember(actor, params.orgId, params.userId, body),
  }),
  removeMember: route({
    method: 'DELETE',
    path: '/user/org/:orgId/user/:userId',
    tag: 'members',
    summary: 'Remove a person from an org',
    status: 204,
    handle: (engine, actor, { params }) => engine.directory.removeMember(actor, params.orgId, params.userId),
  }),

  // ---- keys (only create and roll replies carry a raw key, rule 6) ----
  createKey: route({
    method: 'POST',
    path: '/user/apiKey',
    tag: 'keys',
    summary: 'Create a user key (orgUserId) or an org key (orgId, kind "org"); the reply holds the key, once',
    body: createKeySchema,
    status: 201,
    output: createdKeySchema,
    handle: (engine, actor, { body }) => engine.keys.create(actor, body),
  }),
  listKeys: route({
    method: 'GET',
    path: '/user/apiKey',
    tag: 'keys',
    summary: "Key metadata of a membership (orgUserId) or an org (orgId; a member's own keys)",
    query: listKeysSchema,
    status: 200,
    output: pageSchema(keyMetaSchema),
    handle: (engine, actor, { query }) => engine.keys.list(actor, query),
  }),
  getKey: route({
    method: 'GET',
    path: '/user/apiKey/:id',
    tag: 'keys',
    summary: "One key's metadata",
    status: 200,
    output: keyMetaSchema,
    handle: (engine, actor, { params }) => engine.keys.get(actor, params.id),
  }),
  updateKey: route({
    method: 'PATCH',
    path: '/user/apiKey/:id',
    tag: 'keys',
    summary: 'Rename, describe, disable or enable a key, or change its expiry',
    body: updateKeySchema,
    status: 200,
    output: keyMetaSchema,
    handle: (engine, actor, { params, body }) => engine.keys.update(actor, params.id, body),
  }),
  deleteKey: route({
    method: 'DELETE',
    path: '/user/apiKey/:id',
    tag: 'keys',
    summary: 'Revoke a key for good',
    status: 204,
    handle: (engine, actor, { params }) => engine.keys.remove(actor, params.id),
  }),
  rollKey: route({
    method: 'POST',
    path: '/user/apiKey/:id/roll',
    tag: 'keys',
    summary: 'Replace a key with a new one of the same settings; the old one works until its grace ends',
    body: rollKeySchema,
    bodyOptional: true,
    status: 201,
    output: createdKeySchema,
    handle: (engine, actor, { params, body }) => engine.keys.roll(actor, params.id, body),
  }),
  extendGrace: route({
    method: 'POST',
    path: '/user/apiKey/:id/extendGrace',
    tag: 'keys',
    summary:
      "Move a rolled key's grace end later, within 7 days of the roll and the org's policy (whoever may roll it)",
    body: extendGraceSchema,
    status: 200,
    output: keyMetaSchema,
    handle: (engine, actor, { params, body }) => engine.keys.extendGrace(actor, params.id, body),
  }),

  keyUsage: route({
    method: 'GET',
    path: '/user/apiKey/:id/usage',
    tag: 'keys',
    summary: "A key's calls per hour or day, ok and refused, every bucket of the window (docs/usage-and-rotation.md)",
    query: usageQuerySchema,
    status: 200,
    output: keyUsageSchema,
    handle: (engine, actor, { params, query }) => engine.keys.usage(actor, params.id, query),
  }),
  keysUsage: route({
    method: 'GET',
    path: '/user/apiKey/usage',
    tag: 'keys',
    summary: "A page of keys' usage in one request (the app's sparklines): ?ids=1,2,3",
    query: usageBatchSchema,
    status: 200,
    output: usageBatchReplySchema,
    handle: (engine, actor, { query }) => engine.keys.usageBatch(actor, query),
  }),
  keyFindings: route({
    method: 'GET',
    path: '/user/keyFindings',
    tag: 'keys',
    summary: "An org's finding counts and its keys with findings (a member: their own keys), docs/estate.md",
    query: keyFindingsQuerySchema,
    status: 200,
    output: keyFindingsSchema,
    handle: (engine, actor, { query }) => engine.findings.forOrg(actor, query),
  }),

  // ---- audit ----
  listAudit: route({
    method: 'GET',
    path: '/user/audit',
    tag: 'audit',
    summary: "Audit events, newest first: an org's (its admins), or all of them (super admin)",
    query: listAuditSchema,
    status: 200,
    output: pageSchema(auditEventSchema),
    handle: (engine, actor, { query }) => engine.audit.list(actor, query),
  }),

  // ---- files and imports: for integrations, not the desktop app ----
  uploadFile: route({
    method: 'POST',
    path: '/data/file/file',
    tag: 'files',
    summary: 'Upload a file (multipart/form-data, field "file"), owned by the acting user',
    multipart: true,
    status: 201,
    output: storedFileSchema,
    backend: false,
    handle: (engine, actor, { upload, origin }) => {
      const file = engine.files.upload(actor, upload!);
      return { ...file, fileUrl: origin + file.fileUrl };
    },
  }),
  fileContent: route({
    method: 'GET',
    path: '/data/file/:id/content',
    tag: 'files',
    summary: "A stored file's bytes (members of the file's org)",
    status: 200,
    reply: 'bytes',
    backend: false,
    handle: (engine, actor, { params }) => {
      const f = engine.files.content(actor, params.id);
      return {
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
  }),
  importJson: route({
    method: 'POST',
    path: '/creation/import/json',
    tag: 'files',
    summary: 'Import JSON records (needs the integration scope)',
    scope: 'integration',
    body: importJsonSchema,
    status: 200,
    output: z.object({ imported: z.number().int() }),
    backend: false,
    handle: (engine, actor, { body }) => engine.files.importJson(actor, body.records),
  }),
};

export type Routes = typeof ROUTE_TABLE;
export type RouteName = keyof Routes;

/** The routes the desktop app's Backend offers, as methods of the same name. */
export type BackendRouteName = {
  [K in RouteName]: Routes[K] extends { backend?: infer B } ? (false extends B ? never : K) : K;
}[RouteName];
