// Key actions through the real main-process services: the one-time key display, production's
// typed confirmation and bulk work.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allBytes, allKeys, startTestApp, type TestApp } from '../../support/mainServices';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('one-time key display', () => {
  it('returns the key once with a handle; copy goes through main by handle; forgetting ends it', async () => {
    const [acme] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: acme.id });
    const created = await app.call('createKey', { orgUserId: member.id, name: 'one-time test' });
    expect(created.apiKey).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
    expect(created.key.start).toBe(created.apiKey.slice(0, 12));
    expect(created.key).not.toHaveProperty('apiKey');

    const copied = await app.call('copySecret', { handle: created.handle });
    expect(copied.clearsInSeconds).toBe(30);
    expect(app.clipboard.text).toBe(created.apiKey);

    await app.call('forgetSecret', { handle: created.handle });
    expect((await app.fail('copySecret', { handle: created.handle })).code).toBe('NOT_FOUND');

    // Nothing but the create reply ever carried it.
    const replies = JSON.stringify([
      await app.call('listKeys', { orgId: acme.id, includeRevoked: true }),
      await app.call('listAudit', {}),
      await app.call('getSession'),
    ]);
    expect(replies).not.toContain(created.apiKey);
    await app.services.close();
    expect(allBytes(app.dataDir).includes(Buffer.from(created.apiKey))).toBe(false);
    expect(allBytes(app.dataDir).includes(Buffer.from(created.apiKey.slice(12)))).toBe(false);
    app = await startTestApp(); // afterEach closes a fresh one
  });

  it('clears the clipboard after the delay only if it still holds the key', async () => {
    const quick = await startTestApp({ clipboardClearMs: 50 });
    try {
      const [acme] = await quick.call('listOrgs');
      const [member] = await quick.call('listMembers', { orgId: acme.id });
      const a = await quick.call('createKey', { orgUserId: member.id, name: 'a' });
      await quick.call('copySecret', { handle: a.handle });
      expect(quick.clipboard.text).toBe(a.apiKey);
      await vi.waitFor(() => expect(quick.clipboard.text).toBe(''), { timeout: 5000 });

      const b = await quick.call('createKey', { orgUserId: member.id, name: 'b' });
      await quick.call('copySecret', { handle: b.handle });
      quick.clipboard.writeText('something the user copied since');
      await new Promise((r) => setTimeout(r, 200));
      expect(quick.clipboard.text).toBe('something the user copied since');
    } finally {
      await quick.close();
    }
  });

  it('forgets held keys when the profile changes', async () => {
    const [acme] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: acme.id });
    const created = await app.call('createKey', { orgUserId: member.id, name: 'held' });
    const other = await app.call('createProfile', { backend: 'local', name: 'Other', environment: 'sandbox' });
    await app.call('switchProfile', { id: other.id });
    expect((await app.fail('copySecret', { handle: created.handle })).code).toBe('NOT_FOUND');
  });
});

describe('production typed confirmation', () => {
  it('needs the key name typed to delete, disable or roll a key in production, not in sandbox', async () => {
    const prod = await app.call('createProfile', { backend: 'local', name: 'Prod', environment: 'production' });
    await app.call('switchProfile', { id: prod.id });
    const [org] = await app.call('listOrgs');
    const [owner] = await app.call('listMembers', { orgId: org.id });
    const k = await app.call('createKey', { orgUserId: owner.id, name: 'payments' });
    expect(k.apiKey.startsWith('kw_live_')).toBe(true);

    for (const [op, payload] of [
      ['deleteKey', { id: k.key.id }],
      ['deleteKey', { id: k.key.id, confirm: 'Payments' }],
      ['updateKey', { id: k.key.id, patch: { status: 'disabled' } }],
      ['rollKey', { id: k.key.id, gracePeriodSeconds: 0, confirm: 'wrong' }],
      ['startBulk', { action: 'delete', keyIds: [k.key.id], confirm: 'prod' }],
    ] as const) {
      const err = await app.fail(op, payload);
      expect(err.code, op).toBe('BAD_REQUEST');
      expect(err.message).toMatch(/production/);
    }
    const member = await app.call('addMember', {
      orgId: org.id,
      member: { email: 'ops@example.com', firstName: 'O', lastName: 'Ps' },
    });
    expect((await app.fail('updateUser', { userId: member.userId, patch: { status: 'disabled' } })).code).toBe(
      'BAD_REQUEST',
    );
    expect(
      (
        await app.fail('updateUser', {
          userId: member.userId,
          orgId: org.id,
          patch: { status: 'disabled' },
          confirm: 'ops',
        })
      ).message,
    ).toMatch(/production/);
    const disabled = await app.call('updateUser', {
      userId: member.userId,
      orgId: org.id,
      patch: { status: 'disabled' },
      confirm: 'ops@example.com',
    });
    expect(disabled.status).toBe('disabled');
    // Re-enabling is not destructive and needs nothing typed.
    expect((await app.call('updateUser', { userId: member.userId, patch: { status: 'active' } })).status).toBe(
      'active',
    );
    expect((await app.call('getSession')).profile.environment).toBe('production');
    await app.call('updateKey', { id: k.key.id, patch: { status: 'disabled' }, confirm: 'payments' });
    await app.call('deleteKey', { id: k.key.id, confirm: 'payments' });
    const after = await app.call('listKeys', { orgId: org.id, includeRevoked: true });
    expect(after.items.find((x: any) => x.id === k.key.id).revokedAt).not.toBeNull();
  });
});

