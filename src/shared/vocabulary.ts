// The domain's vocabulary and limits, free of zod, so the renderer can import them
// without bundling the schemas. src/shared/domain.ts re-exports all of it.
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
