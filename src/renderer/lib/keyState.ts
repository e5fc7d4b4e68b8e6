// What a key's row says about it. The engine stores status, expiry, roll and revocation
// separately; the table needs one word, so precedence matters: a deleted key is "revoked"
// whatever else is true, a rolled key is "rolled" through its grace period and after.
import type { KeyMeta } from '../../shared/domain';

export type KeyState = 'enabled' | 'disabled' | 'expired' | 'rolled' | 'revoked';

export function keyState(k: KeyMeta, now: number): KeyState {
  if (k.revokedAt !== null) return 'revoked';
  if (k.rolledTo !== null) return 'rolled';
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= now) return 'expired';
  return k.status === 'disabled' ? 'disabled' : 'enabled';
}

const EXPIRING_SOON_MS = 7 * 24 * 3600 * 1000;

export function isExpiringSoon(k: KeyMeta, now: number): boolean {
  if (k.expiresAt === null || k.revokedAt !== null) return false;
  const at = Date.parse(k.expiresAt);
  return at > now && at - now <= EXPIRING_SOON_MS;
}

/** Which actions make sense for a key right now (the engine still has the last word). */
export function keyActions(
  k: KeyMeta,
  now: number,
): { toggle: 'disable' | 'enable' | null; roll: boolean; delete: boolean } {
  const s = keyState(k, now);
  if (s === 'revoked') return { toggle: null, roll: false, delete: false };
  if (s === 'rolled') return { toggle: null, roll: false, delete: true };
  return { toggle: k.status === 'enabled' ? 'disable' : 'enable', roll: true, delete: true };
}
