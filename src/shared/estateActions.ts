// Which of the estate's bulk actions the acting credential may take on one key, so the
// estate table offers only what can succeed: each role sees what it may do and nothing
// that can only fail. Mirrors the engine (src/main/engine/keys.ts), which still has the
// last word on every call: docs/rules.md rules 2 (members, their own keys, while the org
// allows it), 3 (org keys are the admins'), 4 (rolling an impersonating key needs a super
// admin), 15 (a rolled key in grace may only be deleted) and 17 (a super admin's keys are
// for super admins). Zod-free so the renderer can import it.

import type { Me, Org } from './domain';

export const ESTATE_ACTIONS = ['disable', 'setExpiry', 'roll', 'delete'] as const;
export type EstateAction = (typeof ESTATE_ACTIONS)[number];

const bit = (a: EstateAction): number => 1 << ESTATE_ACTIONS.indexOf(a);
export const ALL_ACTIONS = ESTATE_ACTIONS.reduce((m, a) => m | bit(a), 0);

/** The credential a profile acts with, in the key's org. */
export interface Acting {
  isSuperAdmin: boolean;
  /** An org key counts as an admin of its org. */
  power: 'admin' | 'member' | 'none';
  orgUserId: number | null;
  allowUserKeys: boolean;
}

/** A credential's standing in one org: super admins everywhere, anyone else in their key's org only. */
export function actingIn(me: Me, org: Pick<Org, 'id' | 'allowUserKeys'>): Acting {
  const own = me.currentOrg?.id === org.id;
  const power =
    me.isSuperAdmin || (own && (me.key?.kind === 'org' || me.role === 'admin'))
      ? 'admin'
      : own && me.role === 'member'
        ? 'member'
        : 'none';
  return { isSuperAdmin: me.isSuperAdmin, power, orgUserId: me.orgUserId, allowUserKeys: org.allowUserKeys };
}

export interface ActedOn {
  kind: 'user' | 'org';
  orgUserId: number | null;
  canImpersonate: boolean;
  rolled: boolean;
  ownerIsSuperAdmin: boolean;
}

/** The actions allowed on the key, as a bitmask over ESTATE_ACTIONS. */
export function actionMask(a: Acting, k: ActedOn): number {
  let manage: boolean;
  if (a.isSuperAdmin) manage = true;
  else if (a.power === 'admin') manage = !(k.kind === 'user' && k.ownerIsSuperAdmin);
  else if (a.power === 'member')
    manage = k.kind === 'user' && k.orgUserId !== null && k.orgUserId === a.orgUserId && a.allowUserKeys;
  else manage = false;
  if (!manage) return 0;
  if (k.rolled) return bit('delete');
  return k.canImpersonate && !a.isSuperAdmin ? ALL_ACTIONS & ~bit('roll') : ALL_ACTIONS;
}

export const actionsOfMask = (mask: number): EstateAction[] => ESTATE_ACTIONS.filter((a) => (mask & bit(a)) !== 0);
export const maskHas = (mask: number, a: EstateAction): boolean => (mask & bit(a)) !== 0;
