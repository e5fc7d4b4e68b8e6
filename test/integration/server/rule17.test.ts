// docs/rules.md rule 17 over HTTP: an org admin's key and an org key cannot lock the super admin out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectStatus, worldOnServer, type Running, type World } from './support';

let s: Running;
let w: World;
let c: Awaited<ReturnType<typeof worldOnServer>>['c'];
let orgKey: string;
let ownerKeyId: number;

beforeAll(async () => {
  ({ s, w, c } = await worldOnServer());
  const o = { key: s.ownerKey };
  orgKey = expectStatus(await c.post('/user/apiKey', { orgId: w.orgA, kind: 'org', name: 'site' }, o), 201).json
    .apiKey as string;
  ownerKeyId = expectStatus(await c.get('/user/users/me', o), 200).json.key.id as number;
});
afterAll(() => s.stop());

describe('rule 17: only a super admin may deactivate, remove or demote a super admin’s membership, or disable, delete or roll a super admin’s key', () => {
  it('an org admin and an org key get 403 FORBIDDEN over HTTP, and the super admin keeps working', async () => {
    const member = `/user/org/${w.orgA}/user/${w.owner.userId}`;
    for (const key of [w.adminA.key, orgKey]) {
      const o = { key };
      expectError(await c.patch(member, { status: 'inactive' }, o), 403, 'FORBIDDEN');
      expectError(await c.patch(member, { role: 'member' }, o), 403, 'FORBIDDEN');
      expectError(await c.delete(member, o), 403, 'FORBIDDEN');
      expectError(await c.patch(`/user/apiKey/${ownerKeyId}`, { status: 'disabled' }, o), 403, 'FORBIDDEN');
      expectError(await c.delete(`/user/apiKey/${ownerKeyId}`, o), 403, 'FORBIDDEN');
      expectError(await c.post(`/user/apiKey/${ownerKeyId}/roll`, {}, o), 403, 'FORBIDDEN');
    }
    const me = expectStatus(await c.get('/user/users/me', { key: s.ownerKey }), 200).json;
    expect(me).toMatchObject({ isSuperAdmin: true, role: 'admin', key: { id: ownerKeyId, status: 'enabled' } });
  });
});
