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

/** Scopes a key gets when none are asked for (rule 10). */
export const DEFAULT_SCOPES: readonly Scope[] = ['rest'];
