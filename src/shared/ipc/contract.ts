// The IPC contract: one entry per operation, with its input and output schema. Main
// validates every payload with `input` and strips every reply with `output`; the preload
// exposes one function per key of `contract` (the build writes the names into it, so it
// carries no schemas); the renderer's client is typed from here.
// Over ~300 lines on purpose: one table is the point (issue 9); split, an operation would again
// be declared in more than one place.
import { z } from 'zod';
import {
  ENVIRONMENTS,
  GRACE_MAX_SECONDS,
  APP_AUDIT_RETENTION_MAX_DAYS,
  NAME_MAX,
  PROFILE_NAME_MAX,
  TOKEN_MAX,
  URL_MAX,
  idSchema,
  addMemberSchema,
  auditEventSchema,
  createKeySchema,
  createOrgSchema,
  keyCheckSchema,
  keyMetaSchema,
  listAuditSchema,
  listKeysSchema,
  meSchema,
  membershipSchema,
  orgSchema,
  pageSchema,
  rollKeySchema,
  extendGraceSchema,
  keyUsageSchema,
  usageBatchReplySchema,
  usageBatchSchema,
  usageQuerySchema,
  policyPreviewSchema,
  policySchema,
  updateKeySchema,
  updateMemberSchema,
  updateOrgSchema,
  updateUserSchema,
  userSchema,
  ruleEighteen,
} from '../domain';
import {
  estateBulkJobSchema,
  estateBulkSchema,
  estateOverviewSchema,
  estatePageSchema,
  estateQuerySchema,
  notificationSettingsSchema,
  offboardInputSchema,
  offboardOutcomeSchema,
  offboardPreviewSchema,
  offboardRunSchema,
} from '../estate';
import { keyFindingsQuerySchema, keyFindingsSchema } from '../findings';

const id = idSchema;
/** A one-time secret's handle or a bulk job's id: main made it, so it is short. */
const opaque = z.string().max(100);
const none = z.undefined();
const done = z.null();

/** Typed confirmation: in production (and for deleting a profile) the target's name typed by the user. */
const confirm = z.string().max(NAME_MAX).optional();

export const profileSchema = z.object({
  id: z.number(),
  name: z.string(),
  environment: z.enum(ENVIRONMENTS),
  backend: z.enum(['local', 'remote']),
  url: z.string().nullable(),
  hasCredential: z.boolean(),
  createdAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

const profileName = z
  .string()
  .trim()
  .min(1)
  .max(PROFILE_NAME_MAX)
  .regex(/^[^/\\]+$/, 'must not contain / or \\')
  .superRefine(ruleEighteen);
const url = z.string().trim().max(URL_MAX).url('must be a URL such as https://core.example.com');
const credential = z.string().trim().min(1).max(TOKEN_MAX);

export const createProfileSchema = z.discriminatedUnion('backend', [
  z.strictObject({
    backend: z.literal('local'),
    name: profileName,
    environment: z.enum(ENVIRONMENTS),
    demoData: z.boolean().optional(),
  }),
  z.strictObject({
    backend: z.literal('remote'),
    name: profileName,
    environment: z.enum(ENVIRONMENTS),
    url,
    credential,
  }),
]);

export const connectionInfoSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  me: meSchema,
  orgs: z.array(orgSchema),
});

