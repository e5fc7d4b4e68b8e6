// Create and roll judge the key they are about to mint with one function (src/main/engine/newKey.ts):
// for each kind of bad new key, both refuse it with the same code and mint nothing. A check
// added to one path only would make one of these pairs disagree.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/main/engine';
import { DEFAULT_POLICY, type CreateKeyInput, type Policy, type RollKeyInput } from '../../../src/shared/domain';
import type { ErrorCode } from '../../../src/shared/errors';
import { DAY, World, caught } from './helpers';

interface Case {
  /** The code both must give. */
  code: ErrorCode;
  /** Builds the situation; returns who acts, what create is asked, and which key roll is asked for how. */
  setup(w: World): { actor: Actor; create: CreateKeyInput; rollId: number; roll?: RollKeyInput };
}

const policy = (p: Partial<Policy>): Policy => ({
  ...DEFAULT_POLICY,
  allowedScopes: ['ui', 'rest', 'integration'],
  ...p,
});

const CASES: Record<string, Case> = {
  "rule 16 and rule 17: a key for a super admin's membership, asked by an org admin": {
    code: 'FORBIDDEN',
    setup: (w) => ({
      actor: w.as(w.person(w.orgA, 'admin').key),
      create: { orgUserId: w.ownerOrgUserId, name: 'for the owner' },
      rollId: w.as(w.ownerKey).key!.id,
    }),
  },
  'a key that can impersonate, asked by an org admin': {
    code: 'FORBIDDEN',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      const impersonating = w.key({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true });
      return {
        actor: w.as(w.person(w.orgA, 'admin').key),
        create: { orgUserId: member.orgUserId, name: 'imp 2', canImpersonate: true },
        rollId: impersonating.id,
      };
    },
  },
  'a key for an inactive membership': {
    code: 'CONFLICT',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      w.engine.directory.updateMember(w.owner, w.orgA, member.userId, { status: 'inactive' });
      return { actor: w.owner, create: { orgUserId: member.orgUserId, name: 'again' }, rollId: member.keyId };
    },
  },
  'a key for a disabled user': {
    code: 'CONFLICT',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      w.engine.directory.updateUser(w.owner, member.userId, { status: 'disabled' });
      return { actor: w.owner, create: { orgUserId: member.orgUserId, name: 'again' }, rollId: member.keyId };
    },
  },
  'an expiry in the past': {
    code: 'BAD_REQUEST',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      const expiresAt = w.clock.iso(-DAY);
      return {
        actor: w.owner,
        create: { orgUserId: member.orgUserId, name: 'late', expiresAt },
        rollId: member.keyId,
        roll: { expiresAt },
      };
    },
  },
  'an expiry that is not an ISO 8601 instant': {
    code: 'BAD_REQUEST',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      const expiresAt = 'next tuesday';
      return {
        actor: w.owner,
        create: { orgUserId: member.orgUserId, name: 'vague', expiresAt },
        rollId: member.keyId,
        roll: { expiresAt },
      };
    },
  },
  'requireExpiry: a key without an expiry': {
    code: 'POLICY_VIOLATION',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      w.engine.policies.put(w.owner, w.orgA, policy({ requireExpiry: true }));
      return { actor: w.owner, create: { orgUserId: member.orgUserId, name: 'forever' }, rollId: member.keyId };
    },
  },
  'maxLifetimeDays: an expiry past the limit': {
    code: 'POLICY_VIOLATION',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      w.engine.policies.put(w.owner, w.orgA, policy({ maxLifetimeDays: 30 }));
      const expiresAt = w.clock.iso(60 * DAY);
      return {
        actor: w.owner,
        create: { orgUserId: member.orgUserId, name: 'long', expiresAt },
        rollId: member.keyId,
        roll: { expiresAt },
      };
    },
  },
  'allowedScopes: a scope the org does not allow': {
    code: 'POLICY_VIOLATION',
    setup: (w) => {
      const member = w.person(w.orgA, 'member');
      w.engine.policies.put(w.owner, w.orgA, policy({ allowedScopes: ['ui', 'rest'] }));
      return {
        actor: w.owner,
        create: { orgUserId: member.orgUserId, name: 'wide', scopes: ['ui', 'rest', 'integration'] },
        rollId: member.keyId,
      };
    },
  },
  'allowOrgKeys: an org key where the org allows none': {
    code: 'POLICY_VIOLATION',
    setup: (w) => {
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
      w.engine.policies.put(w.owner, w.orgA, policy({ allowOrgKeys: false }));
      return { actor: w.owner, create: { orgId: w.orgA, kind: 'org', name: 'site 2' }, rollId: orgKey.id };
    },
  },
};

describe('create and roll refuse the same bad new key with the same code', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${c.code}: ${name}`, () => {
      const w = new World();
      const s = c.setup(w);
      const before = w.countKeys();
      const created = caught(() => w.engine.keys.create(s.actor, s.create));
      const rolled = caught(() => w.engine.keys.roll(s.actor, s.rollId, s.roll ?? {}));
      expect({ create: created.code, roll: rolled.code }).toEqual({ create: c.code, roll: c.code });
      expect(w.countKeys()).toBe(before);
    });
  }
});
