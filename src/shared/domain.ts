// Domain types and input schemas shared by the engine, the Core HTTP server, the IPC
// contract and the renderer. Plain data only: no Node, no Electron, no DOM.
// Over ~300 lines for now: imported by ~100 files; issue 9 wants it split by domain (keys, orgs
// and members, audit, usage) behind this file as the index.
import { z } from 'zod';
import { KEY_STATUS_FILTERS } from './findingCodes';
import { parseInstant } from './instant';
import { nameProblem } from './text';
import { labelsProblem, parseLabelFilter } from './labels';

export * from './vocabulary';
import {
  AUDIT_OUTCOMES,
  EMAIL_MAX,
  KEY_KINDS,
  KEY_STATUSES,
  MEMBERSHIP_STATUSES,
  TOKEN_MAX,
  USER_STATUSES,
  DESCRIPTION_MAX,
  ENVIRONMENTS,
  GRACE_MAX_SECONDS,
  LABELS_MAX,
  NAME_MAX,
  PAGE_MAX,
  POLICY_LIFETIME_MAX_DAYS,
  ROLES,
  SCOPES,
  type Labels,
  type Policy,
  QUIET_MAX_SECONDS,
  QUIET_MIN_SECONDS,
  USAGE_BATCH_MAX,
  USAGE_GRANULARITIES,
} from './vocabulary';

const isoString = z.string();
const nullableIso = z.string().nullable();

// Output shapes are schemas too: the IPC layer parses every reply with them, so only the
// declared fields ever cross into the renderer (a stray raw key would be stripped).
export const orgSchema = z.object({
  id: z.number(),
  name: z.string(),
  allowUserKeys: z.boolean(),
  createdAt: isoString,
});
export type Org = z.infer<typeof orgSchema>;

export const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isSuperAdmin: z.boolean(),
  status: z.enum(USER_STATUSES),
  createdAt: isoString,
});
export type User = z.infer<typeof userSchema>;

export const membershipSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  userId: z.number(),
  role: z.enum(ROLES),
  status: z.enum(MEMBERSHIP_STATUSES),
  createdAt: isoString,
  user: userSchema,
});
export type Membership = z.infer<typeof membershipSchema>;

export const keyMetaSchema = z.object({
  id: z.number(),
  kind: z.enum(KEY_KINDS),
  orgId: z.number(),
  orgUserId: z.number().nullable(),
  userId: z.number().nullable(),
  name: z.string(),
  description: z.string(),
  start: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  readOnly: z.boolean(),
  canImpersonate: z.boolean(),
  status: z.enum(KEY_STATUSES),
  /** Disabled by an admin: a member may not enable it again (rule 2), so the UI does not offer it. */
  disabledByAdmin: z.boolean().optional(),
  expiresAt: nullableIso,
  createdAt: isoString,
  createdBy: z.number().nullable(),
  lastUsedAt: nullableIso,
  revokedAt: nullableIso,
  /** Set when the key was rolled: the id of the key that replaced it. */
  rolledTo: z.number().nullable(),
  /** docs/policies-and-labels.md; `{}` when none. */
  labels: z.record(z.string(), z.string()),
  /** Set on a key made by a roll: the id of the key it replaced. */
  rolledFrom: z.number().nullable(),
  /** On a rolled key: revoke it once it has been unused this long (docs/usage-and-rotation.md). */
  revokeWhenQuietSeconds: z.number().nullable(),
  /** Where the key was last used from (user agent cut to 200 characters). */
  lastUsedFrom: z.object({ ip: z.string(), userAgent: z.string() }).nullable(),
});
export type KeyMeta = z.infer<typeof keyMetaSchema>;

