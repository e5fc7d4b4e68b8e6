// What the estate (docs/estate.md "In the app") sends across IPC: the Overview's counts,
// pages of the estate table, bulk work, offboarding and notifications. The renderer only
// ever holds a page; main keeps the estate.
import { z } from 'zod';
import { ENVIRONMENTS, GRACE_MAX_SECONDS, isoDateTime, keyMetaSchema } from './domain';
import { FINDING_CODES, findingCountsSchema } from './findings';
import { ESTATE_ACTIONS } from './estateActions';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const code = z.enum(FINDING_CODES);

/** How reading a profile went; one failing profile never hides the others. */
export const PROFILE_STATUSES = [
  'ok',
  'unreachable',
  'credentialRefused',
  'keychainLocked',
  'timedOut',
  'error',
] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export const estateOrgSchema = z.object({ orgId: z.number(), name: z.string(), counts: findingCountsSchema });

export const estateProfileSchema = z.object({
  id: z.number(),
  name: z.string(),
  environment: z.enum(ENVIRONMENTS),
  backend: z.enum(['local', 'remote']),
  status: z.enum(PROFILE_STATUSES),
  /** Why, when not ok (never holds a credential). */
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
  counts: findingCountsSchema,
  orgs: z.array(estateOrgSchema),
});
export type EstateProfile = z.infer<typeof estateProfileSchema>;

export const estateOverviewSchema = z.object({
  totals: findingCountsSchema,
  profiles: z.array(estateProfileSchema),
  /** Notifications raised and not yet seen. */
  notificationCount: z.number(),
  refreshedAt: z.string().nullable(),
});
export type EstateOverview = z.infer<typeof estateOverviewSchema>;

export const estateFilterSchema = z.strictObject({
  finding: code.optional(),
  profileIds: z.array(id).max(200).optional(),
  environment: z.enum(ENVIRONMENTS).optional(),
  orgs: z
    .array(z.strictObject({ profileId: id, orgId: id }))
    .max(1000)
    .optional(),
  /** Owner's email, case-insensitive substring. */
  owner: z.string().max(320).optional(),
  /** `key` or `key:value`, as docs/policies-and-labels.md's label filter. */
  label: z.string().max(200).optional(),
  /** Case-insensitive substring of the name or start. */
  q: z.string().max(200).optional(),
});
export type EstateFilter = z.infer<typeof estateFilterSchema>;

export const ESTATE_SORTS = [
  'profile',
  'org',
  'name',
  'owner',
  'findings',
  'lastUsedAt',
  'expiresAt',
  'createdAt',
] as const;
export type EstateSort = (typeof ESTATE_SORTS)[number];
export const ESTATE_PAGE_MAX = 500;

export const estateQuerySchema = z.strictObject({
  filter: estateFilterSchema.optional(),
  sort: z.strictObject({ by: z.enum(ESTATE_SORTS), dir: z.enum(['asc', 'desc']) }).optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(ESTATE_PAGE_MAX).optional(),
});
export type EstateQuery = z.infer<typeof estateQuerySchema>;

/**
 * What a key in the estate is now, in one word as the keys table shows it: expired (also a
 * rolled key whose grace is over) before in grace before disabled. Revoked keys are not in
 * the estate (docs/estate.md: findings are about keys that are not revoked).
 */
export const ESTATE_KEY_STATES = ['enabled', 'disabled', 'expired', 'inGrace'] as const;
export type EstateKeyState = (typeof ESTATE_KEY_STATES)[number];

export const estateRowSchema = z.object({
  profileId: z.number(),
  profileName: z.string(),
  environment: z.enum(ENVIRONMENTS),
  orgId: z.number(),
  orgName: z.string(),
  keyId: z.number(),
  kind: z.enum(['user', 'org']),
  name: z.string(),
  start: z.string(),
  ownerEmail: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  state: z.enum(ESTATE_KEY_STATES),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  findings: z.array(code),
  labels: z.record(z.string(), z.string()),
  /** What the profile's credential may do to this key in bulk (shared/estateActions.ts). */
  actions: z.array(z.enum(ESTATE_ACTIONS)),
  /** The key the profile signs in with (disabling, deleting or rolling it locks the profile out). */
  credential: z.boolean(),
});
export type EstateRowView = z.infer<typeof estateRowSchema>;

