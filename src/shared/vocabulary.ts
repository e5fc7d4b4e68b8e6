// The domain's vocabulary and limits, free of zod, so the renderer can import them
// without bundling the schemas. src/shared/domain.ts re-exports all of it.
export const ENVIRONMENTS = ['sandbox', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const SCOPES = ['ui', 'rest', 'integration'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES = ['member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** How each environment is labelled wherever it is shown (production is unmistakable, docs/desktop-app.md). */
export const ENVIRONMENT_LABELS: Record<Environment, string> = { sandbox: 'Sandbox', production: 'PRODUCTION' };

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const MEMBERSHIP_STATUSES = ['active', 'inactive'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
export const KEY_STATUSES = ['enabled', 'disabled'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];
export const KEY_KINDS = ['user', 'org'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const AUDIT_OUTCOMES = ['ok', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Every action the engine writes to the audit log. */
export const AUDIT_ACTIONS = [
  'auth',
  'user.me',
  'user.update',
  'org.list',
  'org.read',
  'org.create',
  'org.update',
  'org.policy',
  'org.policy.read',
  'org.policy.preview',
  'member.list',
  'member.read',
  'member.add',
  'member.update',
  'member.remove',
  'key.list',
  'key.read',
  'key.create',
  'key.create_many',
  'key.update',
  'key.disable',
  'key.enable',
  'key.delete',
  'key.roll',
  'key.revoke_quiet',
  'key.extend_grace',
  'key.usage',
  'key.findings',
  'audit.read',
  'file.upload',
  'file.read',
  'import.json',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** A call refused before it reached the engine (bad query or body) is logged as `request:METHOD /path`. */
export type AuditActionName = AuditAction | `request:${string}`;

/** The HTTP methods the Core API routes use (HEAD is answered as GET). */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const EMAIL_MAX = 320;
export const PROFILE_NAME_MAX = 80;
export const URL_MAX = 2000;
/** Paging cursors, job ids and one-time handles are short opaque strings. */
export const TOKEN_MAX = 200;
export const PAGE_DEFAULT = 100;
export const PAGE_MAX = 1000;
export const GRACE_MAX_SECONDS = 604800;
/** Roll's revokeWhenQuietSeconds (docs/usage-and-rotation.md). */
export const QUIET_MIN_SECONDS = 60;
export const QUIET_MAX_SECONDS = 86400;
export const USAGE_GRANULARITIES = ['hour', 'day'] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];
/** Longest usage window, in buckets: 31 days of hours, 400 days. */
export const USAGE_MAX_HOURS = 31 * 24;
export const USAGE_MAX_DAYS = 400;
/** Keys per batched usage request: a page of the keys table. */
export const USAGE_BATCH_MAX = 200;
export const AUDIT_RETENTION_DAYS_DEFAULT = 90;
/** The app's setting for local profiles (the engine itself takes up to 36500). */
export const APP_AUDIT_RETENTION_MAX_DAYS = 3650;
export const USAGE_RETENTION_DAYS = 400;

/** Scopes a key gets when none are asked for (rule 10). */
export const DEFAULT_SCOPES: readonly Scope[] = ['rest'];

// docs/policies-and-labels.md: labels on keys.
export const LABELS_MAX = 10;
export const LABEL_VALUE_MAX = 100;
export const LABEL_KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,39}$/;
/** A key's labels: label key → value. `{}` when it has none. */
export type Labels = Record<string, string>;

// docs/policies-and-labels.md: an org's key policy.
export const POLICY_LIFETIME_MAX_DAYS = 3650;
export interface Policy {
  /** Every key must expire within this many days of its creation (or of the change). */
  maxLifetimeDays: number | null;
  requireExpiry: boolean;
  /** The longest grace a roll may give the old key. */
  maxGraceSeconds: number | null;
  allowedScopes: Scope[];
  allowOrgKeys: boolean;
  allowImpersonation: boolean;
}
export type PolicySetting = keyof Policy;
export const POLICY_SETTINGS: readonly PolicySetting[] = [
  'maxLifetimeDays',
  'requireExpiry',
  'maxGraceSeconds',
  'allowedScopes',
  'allowOrgKeys',
  'allowImpersonation',
];
/** What an org without a policy of its own has: everything allowed. */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  maxLifetimeDays: null,
  requireExpiry: false,
  maxGraceSeconds: null,
  allowedScopes: [...SCOPES],
  allowOrgKeys: true,
  allowImpersonation: true,
});