/** The one reply that carries a raw key. */
export const createdKeySchema = keyMetaSchema.extend({ apiKey: z.string() });
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const auditEventSchema = z.object({
  id: z.number(),
  at: isoString,
  orgId: z.number().nullable(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  code: z.string().nullable(),
  actorUserId: z.number().nullable(),
  impersonatorUserId: z.number().nullable(),
  keyId: z.number().nullable(),
  keyStart: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.number().nullable(),
  /** SHA-256 (hex) of the previous event's hash in its chain and this event's fields (docs/usage-and-rotation.md). */
  hash: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export const pageSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const meSchema = z.object({
  id: z.number().nullable(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isSuperAdmin: z.boolean(),
  status: z.enum(USER_STATUSES).nullable(),
  currentOrg: z.object({ id: z.number(), name: z.string(), allowUserKeys: z.boolean() }).nullable(),
  orgUserId: z.number().nullable(),
  role: z.enum(ROLES).nullable(),
  key: keyMetaSchema.nullable(),
  impersonatedBy: z.object({ id: z.number(), email: z.string() }).nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const storedFileSchema = z.object({
  id: z.number(),
  displayName: z.string(),
  /** The lower-case extension. */
  fileType: z.string(),
  contentType: z.string(),
  fileUUID: z.string(),
  fileUrl: z.string(),
});
export type StoredFile = z.infer<typeof storedFileSchema>;

// ---- input schemas -------------------------------------------------------------------

/** Every id in the API and over IPC: a positive integer that survives the trip through a JS number. */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const id = idSchema;
/** Rule 18 on top of a string schema: the shared check's own message. */
export const ruleEighteen = (value: string, ctx: z.core.$RefinementCtx<string>): void => {
  const why = nameProblem(value);
  if (why) ctx.addIssue({ code: 'custom', message: why, input: value });
};
const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(NAME_MAX, `at most ${NAME_MAX} characters`)
  .superRefine(ruleEighteen);
const description = z.string().max(DESCRIPTION_MAX, `at most ${DESCRIPTION_MAX} characters`);

// ISO 8601 date-time with an explicit zone and at most millisecond precision. "In the
// future" needs a clock, so the engine checks that.
export const isoDateTime = z
  .string()
  .max(40)
  .refine(
    (s) => parseInstant(s) !== null,
    'must be a real ISO 8601 date-time with a zone, at most millisecond precision',
  );

export const scopesSchema = z
  .array(z.enum(SCOPES, { message: `each scope must be one of ${SCOPES.join(', ')}` }))
  .min(1, 'must name at least one scope')
  .max(SCOPES.length)
  .refine((a) => new Set(a).size === a.length, 'must not repeat a scope');

/** docs/policies-and-labels.md: `?label=key` or `?label=key:value`, repeatable; every one must match. */
export const labelFilterListSchema = z
  .array(
    z
      .string()
      .max(200)
      .refine((t) => parseLabelFilter(t) !== null, 'each label filter is key or key:value (a label key and value)'),
  )
  .max(LABELS_MAX);

/** docs/policies-and-labels.md: at most 10 labels, keys `^[a-z0-9][a-z0-9_.-]{0,39}$`, values 1–100 characters of rule-18 text. */
export const labelsSchema = z.record(z.string().max(40), z.string().max(400)).superRefine((labels, ctx) => {
  const why = labelsProblem(labels);
  if (why) ctx.addIssue({ code: 'custom', message: why.replace(/^labels[.:]\s?/, '') });
}) as z.ZodType<Labels>;

const keySettings = {
  name,
  description: description.optional(),
  canImpersonate: z.boolean().optional(),
  scopes: scopesSchema.optional(),
  readOnly: z.boolean().optional(),
  expiresAt: isoDateTime.nullable().optional(),
  labels: labelsSchema.optional(),
};

export const createUserKeySchema = z.strictObject({
  orgUserId: id,
  kind: z.literal('user').optional(),
  ...keySettings,
});
export const createOrgKeySchema = z.strictObject({ orgId: id, kind: z.literal('org'), ...keySettings });
export const createKeySchema = z.union([createUserKeySchema, createOrgKeySchema]);
export type CreateKeyInput = z.infer<typeof createKeySchema>;

export const updateKeySchema = z
  .strictObject({
    name: name.optional(),
    description: description.optional(),
    status: z.enum(KEY_STATUSES).optional(),
    expiresAt: isoDateTime.nullable().optional(),
    /** The whole map; `{}` clears. */
    labels: labelsSchema.optional(),
  })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateKeyInput = z.infer<typeof updateKeySchema>;

export const rollKeySchema = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).optional(),
  /** The new key's expiry (null: none); absent, it is copied from the old key (docs/policies-and-labels.md). */
  expiresAt: isoDateTime.nullable().optional(),
  revokeWhenQuietSeconds: z.number().int().min(QUIET_MIN_SECONDS).max(QUIET_MAX_SECONDS).optional(),
});
export type RollKeyInput = z.infer<typeof rollKeySchema>;

/** docs/usage-and-rotation.md: a rolled key's new grace end, later than its current one. */
export const extendGraceSchema = z.strictObject({ graceEndsAt: isoDateTime });
export type ExtendGraceInput = z.infer<typeof extendGraceSchema>;

/** docs/policies-and-labels.md: the whole policy object, every field required. */
export const policySchema = z.strictObject({
  maxLifetimeDays: z.number().int().min(1).max(POLICY_LIFETIME_MAX_DAYS).nullable(),
  requireExpiry: z.boolean(),
  maxGraceSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).nullable(),
  allowedScopes: scopesSchema,
  allowOrgKeys: z.boolean(),
  allowImpersonation: z.boolean(),
}) satisfies z.ZodType<Policy>;

/** What a policy would do to the org's existing keys (they are never changed by it). */
export const policyPreviewSchema = z.object({ orgId: z.number(), violating: z.number() });
export type PolicyPreview = z.infer<typeof policyPreviewSchema>;

export const createOrgSchema = z.strictObject({ name, allowUserKeys: z.boolean().optional() });
export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z
  .strictObject({ name: name.optional(), allowUserKeys: z.boolean().optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;

export const addMemberSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(EMAIL_MAX).email('must be an email address'),
  firstName: z.string().trim().min(1).max(NAME_MAX).superRefine(ruleEighteen),
  lastName: z.string().trim().min(1).max(NAME_MAX).superRefine(ruleEighteen),
  role: z.enum(ROLES).optional(),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), status: z.enum(MEMBERSHIP_STATUSES).optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const updateUserSchema = z.strictObject({ status: z.enum(USER_STATUSES) });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const pageQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(TOKEN_MAX).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** docs/estate.md's server-side filters of a key list; every one narrows, all must match. */
export const keyFilterShape = {
  q: z.string().max(NAME_MAX).optional(),
  status: z.enum(KEY_STATUS_FILTERS, { message: `must be one of ${KEY_STATUS_FILTERS.join(', ')}` }).optional(),
  kind: z.enum(KEY_KINDS).optional(),
  expiresBefore: isoDateTime.optional(),
  lastUsedBefore: isoDateTime.optional(),
  neverUsed: z.boolean().optional(),
};
export type KeyFilters = { [K in keyof typeof keyFilterShape]?: z.infer<(typeof keyFilterShape)[K]> };

export const listKeysSchema = z
  .strictObject({
    orgUserId: id.optional(),
    orgId: id.optional(),
    includeRevoked: z.boolean().optional(),
    /** docs/policies-and-labels.md: `key` or `key:value`; every one must match. */
    label: labelFilterListSchema.optional(),
    ...keyFilterShape,
    limit: z.number().int().min(1).max(PAGE_MAX).optional(),
    cursor: z.string().max(TOKEN_MAX).optional(),
  })
  .refine((q) => (q.orgUserId === undefined) !== (q.orgId === undefined), 'give exactly one of orgUserId and orgId');
export type ListKeysQuery = z.infer<typeof listKeysSchema>;

export const listAuditSchema = z.strictObject({
  orgId: id.optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** Calls made with the key only. */
  keyId: id.optional(),
  /** Everything about the key: calls made with it and its own lifecycle (it is the target). */
  aboutKeyId: id.optional(),
  actorUserId: id.optional(),
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(TOKEN_MAX).optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditSchema>;

// ---- usage (docs/usage-and-rotation.md) ---------------------------------------------------------------

export const usageBucketSchema = z.object({ at: isoString, ok: z.number(), denied: z.number() });
export const keyUsageSchema = z.object({
  keyId: z.number(),
  granularity: z.enum(USAGE_GRANULARITIES),
  items: z.array(usageBucketSchema),
  total: z.object({ ok: z.number(), denied: z.number() }),
});
export type KeyUsage = z.infer<typeof keyUsageSchema>;

export const usageQuerySchema = z.strictObject({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  granularity: z.enum(USAGE_GRANULARITIES).optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** Usage of a page of keys in one request (the keys table's sparklines). */
export const usageBatchSchema = usageQuerySchema.extend({
  ids: z.array(id).min(1).max(USAGE_BATCH_MAX),
});
export type UsageBatchQuery = z.infer<typeof usageBatchSchema>;
export const usageBatchReplySchema = z.object({ items: z.array(keyUsageSchema) });
export type UsageBatch = z.infer<typeof usageBatchReplySchema>;

export const importJsonSchema = z.strictObject({ records: z.array(z.unknown()).max(100_000) });

type Issue = z.core.$ZodIssue;

/**
 * A union's own message is only "Invalid input". Follow the branch that came closest
 * (fewest issues), so the message names the field that is actually wrong.
 */
function leafIssues(issues: readonly Issue[], prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      return leafIssues(
        i.errors.reduce((best, e) => (e.length < best.length ? e : best)),
        path,
      );
    }
    return [{ path, message: i.message }];
  });
}

/** Turns zod issues into one readable sentence for an error message. */
export function describeIssues(error: z.ZodError): string {
  return leafIssues(error.issues, [])
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/** The "check a key" verdict: valid or the error code (docs/rules.md) and why, nothing else. */
export const keyCheckSchema = z.union([
  z.object({
    valid: z.literal(true),
    start: z.string(),
    environment: z.enum(ENVIRONMENTS),
    status: z.literal('enabled'),
  }),
  z.object({ valid: z.literal(false), code: z.string(), reason: z.string(), start: z.string().nullable() }),
]);
export type KeyCheck = z.infer<typeof keyCheckSchema>;
