// Domain types and input schemas shared by the engine, the Core HTTP server, the IPC
// contract and the renderer. Plain data only: no Node, no Electron, no DOM.
import { z } from 'zod';

export const ENVIRONMENTS = ['sandbox', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const SCOPES = ['ui', 'rest', 'integration'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES = ['member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type UserStatus = 'active' | 'disabled';
export type MembershipStatus = 'active' | 'inactive';
export type KeyStatus = 'enabled' | 'disabled';
export type KeyKind = 'user' | 'org';

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const PAGE_DEFAULT = 100;
export const PAGE_MAX = 1000;
export const GRACE_MAX_SECONDS = 604800;

export interface Org {
  id: number;
  name: string;
  allowUserKeys: boolean;
  createdAt: string;
}

export interface User {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  isSuperAdmin: boolean;
  status: UserStatus;
  createdAt: string;
}

export interface Membership {
  id: number;
  orgId: number;
  userId: number;
  role: Role;
  status: MembershipStatus;
  createdAt: string;
  user: User;
}

export interface KeyMeta {
  id: number;
  kind: KeyKind;
  orgId: number;
  orgUserId: number | null;
  userId: number | null;
  name: string;
  description: string;
  start: string;
  scopes: Scope[];
  readOnly: boolean;
  canImpersonate: boolean;
  status: KeyStatus;
  expiresAt: string | null;
  createdAt: string;
  createdBy: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Set when the key was rolled: the id of the key that replaced it. */
  rolledTo: number | null;
}

/** The one reply that carries a raw key. */
export interface CreatedKey extends KeyMeta {
  apiKey: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  orgId: number | null;
  action: string;
  outcome: 'ok' | 'denied';
  code: string | null;
  actorUserId: number | null;
  impersonatorUserId: number | null;
  keyId: number | null;
  keyStart: string | null;
  targetType: string | null;
  targetId: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  id: number | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  isSuperAdmin: boolean;
  status: UserStatus | null;
  currentOrg: { id: number; name: string; allowUserKeys: boolean } | null;
  orgUserId: number | null;
  role: Role | null;
  key: KeyMeta | null;
  impersonatedBy: { id: number; email: string } | null;
}

export interface StoredFile {
  id: number;
  displayName: string;
  fileType: string;
  contentType: string;
  fileUUID: string;
  fileUrl: string;
}

// ---- input schemas -------------------------------------------------------------------

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const name = z.string().trim().min(1, 'must not be empty').max(NAME_MAX, `at most ${NAME_MAX} characters`);
const description = z.string().max(DESCRIPTION_MAX, `at most ${DESCRIPTION_MAX} characters`);

// ISO 8601 date-time with an explicit zone and at most millisecond precision. "In the
// future" needs a clock, so the engine checks that.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
export const isoDateTime = z
  .string()
  .regex(ISO_DATE_TIME, 'must be an ISO 8601 date-time with a zone, at most millisecond precision')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid date');

export const scopesSchema = z
  .array(z.enum(SCOPES, { message: `each scope must be one of ${SCOPES.join(', ')}` }))
  .min(1, 'must name at least one scope')
  .max(SCOPES.length)
  .refine((a) => new Set(a).size === a.length, 'must not repeat a scope');

const keySettings = {
  name,
  description: description.optional(),
  canImpersonate: z.boolean().optional(),
  scopes: scopesSchema.optional(),
  readOnly: z.boolean().optional(),
  expiresAt: isoDateTime.nullable().optional(),
};

export const createUserKeySchema = z.strictObject({ orgUserId: id, kind: z.literal('user').optional(), ...keySettings });
export const createOrgKeySchema = z.strictObject({ orgId: id, kind: z.literal('org'), ...keySettings });
export const createKeySchema = z.union([createUserKeySchema, createOrgKeySchema]);
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export const updateKeySchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
    expiresAt: isoDateTime.nullable().optional(),
  })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;

export const rollKeySchema = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).optional(),
});
export type RollKeyInput = z.infer<typeof rollKeySchema>;

export const createOrgSchema = z.strictObject({ name, allowUserKeys: z.boolean().optional() });
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z
  .strictObject({ name: name.optional(), allowUserKeys: z.boolean().optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;

export const addMemberSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(320).email('must be an email address'),
  firstName: z.string().trim().min(1).max(NAME_MAX),
  lastName: z.string().trim().min(1).max(NAME_MAX),
  role: z.enum(ROLES).optional(),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), status: z.enum(['active', 'inactive']).optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const updateUserSchema = z.strictObject({ status: z.enum(['active', 'disabled']) });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const pageQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const listKeysSchema = z
  .strictObject({
    orgUserId: id.optional(),
    orgId: id.optional(),
    includeRevoked: z.boolean().optional(),
    limit: z.number().int().min(1).max(PAGE_MAX).optional(),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => (q.orgUserId === undefined) !== (q.orgId === undefined), 'give exactly one of orgUserId and orgId');
export type ListKeysQuery = z.infer<typeof listKeysSchema>;

export const listAuditSchema = z.strictObject({
  orgId: id.optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'denied']).optional(),
  keyId: id.optional(),
  actorUserId: id.optional(),
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(200).optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditSchema>;

export const importJsonSchema = z.strictObject({ records: z.array(z.unknown()).max(100_000) });

/** Turns zod issues into one readable sentence for an error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const at = i.path.length ? i.path.join('.') : 'body';
      return `${at}: ${i.message}`;
    })
    .join('; ');
}
