// docs/policies-and-labels.md through the desktop app's IPC operations: the policy in production needs the
// org's name typed (checked in main), bulk roll reports policy refusals per key, a roll
// may give the new key its own expiry, and labels travel on create, update and list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/mainServices';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const DAY = 86_400_000;
const OPEN = {
  maxLifetimeDays: null,
  requireExpiry: false,
  maxGraceSeconds: null,
  allowedScopes: ['ui', 'rest', 'integration'],
  allowOrgKeys: true,
  allowImpersonation: true,
};

describe('policy over IPC', () => {
  it('in production, changing the policy needs the org name typed; nothing changes without it', async () => {
    const prod = await app.call('createProfile', { backend: 'local', name: 'Prod', environment: 'production' });
    await app.call('switchProfile', { id: prod.id });
    const [org] = await app.call('listOrgs');
    const strict = { ...OPEN, maxLifetimeDays: 30, requireExpiry: true, allowOrgKeys: false };
    for (const confirm of [undefined, 'default', 'wrong']) {
      const err = await app.fail('putPolicy', { orgId: org.id, policy: strict, ...(confirm ? { confirm } : {}) });
      expect(err.code).toBe('BAD_REQUEST');
      expect(err.message).toMatch(/production.*org's name/);
    }
    expect(await app.call('getPolicy', { orgId: org.id })).toEqual(OPEN);
    expect(await app.call('putPolicy', { orgId: org.id, policy: strict, confirm: org.name })).toEqual(strict);
    expect(await app.call('getPolicy', { orgId: org.id })).toEqual(strict);
  });

  it('bad input (unknown field, empty allowedScopes, maxLifetimeDays 0) → BAD_REQUEST and nothing changed', async () => {
    const [org] = await app.call('listOrgs');
    for (const policy of [
      { ...OPEN, extra: 1 },
      { ...OPEN, allowedScopes: [] },
      { ...OPEN, maxLifetimeDays: 0 },
    ]) {
      expect((await app.fail('putPolicy', { orgId: org.id, policy })).code).toBe('BAD_REQUEST');
      expect((await app.fail('previewPolicy', { orgId: org.id, policy })).code).toBe('BAD_REQUEST');
    }
    expect(await app.call('getPolicy', { orgId: org.id })).toEqual(OPEN);
  });

  it('bulk roll reports each refusal by the policy with its key; compliant keys roll', async () => {
    const [org] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: org.id });
    const soon = new Date(Date.now() + DAY).toISOString();
    const ok = (await app.call('createKey', { orgUserId: member.id, name: 'dated', expiresAt: soon })).key.id;
    const bare = (await app.call('createKey', { orgUserId: member.id, name: 'bare' })).key.id;
    await app.call('putPolicy', { orgId: org.id, policy: { ...OPEN, requireExpiry: true } });
    const job = await app.call('startBulk', { action: 'roll', keyIds: [ok, bare], gracePeriodSeconds: 0 });
    const done = await app.services.bulk.settle(job.jobId);
    const byId = new Map(done.results.map((r: any) => [r.keyId, r]));
    expect(byId.get(ok)).toMatchObject({ state: 'done', code: null });
    expect(byId.get(bare)).toMatchObject({ state: 'failed', code: 'POLICY_VIOLATION' });
    expect((byId.get(bare) as any).message).toContain('requireExpiry');
  });

  it('a roll with expiresAt turns a non-compliant key into a compliant one; labels are kept', async () => {
    const [org] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: org.id });
    const k = await app.call('createKey', { orgUserId: member.id, name: 'old', labels: { team: 'ops' } });
    await app.call('putPolicy', { orgId: org.id, policy: { ...OPEN, maxLifetimeDays: 7 } });
    expect((await app.fail('rollKey', { id: k.key.id, gracePeriodSeconds: 0 })).code).toBe('POLICY_VIOLATION');
    const expiresAt = new Date(Date.now() + 7 * DAY - 60_000).toISOString();
    const rolled = await app.call('rollKey', { id: k.key.id, gracePeriodSeconds: 0, expiresAt });
    expect(rolled.key).toMatchObject({ expiresAt, labels: { team: 'ops' } });
  });

  it('labels: set on create, replaced by update, filtered in the list; invalid ones are refused', async () => {
    const [org] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: org.id });
    const k = await app.call('createKey', { orgUserId: member.id, name: 'l', labels: { team: 'payments' } });
    expect(k.key.labels).toEqual({ team: 'payments' });
    const updated = await app.call('updateKey', { id: k.key.id, patch: { labels: { team: 'search', env: 'dev' } } });
    expect(updated.labels).toEqual({ env: 'dev', team: 'search' });
    const page = await app.call('listKeys', { orgId: org.id, label: ['team:search', 'env'] });
    expect(page.items.map((x: any) => x.id)).toEqual([k.key.id]);
    expect((await app.fail('updateKey', { id: k.key.id, patch: { labels: { Team: 'x' } } })).code).toBe('BAD_REQUEST');
    expect((await app.fail('listKeys', { orgId: org.id, label: ['Team:x'] })).code).toBe('BAD_REQUEST');
  });
});