describe('bulk work', () => {
  it('disables many keys across orgs with a result per key; a failure hides nothing', async () => {
    const orgs = await app.call('listOrgs');
    const keys = [...(await allKeys(app, orgs[0].id)), ...(await allKeys(app, orgs[1].id))];
    const ids = keys.map((k) => k.id);
    const revoked = keys.filter((k) => k.revokedAt).map((k) => k.id);
    expect(revoked.length).toBeGreaterThan(0);
    const job = await app.call('startBulk', { action: 'disable', keyIds: ids });
    const done = await app.services.bulk.settle(job.jobId);
    expect(done.total).toBe(ids.length);
    expect(done.finished).toBe(ids.length);
    for (const r of done.results) {
      if (revoked.includes(r.keyId)) expect(r).toMatchObject({ state: 'failed', code: 'CONFLICT' });
      else if (keys.find((k) => k.id === r.keyId).rolledTo)
        expect(r).toMatchObject({ state: 'failed', code: 'CONFLICT' });
      else expect(r.state).toBe('done');
    }
    const status = await app.call('bulkStatus', { jobId: job.jobId });
    expect(status.running).toBe(false);
  });

  it('rolls keys in bulk, holding each new key once; cancel stops the rest', async () => {
    const [acme] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: acme.id });
    const made = [];
    for (let i = 0; i < 40; i++)
      made.push((await app.call('createKey', { orgUserId: member.id, name: `bulk ${i}` })).key.id);
    const job = await app.call('startBulk', { action: 'roll', keyIds: made, gracePeriodSeconds: 60 });
    const cancelled = await app.call('cancelBulk', { jobId: job.jobId });
    expect(cancelled.cancelled).toBe(true);
    const done = await app.services.bulk.settle(job.jobId);
    const states = done.results.map((r) => r.state);
    expect(states.every((s) => s === 'done' || s === 'cancelled')).toBe(true);
    expect(states.filter((s) => s === 'cancelled').length).toBeGreaterThan(0);
    for (const r of done.results.filter((x) => x.state === 'done')) {
      expect(r.newKey?.apiKey).toMatch(/^kw_test_/);
      await app.call('copySecret', { handle: r.newKey!.handle });
    }
  });

  it('sends each rolled key over IPC in one status reply only', async () => {
    const [acme] = await app.call('listOrgs');
    const [member] = await app.call('listMembers', { orgId: acme.id });
    const ids = [];
    for (let i = 0; i < 8; i++)
      ids.push((await app.call('createKey', { orgUserId: member.id, name: `once ${i}` })).key.id);
    const replies = [await app.call('startBulk', { action: 'roll', keyIds: ids })];
    await app.services.bulk.settle(replies[0].jobId);
    replies.push(await app.call('bulkStatus', { jobId: replies[0].jobId }));
    replies.push(await app.call('bulkStatus', { jobId: replies[0].jobId }));
    const seen = replies.flatMap((r) => r.results.filter((x: any) => x.newKey).map((x: any) => x.newKey.apiKey));
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen).size).toBe(ids.length);
    expect(replies[2].results.every((x: any) => x.newKey === null && x.state === 'done')).toBe(true);
  });
});