export const sessionSchema = z.object({
  profile: profileSchema,
  me: meSchema,
  /** What the acting user may do, so the UI offers only what will be allowed. */
  canImpersonate: z.boolean(),
  isSuperAdmin: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

/** A freshly minted key: shown once, then forgotten. `handle` lets main copy or export it without the renderer sending it back. */

export const exportSchema = z.object({
  profileId: z.number(),
  keyId: z.number(),
  orgId: z.number(),
  service: z.string(),
  account: z.string(),
  exportedAt: z.string(),
});
export type KeychainExport = z.infer<typeof exportSchema>;

/** The app's own settings (docs/usage-and-rotation.md): per-call audit retention of local profiles. */
export const appSettingsSchema = z.strictObject({
  auditRetentionDays: z.number().int().min(1).max(APP_AUDIT_RETENTION_MAX_DAYS),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const oneTimeKeySchema = z.object({
  key: keyMetaSchema,
  apiKey: z.string(),
  handle: z.string(),
  /** After a roll: the OS keychain entry of the old key, which now holds this key (docs/usage-and-rotation.md). */
  savedTo: exportSchema.optional(),
});
export type OneTimeKey = z.infer<typeof oneTimeKeySchema>;

export const bulkActionSchema = z.enum(['disable', 'enable', 'delete', 'roll']);
export const bulkResultSchema = z.object({
  keyId: z.number(),
  state: z.enum(['pending', 'done', 'failed', 'cancelled']),
  code: z.string().nullable(),
  message: z.string().nullable(),
  /** For roll: the replacement, shown once like any new key. */
  newKey: oneTimeKeySchema.nullable(),
});
export const bulkJobSchema = z.object({
  jobId: z.string(),
  action: bulkActionSchema,
  total: z.number(),
  finished: z.number(),
  running: z.boolean(),
  cancelled: z.boolean(),
  results: z.array(bulkResultSchema),
});
export type BulkJob = z.infer<typeof bulkJobSchema>;

export const contract = {
  // profiles
  listProfiles: {
    input: none,
    output: z.object({ profiles: z.array(profileSchema), currentId: z.number().nullable() }),
  },
  createProfile: { input: createProfileSchema, output: profileSchema },
  updateProfile: {
    input: z.strictObject({ id, name: profileName.optional(), url: url.optional(), credential: credential.optional() }),
    output: profileSchema,
  },
  deleteProfile: { input: z.strictObject({ id, confirm: z.string().max(NAME_MAX) }), output: done },
  switchProfile: { input: z.strictObject({ id }), output: sessionSchema },
  getSession: { input: none, output: sessionSchema },
  appSettings: { input: none, output: appSettingsSchema },
  setAppSettings: { input: appSettingsSchema, output: appSettingsSchema },
  testConnection: {
    input: z.strictObject({
      url,
      credential: credential.optional(),
      profileId: id.optional(),
      environment: z.enum(ENVIRONMENTS),
    }),
    output: connectionInfoSchema,
  },

  // orgs, members, users
  listOrgs: { input: none, output: z.array(orgSchema) },
  createOrg: { input: createOrgSchema, output: orgSchema },
  updateOrg: { input: z.strictObject({ orgId: id, patch: updateOrgSchema }), output: orgSchema },
  // docs/policies-and-labels.md: members read; admins replace the whole policy (typed org name in production).
  getPolicy: { input: z.strictObject({ orgId: id }), output: policySchema },
  putPolicy: { input: z.strictObject({ orgId: id, policy: policySchema, confirm }), output: policySchema },
  previewPolicy: { input: z.strictObject({ orgId: id, policy: policySchema }), output: policyPreviewSchema },
  listMembers: { input: z.strictObject({ orgId: id }), output: z.array(membershipSchema) },
  addMember: { input: z.strictObject({ orgId: id, member: addMemberSchema }), output: membershipSchema },
  updateMember: {
    input: z.strictObject({ orgId: id, userId: id, patch: updateMemberSchema, confirm }),
    output: membershipSchema,
  },
  removeMember: { input: z.strictObject({ orgId: id, userId: id, confirm }), output: done },
  // orgId names a membership to read the user's email from, for the typed confirmation.
  updateUser: {
    input: z.strictObject({ userId: id, patch: updateUserSchema, orgId: id.optional(), confirm }),
    output: userSchema,
  },

  // keys
  listKeys: { input: listKeysSchema, output: pageSchema(keyMetaSchema) },
  createKey: { input: createKeySchema, output: oneTimeKeySchema },
  updateKey: { input: z.strictObject({ id, patch: updateKeySchema, confirm }), output: keyMetaSchema },
  deleteKey: { input: z.strictObject({ id, confirm }), output: done },
  rollKey: {
    input: z.strictObject({
      id,
      gracePeriodSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS),
      revokeWhenQuietSeconds: rollKeySchema.shape.revokeWhenQuietSeconds,
      /** The new key's expiry (null: none); absent, copied from the old key. */
      /** The new key's expiry (null: none); absent, copied from the old key. */
      expiresAt: rollKeySchema.shape.expiresAt,
      confirm,
    }),
    output: oneTimeKeySchema,
  },
  extendGrace: {
    input: z.strictObject({ id, graceEndsAt: extendGraceSchema.shape.graceEndsAt }),
    output: keyMetaSchema,
  },
  checkKey: { input: z.strictObject({ key: z.string().max(4096) }), output: keyCheckSchema },

  // the one-time secret, by handle
  copySecret: {
    input: z.strictObject({ handle: opaque }),
    output: z.object({ clearsInSeconds: z.number() }),
  },
  forgetSecret: { input: z.strictObject({ handle: opaque }), output: done },

  // OS keychain
  exportKey: { input: z.strictObject({ handle: opaque }), output: exportSchema },
  listExports: { input: none, output: z.array(exportSchema) },
  removeExport: { input: z.strictObject({ keyId: id }), output: done },

  // bulk work
  startBulk: {
    input: z.strictObject({
      action: bulkActionSchema,
      keyIds: z.array(id).min(1).max(100_000),
      gracePeriodSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).optional(),
      confirm,
    }),
    output: bulkJobSchema,
  },
  bulkStatus: { input: z.strictObject({ jobId: opaque }), output: bulkJobSchema },
  cancelBulk: { input: z.strictObject({ jobId: opaque }), output: bulkJobSchema },

  // audit
  listAudit: { input: listAuditSchema, output: pageSchema(auditEventSchema) },

  // findings of one org of the current profile (docs/estate.md)
  keyFindings: { input: keyFindingsQuerySchema, output: keyFindingsSchema },

  // the estate: every profile at once (docs/estate.md)
  estateOverview: { input: z.strictObject({ refresh: z.boolean().optional() }), output: estateOverviewSchema },
  estateKeys: { input: estateQuerySchema, output: estatePageSchema },
  estateExportCsv: {
    input: estateQuerySchema.pick({ filter: true, sort: true }),
    output: z.object({ csv: z.string(), rows: z.number() }),
  },
  estateBulk: { input: estateBulkSchema, output: estateBulkJobSchema },
  estateBulkStatus: { input: z.strictObject({ jobId: opaque }), output: estateBulkJobSchema },
  offboardPreview: { input: offboardInputSchema, output: offboardPreviewSchema },
  offboardRun: { input: offboardRunSchema, output: offboardOutcomeSchema },
  notificationSettings: { input: none, output: notificationSettingsSchema },
  setNotificationSettings: { input: notificationSettingsSchema, output: notificationSettingsSchema },
  markNotificationsSeen: { input: none, output: done },
  takeOpenRequest: { input: none, output: z.object({ profileId: z.number(), keyId: z.number() }).nullable() },
  // usage (docs/usage-and-rotation.md): one key's chart, and a page of keys' sparklines in one call
  // a local profile's audit hash chain, checked (docs/usage-and-rotation.md); remote: CONFLICT
  verifyAudit: {
    input: none,
    output: z.object({
      ok: z.boolean(),
      entries: z.number(),
      id: z.number().optional(),
      problem: z.string().optional(),
      retentionDays: z.number(),
    }),
  },
  // one key, fresh (the rotation panel watches the old key)
  getKey: { input: z.strictObject({ id }), output: keyMetaSchema },
  keyUsage: { input: usageQuerySchema.extend({ id }), output: keyUsageSchema },
  keysUsage: { input: usageBatchSchema, output: usageBatchReplySchema },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;

/** Every operation's name: the contract's keys, in order. */
export const OPERATIONS = Object.keys(contract) as OperationName[];
export type Input<K extends OperationName> = z.input<Contract[K]['input']>;
export type Output<K extends OperationName> = z.output<Contract[K]['output']>;

/** How every reply crosses IPC: a value or a typed error, never a thrown Error (Electron mangles those). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What the preload exposes as `window.keywarden`: one named function per operation. */
export type KeywardenBridge = {
  [K in OperationName]: Input<K> extends undefined
    ? () => Promise<Envelope<Output<K>>>
    : (input: Input<K>) => Promise<Envelope<Output<K>>>;
};
