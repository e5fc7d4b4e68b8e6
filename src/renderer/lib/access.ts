// What the acting credential may do, as the UI needs to know it before offering anything:
// each role sees what it may do and nothing that can only fail FORBIDDEN. Mirrors the
// engine's rules 1–4 and 17 (the engine still has the last word on every call).
import type { KeyMeta, Org } from '../../shared/domain';
import type { Session } from '../../shared/ipc/contract';

export type Power = 'admin' | 'member' | 'none';

/** Super admins are admins everywhere; an org key is an admin of its org; anyone else has their role in the credential's org. */
export function powerIn(session: Session | null, orgId: number | null): Power {
  if (!session || orgId === null) return 'none';
  const { me } = session;
  if (me.isSuperAdmin) return 'admin';
  if (me.currentOrg?.id !== orgId) return 'none';
  if (me.key?.kind === 'org') return 'admin';
  return me.role === 'admin' ? 'admin' : me.role === 'member' ? 'member' : 'none';
}

/** Rule 2: members manage their own keys only while the org allows it. */
export function mayCreateKeys(session: Session | null, org: Pick<Org, 'id' | 'allowUserKeys'> | null): boolean {
  if (!org) return false;
  const power = powerIn(session, org.id);
  return power === 'admin' || (power === 'member' && org.allowUserKeys && session?.me.orgUserId != null);
}

/**
 * The views of an org this credential can open: members and the audit are for admins; a
 * member's settings view only reads the org's key policy (docs/policies-and-labels.md).
 */
export function viewsFor(power: Power): readonly ('keys' | 'members' | 'settings' | 'audit')[] {
  return power === 'admin'
    ? ['keys', 'members', 'settings', 'audit']
    : power === 'member'
      ? ['keys', 'settings']
      : ['keys'];
}

export interface KeyPermissions {
  /** Edit, disable, delete. */
  manage: boolean;
  enable: boolean;
  roll: boolean;
  /** Read its audit entries. */
  audit: boolean;
}

const NONE: KeyPermissions = { manage: false, enable: false, roll: false, audit: false };

/**
 * What this credential may do to one key. `ownerIsSuperAdmin` comes from the member list
 * (admins have it): rule 17 keeps a super admin's keys out of an org admin's reach.
 */
export function keyPermissions(
  session: Session | null,
  org: Pick<Org, 'id' | 'allowUserKeys'> | null,
  k: KeyMeta,
  ownerIsSuperAdmin: boolean,
): KeyPermissions {
  if (!session || !org) return NONE;
  const superAdmin = session.me.isSuperAdmin;
  const power = powerIn(session, org.id);
  if (power === 'admin') {
    const manage = superAdmin || !ownerIsSuperAdmin;
    return { manage, enable: manage, roll: manage && (superAdmin || !k.canImpersonate), audit: true };
  }
  if (power === 'member') {
    const own = k.kind === 'user' && k.orgUserId !== null && k.orgUserId === session.me.orgUserId;
    const manage = own && org.allowUserKeys;
    return { manage, enable: manage && k.disabledByAdmin !== true, roll: manage && !k.canImpersonate, audit: false };
  }
  return NONE;
}

/** How the top bar names the acting credential's role in the org on screen. */
export function roleLabel(session: Session | null, orgId: number | null): string | null {
  if (!session) return null;
  if (session.me.isSuperAdmin) return 'super admin';
  if (session.me.key?.kind === 'org') return 'org key';
  const power = powerIn(session, orgId);
  return power === 'none' ? null : power;
}
