// What the estate table offers on a key per role (shared/estateActions.ts), against the
// engine's rules: every row here is something the engine would allow or refuse.
import { describe, expect, it } from 'vitest';
import { actingIn, actionMask, actionsOfMask, type Acting, type ActedOn } from '../../../src/shared/estateActions';
import type { Me } from '../../../src/shared/domain';

const superAdmin: Acting = { isSuperAdmin: true, power: 'admin', orgUserId: 1, allowUserKeys: false };
const admin: Acting = { isSuperAdmin: false, power: 'admin', orgUserId: 2, allowUserKeys: true };
const member = (allowUserKeys: boolean): Acting => ({
  isSuperAdmin: false,
  power: 'member',
  orgUserId: 3,
  allowUserKeys,
});
const key = (k: Partial<ActedOn> = {}): ActedOn => ({
  kind: 'user',
  orgUserId: 3,
  canImpersonate: false,
  rolled: false,
  ownerIsSuperAdmin: false,
  ...k,
});
const offered = (a: Acting, k: ActedOn) => actionsOfMask(actionMask(a, k));
const ALL = ['disable', 'setExpiry', 'roll', 'delete'];

describe('rule 2: members and their own keys', () => {
  it('a member may change their own user key while the org allows it', () => {
    expect(offered(member(true), key())).toEqual(ALL);
  });
  it('nothing while the org does not allow it', () => {
    expect(offered(member(false), key())).toEqual([]);
  });
  it('nothing on another membership’s key or an org key', () => {
    expect(offered(member(true), key({ orgUserId: 9 }))).toEqual([]);
    expect(offered(member(true), key({ kind: 'org', orgUserId: null }))).toEqual([]);
  });
});

describe('rule 17: super admins cannot be locked out', () => {
  it('an org admin (or org key) is offered nothing on a super admin’s key', () => {
    expect(offered(admin, key({ ownerIsSuperAdmin: true }))).toEqual([]);
  });
  it('a super admin is offered everything on it', () => {
    expect(offered(superAdmin, key({ ownerIsSuperAdmin: true }))).toEqual(ALL);
  });
});

describe('rule 4: rolling a key that can impersonate needs a super admin', () => {
  it('an org admin may disable, expire or delete it but not roll it', () => {
    expect(offered(admin, key({ canImpersonate: true }))).toEqual(['disable', 'setExpiry', 'delete']);
    expect(offered(superAdmin, key({ canImpersonate: true }))).toEqual(ALL);
  });
});

describe('rule 15: a rolled key in grace may only be deleted', () => {
  it('delete only, whoever acts', () => {
    expect(offered(superAdmin, key({ rolled: true }))).toEqual(['delete']);
    expect(offered(member(true), key({ rolled: true }))).toEqual(['delete']);
  });
});

describe('actingIn: power does not travel between orgs (rule 1)', () => {
  const me = (m: Partial<Me>): Me => ({
    id: 2,
    email: 'a@example.com',
    firstName: null,
    lastName: null,
    isSuperAdmin: false,
    status: 'active',
    currentOrg: { id: 5, name: 'Five', allowUserKeys: true },
    orgUserId: 2,
    role: 'admin',
    key: null,
    impersonatedBy: null,
    ...m,
  });
  it('an admin in their key’s org, nothing elsewhere; a super admin everywhere', () => {
    expect(actingIn(me({}), { id: 5, allowUserKeys: true }).power).toBe('admin');
    expect(actingIn(me({}), { id: 6, allowUserKeys: true }).power).toBe('none');
    expect(actingIn(me({ isSuperAdmin: true }), { id: 6, allowUserKeys: true }).power).toBe('admin');
    expect(actingIn(me({ role: 'member' }), { id: 5, allowUserKeys: true }).power).toBe('member');
  });
  it('rule 3: an org key acts as an admin of its org', () => {
    const orgKey = me({ id: null, email: null, role: null, orgUserId: null, key: { kind: 'org' } as Me['key'] });
    expect(actingIn(orgKey, { id: 5, allowUserKeys: false }).power).toBe('admin');
  });
});
