// API keys: the key as shown (never the raw key, but for the one create/roll reply), its
// inputs (create, PATCH, roll, grace, list filters) and the "check a key" verdict.
import { z } from 'zod';
import { KEY_STATUS_FILTERS } from '../findingCodes';
import { labelsProblem, parseLabelFilter } from '../labels';
import { isoString, nullableIso, id, name, description, isoDateTime } from './common';
import {
  KEY_KINDS,
  KEY_STATUSES,
  TOKEN_MAX,
  ENVIRONMENTS,
  GRACE_MAX_SECONDS,
  LABELS_MAX,
  NAME_MAX,
  PAGE_MAX,
  SCOPES,
  type Labels,
  QUIET_MAX_SECONDS,
  QUIET_MIN_SECONDS,
} from '../vocabulary';

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
