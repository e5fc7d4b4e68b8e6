import type { KeyKind, Role, Scope } from '../../shared/domain';

/**
 * Who is acting: the result of verifying a key (or the local owner of a desktop
 * profile, who acts without one). Built fresh on every call so that a demotion or a
 * disabled user takes effect at once (rule 5).
 */
export interface Actor {
  userId: number | null;
  isSuperAdmin: boolean;
  /** The org the credential is bound to; null for the local owner. */
  orgId: number | null;
  orgUserId: number | null;
  role: Role | null;
  key: { id: number; start: string; kind: KeyKind; scopes: Scope[]; readOnly: boolean; canImpersonate: boolean } | null;
  /** The key's own user while impersonating (rule 11). */
  impersonatorUserId: number | null;
}

export type Power = 'admin' | 'member' | 'none';

/** Super admins are admins everywhere; anyone else has power only in the key's org. */
export function powerIn(actor: Actor, orgId: number): Power {
  if (actor.isSuperAdmin) return 'admin';
  if (actor.orgId !== orgId) return 'none';
  if (actor.key?.kind === 'org') return 'admin';
  return actor.role === 'admin' ? 'admin' : 'member';
}

export const localOwner = (userId: number): Actor => ({
  userId,
  isSuperAdmin: true,
  orgId: null,
  orgUserId: null,
  role: null,
  key: null,
  impersonatorUserId: null,
});
