// docs/rules.md rule 17: no org admin can lock the super admins out.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/main/engine';
import { World, expectCode } from './helpers';

/** The owner (super admin, admin of org A) with their key's id, an org admin and an org key of org A. */
function setup() {
  const w = new World();
  const admin = w.person(w.orgA, 'admin');
  const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
  const ownerKeyId = w.as(w.ownerKey, 'GET').key!.id;
  const membership = () => w.engine.directory.getMembership(w.owner, w.orgA, w.ownerUserId);
  return { w, admin, orgKey, ownerKeyId, membership };
}

describe('rule 17: only a super admin may deactivate, remove or demote a super admin’s membership, or disable, delete or roll a super admin’s key', () => {
  it('an org admin and an org key get 403 for each, and the super admin keeps their access', () => {
    const { w, admin, orgKey, ownerKeyId, membership } = setup();
    const actors: [string, () => Actor][] = [
      ['org admin', () => w.as(admin.key)],
      ['org key', () => w.as(orgKey.apiKey)],
    ];
    for (const [, actor] of actors) {
      expectCode(
        () => w.engine.directory.updateMember(actor(), w.orgA, w.ownerUserId, { status: 'inactive' }),
        'FORBIDDEN',
      );
      expectCode(
        () => w.engine.directory.updateMember(actor(), w.orgA, w.ownerUserId, { role: 'member' }),
        'FORBIDDEN',
      );
      expectCode(() => w.engine.directory.removeMember(actor(), w.orgA, w.ownerUserId), 'FORBIDDEN');
      expectCode(() => w.engine.keys.update(actor(), ownerKeyId, { status: 'disabled' }), 'FORBIDDEN');
      // An expiry a second away is a disable with a delay.
      expectCode(() => w.engine.keys.update(actor(), ownerKeyId, { expiresAt: w.clock.iso(1000) }), 'FORBIDDEN');
      expectCode(() => w.engine.keys.remove(actor(), ownerKeyId), 'FORBIDDEN');
      expectCode(() => w.engine.keys.roll(actor(), ownerKeyId, {}), 'FORBIDDEN');
    }
    expect(membership()).toMatchObject({ role: 'admin', status: 'active' });
    const key = w.engine.keys.get(w.owner, ownerKeyId);
    expect(key).toMatchObject({ status: 'enabled', expiresAt: null, revokedAt: null, rolledTo: null });
    expect(w.as(w.ownerKey, 'GET').isSuperAdmin).toBe(true);
    // Every refusal is in the audit log.
    const denied = w.engine.audit
      .list(w.owner, { orgId: w.orgA, outcome: 'denied', limit: 100 })
      .items.filter((e) => e.code === 'FORBIDDEN');
    expect(denied.length).toBe(14);
  });

  it('an org admin still manages everyone else, and may rename a super admin’s key or promote their membership', () => {
    const { w, admin, ownerKeyId } = setup();
    const act = () => w.as(admin.key);
    const member = w.person(w.orgA, 'admin');
    expect(w.engine.directory.updateMember(act(), w.orgA, member.userId, { role: 'member' }).role).toBe('member');
    expect(w.engine.directory.updateMember(act(), w.orgA, member.userId, { status: 'inactive' }).status).toBe(
      'inactive',
    );
    w.engine.keys.update(act(), member.keyId, { status: 'disabled' });
    w.engine.keys.remove(act(), member.keyId);
    w.engine.directory.removeMember(act(), w.orgA, member.userId);
    expect(w.engine.keys.update(act(), ownerKeyId, { name: 'owner key' }).name).toBe('owner key');
    expect(w.engine.directory.updateMember(act(), w.orgA, w.ownerUserId, { status: 'active' }).status).toBe('active');
  });

  it('a super admin may do all of it to another super admin', () => {
    const { w } = setup();
    const other = w.person(w.orgB, 'admin');
    w.makeSuperAdmin(other.userId);
    const act = () => w.as(w.ownerKey);
    expect(w.engine.directory.updateMember(act(), w.orgB, other.userId, { role: 'member' }).role).toBe('member');
    expect(w.engine.directory.updateMember(act(), w.orgB, other.userId, { status: 'inactive' }).status).toBe(
      'inactive',
    );
    w.engine.directory.updateMember(act(), w.orgB, other.userId, { status: 'active' });
    expect(w.engine.keys.update(act(), other.keyId, { status: 'disabled' }).status).toBe('disabled');
    w.engine.keys.update(act(), other.keyId, { status: 'enabled' });
    expect(w.engine.keys.roll(act(), other.keyId, {}).userId).toBe(other.userId);
    w.engine.keys.remove(act(), other.keyId);
    w.engine.directory.removeMember(act(), w.orgB, other.userId);
  });

  it('an admin of org B, where a super admin is a plain member, cannot deactivate or remove them either', () => {
    const { w } = setup();
    const membershipB = w.join({ email: 'owner@example.com' }, w.orgB, 'member');
    expect(membershipB).toBeGreaterThan(0);
    const adminB = w.person(w.orgB, 'admin');
    expectCode(
      () => w.engine.directory.updateMember(w.as(adminB.key), w.orgB, w.ownerUserId, { status: 'inactive' }),
      'FORBIDDEN',
    );
    expectCode(() => w.engine.directory.removeMember(w.as(adminB.key), w.orgB, w.ownerUserId), 'FORBIDDEN');
  });
});
