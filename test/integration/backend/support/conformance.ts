// The one Backend conformance suite (docs/architecture.md): the same assertions run against the local
// engine and against a RemoteBackend talking to a real Core server. Every test builds its
// own org and people through the super admin, so tests share a world but no state.
// One file over ~300 lines on purpose: it is the single suite both backends must pass; split,
// a backend could be run against part of it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../../src/main/backend/types';
import { readAll } from '../../../../src/main/backend/types';
import { BulkRunner } from '../../../../src/main/services/bulk';
import type { CreateKeyInput, CreatedKey, KeyMeta, Membership, Org, Role } from '../../../../src/shared/domain';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from '../../../../src/shared/errors';
import { formatKey, parseKey, START_LENGTH } from '../../../../src/shared/keyFormat';
import { findingsConformance } from './findingsConformance';
import { policyConformance } from './policyConformance';
import { usageConformance } from './usageConformance';
import { rotationConformance } from './rotationConformance';

export interface BackendWorld {
  /** The database's super admin: the local profile's owner, or the key `keywarden init` printed. */
  superAdmin: Backend;
  ownerEmail: string;
  /** A Backend acting as this raw key, as an HTTP client holding it would. */
  as(raw: string): Backend;
  close(): Promise<void>;
}

export interface Person {
  membership: Membership;
  userId: number;
  orgUserId: number;
  key: CreatedKey;
  /** Acting as `key`. */
  backend: Backend;
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

let serial = 0;
const unique = (label: string): string => `${label} ${++serial}-${randomBytes(3).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeBackendConformance(name: string, makeWorld: () => Promise<BackendWorld>): void {
  describe(`Backend conformance: ${name}`, () => {
    let w: BackendWorld;
    /** Every raw key minted in this world: none may ever show up in an error message. */
    const raws: string[] = [];

    beforeAll(async () => {
      w = await makeWorld();
    });
    afterAll(async () => {
      await w?.close();
    });

    const remember = <K extends CreatedKey>(k: K): K => {
      raws.push(k.apiKey);
      return k;
    };

    /** The call must fail with this code and status (docs/rules.md), a message, and no key in it. */
    async function refused(p: Promise<unknown>, code: ErrorCode): Promise<KeywardenError> {
      const outcome = await p.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (!('error' in outcome))
        throw new Error(`expected ${code}, but the call returned ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
      const e = outcome.error;
      expect(e).toBeInstanceOf(KeywardenError);
      const ke = e as KeywardenError;
      expect({ code: ke.code, status: ke.status }).toEqual({ code, status: ERROR_STATUS[code] });
      expect(ke.message.length).toBeGreaterThan(0);
      for (const raw of raws) expect(ke.message).not.toContain(raw.slice(START_LENGTH));
      return ke;
    }

    async function newOrg(allowUserKeys = false): Promise<Org> {
      return w.superAdmin.createOrg({ name: unique('Org'), allowUserKeys });
    }

    async function person(orgId: number, role: Role = 'member', key: Partial<CreateKeyInput> = {}): Promise<Person> {
      const email = `${unique('user').replace(/\W+/g, '-')}@example.com`;
      const membership = await w.superAdmin.addMember(orgId, { email, firstName: 'Test', lastName: 'Person', role });
      const created = remember(
        await w.superAdmin.createKey({ orgUserId: membership.id, name: `key of ${email}`, ...key } as CreateKeyInput),
      );
      return {
        membership,
        userId: membership.userId,
        orgUserId: membership.id,
        key: created,
        backend: w.as(created.apiKey),
      };
    }

    const metaOf = ({ apiKey: _omit, ...meta }: CreatedKey): KeyMeta => meta;
    const ids = (keys: { id: number }[]) => keys.map((k) => k.id).sort((a, b) => a - b);

    findingsConformance({ world: () => w, person, newOrg, refused, remember });
    usageConformance({ world: () => w, person, newOrg, refused, remember });
    policyConformance({ world: () => w, person, newOrg, refused, remember });
    rotationConformance({ world: () => w, person, newOrg, refused, remember });

    describe('who am I', () => {
      it('the super admin, an org admin and an org key each see who they are', async () => {
        const me = await w.superAdmin.whoami();
        expect(me).toMatchObject({ email: w.ownerEmail, isSuperAdmin: true, status: 'active', impersonatedBy: null });

        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        expect(await admin.backend.whoami()).toMatchObject({
          id: admin.userId,
          email: admin.membership.user.email,
          isSuperAdmin: false,
          status: 'active',
          currentOrg: { id: org.id, name: org.name, allowUserKeys: false },
          orgUserId: admin.orgUserId,
          role: 'admin',
          key: {
            ...metaOf(admin.key),
            lastUsedAt: expect.any(String),
            // Over HTTP the call's address and user agent; in process there is none.
            lastUsedFrom: expect.toSatisfy(
              (v: KeyMeta['lastUsedFrom']) =>
                v === null || (typeof v.ip === 'string' && typeof v.userAgent === 'string'),
            ),
          },
          impersonatedBy: null,
        });

        const orgKey = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site-wide' }));
        expect(await w.as(orgKey.apiKey).whoami()).toMatchObject({
          id: null,
          email: null,
          isSuperAdmin: false,
          currentOrg: { id: org.id },
          orgUserId: null,
          role: 'admin',
          key: { id: orgKey.id, kind: 'org', userId: null, orgUserId: null },
        });
      });
    });

    describe('orgs', () => {
      it('a super admin sees and creates every org; an admin sees only their own and cannot create one', async () => {
        const a = await newOrg(true);
        const b = await newOrg();
        expect(a).toMatchObject({ allowUserKeys: true });
        const all = await readAll((cursor) => w.superAdmin.listOrgs({ cursor, limit: 2 }));
        expect(ids(all)).toEqual(expect.arrayContaining([a.id, b.id]));

        const admin = await person(a.id, 'admin');
        expect((await admin.backend.listOrgs()).items).toEqual([a]);
        await refused(admin.backend.createOrg({ name: unique('Nope') }), 'FORBIDDEN');
      });

      it('admins update their own org only; a missing org is 404', async () => {
        const a = await newOrg();
        const b = await newOrg();
        const admin = await person(a.id, 'admin');
        const renamed = unique('Renamed');
        expect(await admin.backend.updateOrg(a.id, { name: renamed, allowUserKeys: true })).toMatchObject({
          id: a.id,
          name: renamed,
          allowUserKeys: true,
        });
        await refused(admin.backend.updateOrg(b.id, { name: unique('Taken') }), 'FORBIDDEN');
        const member = await person(a.id, 'member');
        await refused(member.backend.updateOrg(a.id, { allowUserKeys: false }), 'FORBIDDEN');
        await refused(w.superAdmin.updateOrg(999_999_999, { name: 'ghost' }), 'NOT_FOUND');
      });
    });

    describe('creating keys', () => {
      it('an admin creates a user key: metadata once with the key, never the key again', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id, 'member');
        const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
        const k = remember(
          await admin.backend.createKey({
            orgUserId: member.orgUserId,
            name: 'ci deploy',
            description: 'for the CI',
            scopes: ['rest', 'integration'],
            readOnly: true,
            expiresAt,
          }),
        );
        expect(parseKey(k.apiKey)).toEqual({ ok: true, env: 'sandbox', start: k.apiKey.slice(0, START_LENGTH) });
        expect(k).toMatchObject({
          kind: 'user',
          orgId: org.id,
          orgUserId: member.orgUserId,
          userId: member.userId,
          name: 'ci deploy',
          description: 'for the CI',
          start: k.apiKey.slice(0, START_LENGTH),
          scopes: ['rest', 'integration'],
          readOnly: true,
          canImpersonate: false,
          status: 'enabled',
          expiresAt,
          createdBy: admin.userId,
          lastUsedAt: null,
          revokedAt: null,
          rolledTo: null,
        });
        const read = await admin.backend.getKey(k.id);
        expect(read).toEqual(metaOf(k));
        expect(JSON.stringify(read)).not.toContain(k.apiKey.slice(START_LENGTH));

        const plain = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'defaults' }));
        expect(plain).toMatchObject({ scopes: ['rest'], readOnly: false, description: '', expiresAt: null });
      });

      it('an admin creates an org key: no user, full admin power in its org, none elsewhere, survives its creator', async () => {
        const org = await newOrg();
        const other = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id, 'member');
        const k = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site-wide' }));
        expect(k).toMatchObject({ kind: 'org', orgId: org.id, orgUserId: null, userId: null, createdBy: admin.userId });

        const site = w.as(k.apiKey);
        expect(ids((await site.listMembers(org.id)).items)).toEqual(ids([admin.membership, member.membership]));
        remember(await site.createKey({ orgUserId: member.orgUserId, name: 'made by the org key' }));
        await refused(site.listMembers(other.id), 'FORBIDDEN');
        await refused(site.listKeys({ orgId: other.id }), 'FORBIDDEN');

        await w.superAdmin.updateMember(org.id, admin.userId, { role: 'member' });
        await refused(admin.backend.listMembers(org.id), 'FORBIDDEN');
        expect((await site.listMembers(org.id)).items.length).toBe(2);
      });

      it('an expiry in the past is refused', async () => {
        const org = await newOrg();
        const member = await person(org.id);
        await refused(
          w.superAdmin.createKey({ orgUserId: member.orgUserId, name: 'stale', expiresAt: '2001-01-01T00:00:00.000Z' }),
          'BAD_REQUEST',
        );
      });
    });

    describe('listing keys (rule 13)', () => {
      it('by membership and by org; members see only their own; pages and revoked keys', async () => {
        const org = await newOrg(true);
        const admin = await person(org.id, 'admin');
        const alice = await person(org.id);
        const bob = await person(org.id);
        const aliceMore = remember(await admin.backend.createKey({ orgUserId: alice.orgUserId, name: 'second' }));
        const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));

        const byOrg = await admin.backend.listKeys({ orgId: org.id });
        expect(ids(byOrg.items)).toEqual(ids([admin.key, alice.key, bob.key, aliceMore, site]));
        expect(byOrg.nextCursor).toBeNull();
        expect(ids((await admin.backend.listKeys({ orgUserId: alice.orgUserId })).items)).toEqual(
          ids([alice.key, aliceMore]),
        );

        // A member's ?orgId= list is their own keys; another member's list is refused.
        expect(ids((await alice.backend.listKeys({ orgId: org.id })).items)).toEqual(ids([alice.key, aliceMore]));
        expect(ids((await alice.backend.listKeys({ orgUserId: alice.orgUserId })).items)).toEqual(
          ids([alice.key, aliceMore]),
        );
        await refused(alice.backend.listKeys({ orgUserId: bob.orgUserId }), 'FORBIDDEN');
        await refused(alice.backend.getKey(bob.key.id), 'FORBIDDEN');
        await refused(alice.backend.getKey(site.id), 'FORBIDDEN');

        const paged = await readAll((cursor) => admin.backend.listKeys({ orgId: org.id, limit: 2, cursor }));
        expect(ids(paged)).toEqual(ids(byOrg.items));
        const first = await admin.backend.listKeys({ orgId: org.id, limit: 2 });
        expect(first.items).toHaveLength(2);
        expect(first.nextCursor).toEqual(expect.any(String));

        await admin.backend.deleteKey(aliceMore.id);
        expect(ids((await admin.backend.listKeys({ orgUserId: alice.orgUserId })).items)).toEqual([alice.key.id]);
        const withRevoked = await admin.backend.listKeys({ orgUserId: alice.orgUserId, includeRevoked: true });
        expect(ids(withRevoked.items)).toEqual(ids([alice.key, aliceMore]));
        expect(withRevoked.items.find((k) => k.id === aliceMore.id)?.revokedAt).toEqual(expect.any(String));

        await refused(admin.backend.listKeys({ orgUserId: 999_999_999 }), 'NOT_FOUND');
        await refused(admin.backend.getKey(999_999_999), 'NOT_FOUND');
      });
    });

    describe('disable and enable (rules 2, 8)', () => {
      it('a disabled key fails DISABLED until enabled; a member cannot re-enable what an admin disabled', async () => {
        const org = await newOrg(true);
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const neighbour = await person(org.id);

        expect(await admin.backend.updateKey(member.key.id, { status: 'disabled' })).toMatchObject({
          status: 'disabled',
        });
        await refused(member.backend.whoami(), 'DISABLED');
        expect((await neighbour.backend.whoami()).id).toBe(neighbour.userId);

        const own = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'own' }));
        const ownBackend = w.as(own.apiKey);
        await refused(ownBackend.updateKey(member.key.id, { status: 'enabled' }), 'FORBIDDEN');
        expect(await admin.backend.updateKey(member.key.id, { status: 'enabled' })).toMatchObject({
          status: 'enabled',
        });
        expect((await member.backend.whoami()).id).toBe(member.userId);

        // Disabled by the member themself: the member may enable it again.
        expect(await ownBackend.updateKey(member.key.id, { status: 'disabled' })).toMatchObject({ status: 'disabled' });
        expect(await ownBackend.updateKey(member.key.id, { status: 'enabled' })).toMatchObject({ status: 'enabled' });
        // An admin's disable of an already member-disabled key still locks the member out.
        await ownBackend.updateKey(member.key.id, { status: 'disabled' });
        await admin.backend.updateKey(member.key.id, { status: 'disabled' });
        await refused(ownBackend.updateKey(member.key.id, { status: 'enabled' }), 'FORBIDDEN');

        await refused(ownBackend.updateKey(neighbour.key.id, { status: 'disabled' }), 'FORBIDDEN');
        expect(await admin.backend.updateKey(own.id, { name: 'renamed', description: 'd' })).toMatchObject({
          name: 'renamed',
          description: 'd',
        });
      });
    });

    describe('delete (rule 8)', () => {
      it('a deleted key fails REVOKED, cannot be changed again, and other keys are untouched', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const spare = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'spare' }));

        await admin.backend.deleteKey(member.key.id);
        await refused(member.backend.whoami(), 'REVOKED');
        expect((await admin.backend.getKey(member.key.id)).revokedAt).toEqual(expect.any(String));
        await refused(admin.backend.deleteKey(member.key.id), 'CONFLICT');
        await refused(admin.backend.updateKey(member.key.id, { name: 'again' }), 'CONFLICT');
        await refused(admin.backend.rollKey(member.key.id, {}), 'CONFLICT');
        await refused(admin.backend.deleteKey(999_999_999), 'NOT_FOUND');
        expect((await w.as(spare.apiKey).whoami()).id).toBe(member.userId);
      });
    });

    describe('roll (rule 15)', () => {
      it('the new key copies every setting; with no grace the old key fails EXPIRED at once', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
        const old = remember(
          await admin.backend.createKey({
            orgUserId: member.orgUserId,
            name: 'to roll',
            description: 'copied',
            scopes: ['ui', 'rest'],
            readOnly: true,
            expiresAt,
          }),
        );
        const fresh = remember(await admin.backend.rollKey(old.id, { gracePeriodSeconds: 0 }));
        expect(fresh.id).not.toBe(old.id);
        expect(fresh.apiKey).not.toBe(old.apiKey);
        expect(fresh).toMatchObject({
          kind: 'user',
          orgUserId: member.orgUserId,
          name: 'to roll',
          description: 'copied',
          scopes: ['ui', 'rest'],
          readOnly: true,
          canImpersonate: false,
          status: 'enabled',
          expiresAt,
          createdBy: admin.userId,
          revokedAt: null,
        });
        const oldNow = await admin.backend.getKey(old.id);
        expect(oldNow.rolledTo).toBe(fresh.id);
        expect(Date.parse(oldNow.expiresAt as string)).toBeLessThanOrEqual(Date.now());
        await refused(w.as(old.apiKey).whoami(), 'EXPIRED');
        expect((await w.as(fresh.apiKey).whoami()).key?.id).toBe(fresh.id);
      });

      it('in its grace period the old key still works, may be deleted but not edited or rolled, then fails EXPIRED', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const far = remember(
          await admin.backend.createKey({
            orgUserId: member.orgUserId,
            name: 'far',
            expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
          }),
        );
        const before = Date.now();
        remember(await admin.backend.rollKey(far.id, { gracePeriodSeconds: 3600 }));
        const after = Date.now();
        const inGrace = await admin.backend.getKey(far.id);
        expect(Date.parse(inGrace.expiresAt as string)).toBeGreaterThanOrEqual(before + HOUR);
        expect(Date.parse(inGrace.expiresAt as string)).toBeLessThanOrEqual(after + HOUR);
        expect((await w.as(far.apiKey).whoami()).key?.id).toBe(far.id);
        await refused(admin.backend.updateKey(far.id, { name: 'edited' }), 'CONFLICT');
        await refused(admin.backend.rollKey(far.id, {}), 'CONFLICT');
        await admin.backend.deleteKey(far.id);
        await refused(w.as(far.apiKey).whoami(), 'REVOKED');

        // The old key's own, earlier expiry wins over a longer grace.
        const soon = new Date(Date.now() + HOUR).toISOString();
        const near = remember(
          await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'near', expiresAt: soon }),
        );
        const nearRolled = remember(await admin.backend.rollKey(near.id, { gracePeriodSeconds: 7200 }));
        expect((await admin.backend.getKey(near.id)).expiresAt).toBe(soon);
        expect(nearRolled.expiresAt).toBe(soon);

        const brief = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'brief' }));
        remember(await admin.backend.rollKey(brief.id, { gracePeriodSeconds: 1 }));
        const ends = Date.parse((await admin.backend.getKey(brief.id)).expiresAt as string);
        await sleep(Math.max(0, ends - Date.now()) + 50);
        await refused(w.as(brief.apiKey).whoami(), 'EXPIRED');
      });
    });

    describe('members', () => {
      it('admins add, list, load, update and remove members; people load only themselves', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const email = `${unique('new').replace(/\W+/g, '-')}@example.com`;
        const added = await admin.backend.addMember(org.id, { email, firstName: 'Ada', lastName: 'Lovelace' });
        expect(added).toMatchObject({
          orgId: org.id,
          role: 'member',
          status: 'active',
          user: { email, firstName: 'Ada', lastName: 'Lovelace', isSuperAdmin: false },
        });
        await refused(admin.backend.addMember(org.id, { email, firstName: 'Ada', lastName: 'Again' }), 'CONFLICT');

        const listed = await readAll((cursor) => admin.backend.listMembers(org.id, { cursor, limit: 1 }));
        expect(ids(listed)).toEqual(ids([admin.membership, added]));
        expect(await admin.backend.getMembership(org.id, added.userId)).toEqual(added);

        const member = await person(org.id);
        expect((await member.backend.getMembership(org.id, member.userId)).id).toBe(member.orgUserId);
        await refused(member.backend.getMembership(org.id, added.userId), 'FORBIDDEN');
        await refused(member.backend.listMembers(org.id), 'FORBIDDEN');
        await refused(
          member.backend.addMember(org.id, { email: 'x@example.com', firstName: 'X', lastName: 'Y' }),
          'FORBIDDEN',
        );

        expect(await admin.backend.updateMember(org.id, added.userId, { role: 'admin' })).toMatchObject({
          role: 'admin',
        });
        await admin.backend.removeMember(org.id, added.userId);
        await refused(admin.backend.getMembership(org.id, added.userId), 'NOT_FOUND');
        await refused(admin.backend.removeMember(org.id, added.userId), 'NOT_FOUND');
        await refused(admin.backend.getMembership(999_999_999, admin.userId), 'NOT_FOUND');
      });

      it("a key acts with its user's permissions at the time of use (rule 5)", async () => {
        const org = await newOrg();
        const member = await person(org.id);
        await refused(member.backend.listMembers(org.id), 'FORBIDDEN');
        await w.superAdmin.updateMember(org.id, member.userId, { role: 'admin' });
        expect((await member.backend.listMembers(org.id)).items.length).toBe(1);
        await w.superAdmin.updateMember(org.id, member.userId, { role: 'member' });
        await refused(member.backend.listMembers(org.id), 'FORBIDDEN');

        await w.superAdmin.updateMember(org.id, member.userId, { status: 'inactive' });
        await refused(member.backend.whoami(), 'INACTIVE_USER');
        await refused(w.superAdmin.createKey({ orgUserId: member.orgUserId, name: 'for inactive' }), 'CONFLICT');
        await w.superAdmin.updateMember(org.id, member.userId, { status: 'active' });
        expect((await member.backend.whoami()).id).toBe(member.userId);

        expect(await w.superAdmin.updateUser(member.userId, { status: 'disabled' })).toMatchObject({
          id: member.userId,
          status: 'disabled',
        });
        await refused(member.backend.whoami(), 'INACTIVE_USER');
        await refused(w.superAdmin.createKey({ orgUserId: member.orgUserId, name: 'for disabled' }), 'CONFLICT');
        await w.superAdmin.updateUser(member.userId, { status: 'active' });

        await w.superAdmin.removeMember(org.id, member.userId);
        await refused(member.backend.whoami(), 'INACTIVE_USER');
      });

      it('only a super admin changes a user, and never disables themself', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        await refused(admin.backend.updateUser(member.userId, { status: 'disabled' }), 'FORBIDDEN');
        const me = await w.superAdmin.whoami();
        await refused(w.superAdmin.updateUser(me.id as number, { status: 'disabled' }), 'CONFLICT');
        await refused(w.superAdmin.updateUser(999_999_999, { status: 'disabled' }), 'NOT_FOUND');
      });
    });

    describe('permission refusals', () => {
      it('rule 1: only admins of the org create keys for its members; an admin of A has no power in B', async () => {
        const a = await newOrg();
        const b = await newOrg();
        const adminA = await person(a.id, 'admin');
        const memberA = await person(a.id);
        const memberB = await person(b.id);
        await refused(adminA.backend.createKey({ orgUserId: memberB.orgUserId, name: 'across' }), 'FORBIDDEN');
        await refused(adminA.backend.createKey({ orgId: b.id, kind: 'org', name: 'across' }), 'FORBIDDEN');
        await refused(adminA.backend.getKey(memberB.key.id), 'FORBIDDEN');
        await refused(adminA.backend.updateKey(memberB.key.id, { status: 'disabled' }), 'FORBIDDEN');
        await refused(adminA.backend.rollKey(memberB.key.id, {}), 'FORBIDDEN');
        await refused(adminA.backend.deleteKey(memberB.key.id), 'FORBIDDEN');
        await refused(adminA.backend.listKeys({ orgId: b.id }), 'FORBIDDEN');
        await refused(adminA.backend.listMembers(b.id), 'FORBIDDEN');
        await refused(
          adminA.backend.addMember(b.id, { email: 'across@example.com', firstName: 'A', lastName: 'B' }),
          'FORBIDDEN',
        );
        await refused(adminA.backend.listAudit({ orgId: b.id }), 'FORBIDDEN');
        await refused(memberA.backend.createKey({ orgUserId: adminA.orgUserId, name: 'not mine' }), 'FORBIDDEN');
        expect((await w.as(memberB.key.apiKey).whoami()).key?.status).toBe('enabled');
      });

      it('rule 2: members manage their own keys only while the org allows it', async () => {
        const org = await newOrg(false);
        const member = await person(org.id);
        const other = await person(org.id);
        await refused(member.backend.createKey({ orgUserId: member.orgUserId, name: 'mine' }), 'FORBIDDEN');
        await refused(member.backend.updateKey(member.key.id, { status: 'disabled' }), 'FORBIDDEN');
        await refused(member.backend.rollKey(member.key.id, {}), 'FORBIDDEN');

        await w.superAdmin.updateOrg(org.id, { allowUserKeys: true });
        const mine = remember(await member.backend.createKey({ orgUserId: member.orgUserId, name: 'mine' }));
        expect(mine).toMatchObject({ orgUserId: member.orgUserId, createdBy: member.userId });
        expect(await member.backend.updateKey(mine.id, { status: 'disabled' })).toMatchObject({ status: 'disabled' });
        expect(await member.backend.updateKey(mine.id, { status: 'enabled' })).toMatchObject({ status: 'enabled' });
        const rolled = remember(await member.backend.rollKey(mine.id, { gracePeriodSeconds: 60 }));
        await member.backend.deleteKey(rolled.id);
        await refused(member.backend.createKey({ orgUserId: other.orgUserId, name: 'theirs' }), 'FORBIDDEN');
        await refused(member.backend.deleteKey(other.key.id), 'FORBIDDEN');
        await refused(member.backend.rollKey(other.key.id, {}), 'FORBIDDEN');
      });

      it('rule 3: org keys are created, disabled and deleted by admins only', async () => {
        const org = await newOrg(true);
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        await refused(member.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }), 'FORBIDDEN');
        const site = remember(await admin.backend.createKey({ orgId: org.id, kind: 'org', name: 'site' }));
        await refused(member.backend.updateKey(site.id, { status: 'disabled' }), 'FORBIDDEN');
        await refused(member.backend.deleteKey(site.id), 'FORBIDDEN');
        await refused(
          w.superAdmin.createKey({ orgId: org.id, kind: 'org', name: 'impersonating site', canImpersonate: true }),
          'BAD_REQUEST',
        );
        expect(await admin.backend.updateKey(site.id, { status: 'disabled' })).toMatchObject({ status: 'disabled' });
        await refused(w.as(site.apiKey).whoami(), 'DISABLED');
        await admin.backend.deleteKey(site.id);
      });

      it('rule 4: only a super admin sets or rolls canImpersonate, and nothing is created on refusal', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const before = ids((await admin.backend.listKeys({ orgId: org.id, includeRevoked: true })).items);
        await refused(
          admin.backend.createKey({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }),
          'FORBIDDEN',
        );
        expect(ids((await admin.backend.listKeys({ orgId: org.id, includeRevoked: true })).items)).toEqual(before);

        const imp = remember(
          await w.superAdmin.createKey({ orgUserId: member.orgUserId, name: 'imp', canImpersonate: true }),
        );
        expect(imp.canImpersonate).toBe(true);
        await refused(admin.backend.rollKey(imp.id, {}), 'FORBIDDEN');
        expect(remember(await w.superAdmin.rollKey(imp.id, {})).canImpersonate).toBe(true);
      });

      it("rule 16: a key for a super admin's membership needs a super admin", async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const owner = await w.superAdmin.addMember(org.id, {
          email: w.ownerEmail,
          firstName: 'Owner',
          lastName: 'Again',
          role: 'admin',
        });
        expect(owner.user.isSuperAdmin).toBe(true);
        await refused(admin.backend.createKey({ orgUserId: owner.id, name: 'for the boss' }), 'FORBIDDEN');
        const k = remember(await w.superAdmin.createKey({ orgUserId: owner.id, name: 'for the boss' }));
        await refused(admin.backend.rollKey(k.id, {}), 'FORBIDDEN');
      });

      it('an inactive membership gets no new key (409)', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        await admin.backend.updateMember(org.id, member.userId, { status: 'inactive' });
        await refused(admin.backend.createKey({ orgUserId: member.orgUserId, name: 'x' }), 'CONFLICT');
        await refused(admin.backend.rollKey(member.key.id, {}), 'CONFLICT');
      });
    });

    describe('audit', () => {
      it('admins read their org audit, newest first, with refusals and failed authentications; members cannot', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const k = remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'audited' }));
        await refused(member.backend.createKey({ orgUserId: admin.orgUserId, name: 'refused' }), 'FORBIDDEN');
        await admin.backend.deleteKey(k.id);
        await refused(w.as(k.apiKey).whoami(), 'REVOKED');

        const events = await readAll((cursor) => admin.backend.listAudit({ orgId: org.id, cursor, limit: 3 }));
        expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => y - x));
        expect(events.every((e) => e.orgId === org.id)).toBe(true);
        expect(events).toContainEqual(
          expect.objectContaining({
            action: 'key.create',
            outcome: 'ok',
            code: null,
            actorUserId: admin.userId,
            keyId: admin.key.id,
            targetType: 'apiKey',
            targetId: k.id,
          }),
        );
        expect(events).toContainEqual(
          expect.objectContaining({
            action: 'key.create',
            outcome: 'denied',
            code: 'FORBIDDEN',
            actorUserId: member.userId,
          }),
        );
        expect(events).toContainEqual(expect.objectContaining({ action: 'key.delete', outcome: 'ok', targetId: k.id }));
        expect(events).toContainEqual(
          expect.objectContaining({
            action: 'auth',
            outcome: 'denied',
            code: 'REVOKED',
            keyId: k.id,
            keyStart: k.start,
            actorUserId: null,
          }),
        );
        const text = JSON.stringify(events);
        for (const raw of raws) expect(text).not.toContain(raw.slice(START_LENGTH));

        const denied = await admin.backend.listAudit({ orgId: org.id, outcome: 'denied' });
        expect(denied.items.length).toBeGreaterThan(0);
        expect(denied.items.every((e) => e.outcome === 'denied')).toBe(true);
        const creates = await admin.backend.listAudit({ orgId: org.id, action: 'key.create', outcome: 'ok' });
        expect(creates.items.map((e) => e.targetId)).toContain(k.id);

        await refused(member.backend.listAudit({ orgId: org.id }), 'FORBIDDEN');
        await refused(admin.backend.listAudit({}), 'FORBIDDEN');
        expect((await w.superAdmin.listAudit({ limit: 5 })).items.length).toBe(5);
      });
    });

    describe('check a key', () => {
      it('valid, deleted, disabled, unknown, malformed and wrong-environment keys, revealing nothing else', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        expect(await w.superAdmin.checkKey(member.key.apiKey)).toEqual({
          valid: true,
          start: member.key.start,
          environment: 'sandbox',
          status: 'enabled',
        });
        expect(await w.superAdmin.checkKey(`  ${member.key.apiKey}\n`)).toMatchObject({ valid: true });
        // A ui-only key is a valid key, though the REST API refuses it.
        const uiOnly = remember(
          await admin.backend.createKey({ orgUserId: member.orgUserId, name: 'ui', scopes: ['ui'] }),
        );
        expect(await w.superAdmin.checkKey(uiOnly.apiKey)).toMatchObject({ valid: true, start: uiOnly.start });

        await admin.backend.updateKey(member.key.id, { status: 'disabled' });
        expect(await w.superAdmin.checkKey(member.key.apiKey)).toEqual({
          valid: false,
          code: 'DISABLED',
          reason: 'the key is disabled',
          start: member.key.start,
        });
        await admin.backend.deleteKey(member.key.id);
        expect(await w.superAdmin.checkKey(member.key.apiKey)).toEqual({
          valid: false,
          code: 'REVOKED',
          reason: 'the key was deleted',
          start: member.key.start,
        });

        const unknown = formatKey('sandbox', randomBytes(20));
        expect(await w.superAdmin.checkKey(unknown)).toEqual({
          valid: false,
          code: 'UNKNOWN_KEY',
          reason: 'no such key',
          start: unknown.slice(0, START_LENGTH),
        });
        const typo = `${member.key.apiKey.slice(0, 20)}${member.key.apiKey[20] === 'a' ? 'b' : 'a'}${member.key.apiKey.slice(21)}`;
        expect(await w.superAdmin.checkKey(typo)).toMatchObject({
          valid: false,
          code: 'MALFORMED_KEY',
          start: member.key.start,
        });
        expect(await w.superAdmin.checkKey('')).toMatchObject({ valid: false, code: 'MISSING_KEY', start: null });
        expect(await w.superAdmin.checkKey('hello')).toMatchObject({
          valid: false,
          code: 'MALFORMED_KEY',
          start: null,
        });
        const live = formatKey('production', randomBytes(20));
        const wrongEnv = await w.superAdmin.checkKey(live);
        expect(wrongEnv).toMatchObject({ valid: false, code: 'WRONG_ENVIRONMENT', start: live.slice(0, START_LENGTH) });
        for (const check of [wrongEnv, await w.superAdmin.checkKey(typo)]) {
          expect(JSON.stringify(check)).not.toContain(live.slice(START_LENGTH));
          expect(JSON.stringify(check)).not.toContain(typo.slice(START_LENGTH));
        }
      });
    });

    describe('bulk work (BulkRunner over this backend)', () => {
      it('disables, rolls and deletes many keys; each failure is reported with its code and the rest still happen', async () => {
        const org = await newOrg();
        const admin = await person(org.id, 'admin');
        const member = await person(org.id);
        const keys = [];
        for (let i = 0; i < 6; i++)
          keys.push(remember(await admin.backend.createKey({ orgUserId: member.orgUserId, name: `bulk ${i}` })));
        const runner = new BulkRunner();
        const rolledTo = new Map<number, CreatedKey>();
        const opts = {
          rolled: (oldId: number, k: CreatedKey) => {
            rolledTo.set(oldId, remember(k));
            return { key: metaOf(k), apiKey: k.apiKey, handle: `h${k.id}` };
          },
        };

        const disabling = runner.start(
          admin.backend,
          'disable',
          [...keys.slice(0, 4).map((k) => k.id), 999_999_999],
          opts,
        );
        const disabled = await runner.settle(disabling.jobId);
        expect(
          disabled.results
            .filter((r) => r.state === 'done')
            .map((r) => r.keyId)
            .sort((a, b) => a - b),
        ).toEqual(ids(keys.slice(0, 4)));
        expect(disabled.results.find((r) => r.keyId === 999_999_999)).toMatchObject({
          state: 'failed',
          code: 'NOT_FOUND',
        });
        for (const k of keys.slice(0, 4)) expect((await admin.backend.getKey(k.id)).status).toBe('disabled');
        expect((await admin.backend.getKey(keys[4].id)).status).toBe('enabled');

        const rolling = await runner.settle(
          runner.start(admin.backend, 'roll', [keys[4].id, keys[5].id], { ...opts, gracePeriodSeconds: 0 }).jobId,
        );
        expect(rolling.results.every((r) => r.state === 'done')).toBe(true);
        for (const k of [keys[4], keys[5]]) {
          await refused(w.as(k.apiKey).whoami(), 'EXPIRED');
          expect((await w.as(rolledTo.get(k.id)!.apiKey).whoami()).key?.name).toBe(k.name);
        }

        const outsider = await person((await newOrg()).id, 'admin');
        const deleting = await runner.settle(runner.start(outsider.backend, 'delete', [keys[0].id], opts).jobId);
        expect(deleting.results[0]).toMatchObject({ state: 'failed', code: 'FORBIDDEN' });
        const deleted = await runner.settle(runner.start(admin.backend, 'delete', ids(keys.slice(0, 4)), opts).jobId);
        expect(deleted.results.every((r) => r.state === 'done')).toBe(true);
        expect((await admin.backend.listKeys({ orgUserId: member.orgUserId })).items.map((k) => k.id)).not.toContain(
          keys[0].id,
        );
      });
    });
  });
}