export const estatePageSchema = z.object({ total: z.number(), offset: z.number(), rows: z.array(estateRowSchema) });
export type EstatePage = z.infer<typeof estatePageSchema>;

export const estateItemSchema = z.strictObject({ profileId: id, keyId: id });
export type EstateItem = z.infer<typeof estateItemSchema>;

export const ESTATE_BULK_ACTIONS = ESTATE_ACTIONS;
export const estateBulkSchema = z.strictObject({
  action: z.enum(ESTATE_BULK_ACTIONS),
  items: z.array(estateItemSchema).min(1).max(100_000),
  /** Roll: one grace period for every key. */
  gracePeriodSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).optional(),
  /** setExpiry: the new expiry, or null to clear it. */
  expiresAt: isoDateTime.nullable().optional(),
  /** The name of every production profile involved, typed by the user. */
  confirm: z.array(z.string().max(200)).max(200).optional(),
});
export type EstateBulkInput = z.infer<typeof estateBulkSchema>;

export const CSV_MAX_ROWS = 1_000_000;

const oneTimeKeyShape = z.object({ key: keyMetaSchema, apiKey: z.string(), handle: z.string() });

export const estateBulkJobSchema = z.object({
  jobId: z.string(),
  action: z.enum(ESTATE_BULK_ACTIONS),
  total: z.number(),
  finished: z.number(),
  running: z.boolean(),
  results: z.array(
    z.object({
      profileId: z.number(),
      profileName: z.string(),
      keyId: z.number(),
      state: z.enum(['pending', 'done', 'failed', 'cancelled']),
      code: z.string().nullable(),
      message: z.string().nullable(),
      /** For roll: the replacement, shown once like any new key. */
      newKey: oneTimeKeyShape.nullable(),
    }),
  ),
});

const email = z.string().trim().toLowerCase().max(320).email('must be an email address');

export const offboardInputSchema = z.strictObject({ email });
export const offboardRunSchema = z.strictObject({ email, confirm: z.string().max(320).optional() });

export const offboardPreviewSchema = z.object({
  email: z.string(),
  profiles: z.array(
    z.object({
      profileId: z.number(),
      profileName: z.string(),
      environment: z.enum(ENVIRONMENTS),
      status: z.enum(PROFILE_STATUSES),
      message: z.string().nullable(),
      /** Why the credential may offboard no one in some of the profile's orgs, or null. */
      note: z.string().nullable(),
      memberships: z.array(
        z.object({
          orgId: z.number(),
          orgName: z.string(),
          userId: z.number(),
          role: z.enum(['member', 'admin']),
          status: z.enum(['active', 'inactive']),
          /** Why this credential may not offboard the membership (rule 17), or null. */
          blocked: z.string().nullable(),
          keys: z.array(
            z.object({
              keyId: z.number(),
              name: z.string(),
              start: z.string(),
              status: z.enum(['enabled', 'disabled']),
              expiresAt: z.string().nullable(),
              lastUsedAt: z.string().nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const offboardOutcomeSchema = z.object({
  preview: offboardPreviewSchema,
  results: z.array(
    z.object({
      profileId: z.number(),
      profileName: z.string(),
      orgId: z.number(),
      target: z.enum(['membership', 'key']),
      id: z.number(),
      name: z.string(),
      state: z.enum(['done', 'failed', 'skipped']),
      code: z.string().nullable(),
      message: z.string().nullable(),
    }),
  ),
});

export const notificationSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  thresholds: z.array(z.number().int().min(1).max(90)).max(10),
});

export const notificationSchema = z.object({
  id: z.string(),
  profileId: z.number(),
  keyId: z.number(),
  threshold: z.union([z.number(), z.literal('inUse')]),
  title: z.string(),
  body: z.string(),
  at: z.string(),
});
