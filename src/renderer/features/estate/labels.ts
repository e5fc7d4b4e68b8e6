// How the estate names findings and profile statuses on screen.
import type { FindingCode } from '../../../shared/findingCodes';
import type { EstateKeyState, ProfileStatus } from '../../../shared/estate';

export const FINDING_LABEL: Record<FindingCode, string> = {
  EXPIRING_SOON: 'Expiring soon',
  EXPIRED: 'Expired, not deleted',
  IN_GRACE: 'In grace after a roll',
  NEVER_USED: 'Never used',
  IDLE: 'Idle',
  ROTATION_DUE: 'Rotation due',
  NO_EXPIRY: 'No expiry (production)',
  ORG_WIDE: 'Org-wide keys',
  CAN_IMPERSONATE: 'Can impersonate',
  ORPHANED: 'Orphaned',
  POLICY_VIOLATION: 'Breaks org policy',
};

export const STATUS_LABEL: Record<ProfileStatus, string> = {
  ok: 'OK',
  unreachable: 'Unreachable',
  credentialRefused: 'Credential refused',
  keychainLocked: 'Keychain locked',
  timedOut: 'Timed out',
  error: 'Error',
};

/** A key's state in words (never colour alone), with the keys table's badge colour for it. */
export const KEY_STATE: Record<EstateKeyState, { label: string; badge: string }> = {
  enabled: { label: 'Enabled', badge: 'badge-enabled' },
  disabled: { label: 'Disabled', badge: 'badge-disabled' },
  expired: { label: 'Expired', badge: 'badge-expired' },
  inGrace: { label: 'In grace', badge: 'badge-rolled' },
};
