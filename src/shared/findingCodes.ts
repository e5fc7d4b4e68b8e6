// The estate's finding codes and their default thresholds (docs/estate.md), zod-free so
// the renderer can import them without the schemas.
export const FINDING_CODES = [
  'EXPIRING_SOON',
  'EXPIRED',
  'IN_GRACE',
  'NEVER_USED',
  'IDLE',
  'ROTATION_DUE',
  'NO_EXPIRY',
  'ORG_WIDE',
  'CAN_IMPERSONATE',
  'ORPHANED',
  'POLICY_VIOLATION',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface FindingThresholds {
  expiringDays: number;
  idleDays: number;
  neverUsedDays: number;
  rotationDays: number;
}

export const DEFAULT_THRESHOLDS: Readonly<FindingThresholds> = Object.freeze({
  expiringDays: 14,
  idleDays: 90,
  neverUsedDays: 7,
  rotationDays: 90,
});

/** Ten years: any longer threshold could never fire for a key made by this app. */
export const THRESHOLD_MAX_DAYS = 3650;

export type FindingCounts = Record<FindingCode, number>;

export const zeroCounts = (): FindingCounts => Object.fromEntries(FINDING_CODES.map((c) => [c, 0])) as FindingCounts;

/** Findings travel inside main as a bitmask (one bit per code, in FINDING_CODES order). */
export const findingBit = (code: FindingCode): number => 1 << FINDING_CODES.indexOf(code);

export const codesOfMask = (mask: number): FindingCode[] => FINDING_CODES.filter((_, i) => (mask & (1 << i)) !== 0);

/** How a list of keys can be narrowed on the server (docs/estate.md "GET /user/apiKey gains server-side filters"). */
export const KEY_STATUS_FILTERS = ['enabled', 'disabled', 'expired'] as const;
export type KeyStatusFilter = (typeof KEY_STATUS_FILTERS)[number];
