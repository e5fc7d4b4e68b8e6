// The audit log's reader: who may read which events, newest first, its filters and paging.
import { describe, expect, it } from 'vitest';
import { HOUR, World, expectCode } from './helpers';

describe('audit log reader', () => {
  it('needs orgId unless the caller is a super admin; only admins of that org read it', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' });
    expectCode(() => w.engine.audit.list(w.as(admin.key, 'GET'), {}), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(orgKey.apiKey, 'GET'), {}), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgB }), 'FORBIDDEN');
    expectCode(() => w.engine.audit.list(w.as(m.key, 'GET'), { orgId: w.orgA }), 'FORBIDDEN');
    const mine = w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgA }).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.orgId === w.orgA)).toBe(true);
    expect(w.engine.audit.list(w.as(orgKey.apiKey, 'GET'), { orgId: w.orgA }).items.length).toBeGreaterThan(0);
    // The whole log, org-less failed authentications included, is the super admin's.
    expectCode(() => w.as('kw_test_nothing', 'GET'), 'MALFORMED_KEY');
    const all = w.engine.audit.list(w.as(w.ownerKey, 'GET'), {}).items;
    expect(all.some((e) => e.orgId === null && e.action === 'auth')).toBe(true);
    expect(all.some((e) => e.orgId === w.orgB)).toBe(true);
  });

  it('is newest first and filters by action, outcome, key, actor and time', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const m = w.person(w.orgA, 'member');
    w.clock.advance(HOUR);
    const t1 = w.clock.iso();
    w.engine.keys.update(w.as(admin.key), m.keyId, { status: 'disabled' });
    w.clock.advance(HOUR);
    const t2 = w.clock.iso();
    w.engine.keys.update(w.as(admin.key), m.keyId, { status: 'enabled' });
    expectCode(() => w.engine.directory.listMembers(w.as(m.key, 'GET'), w.orgA), 'FORBIDDEN');

    const all = w.engine.audit.list(w.owner, { orgId: w.orgA }).items;
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const q = (extra: object) => w.engine.audit.list(w.owner, { orgId: w.orgA, ...extra }).items;
    expect(q({ action: 'key.disable' }).map((e) => e.targetId)).toEqual([m.keyId]);
    expect(q({ outcome: 'denied' }).map((e) => [e.action, e.code])).toEqual([['member.list', 'FORBIDDEN']]);
    expect(q({ keyId: admin.keyId }).map((e) => e.action)).toEqual(['key.enable', 'key.disable']);
    expect(q({ actorUserId: m.userId }).every((e) => e.actorUserId === m.userId)).toBe(true);
    expect(q({ since: t1, until: t2 }).map((e) => e.action)).toEqual(['key.disable']);
    expect(q({ since: t2 }).map((e) => e.action)).toEqual(['member.list', 'key.enable']);
    expect(q({ until: t1 })).toHaveLength(all.length - 3);
  });

  it('pages newest first without gaps or repeats', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (let i = 0; i < 7; i++) w.engine.keys.update(w.owner, m.keyId, { name: `n${i}` });
    const full = w.engine.audit.list(w.owner, { orgId: w.orgA }).items.map((e) => e.id);
    const paged: number[] = [];
    let cursor: string | undefined;
    do {
      const page = w.engine.audit.list(w.owner, { orgId: w.orgA, limit: 3, cursor });
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(full);
    expect(full.length).toBeGreaterThan(7);
  });

  it('records file reads under the file’s org', () => {
    const w = new World();
    const admin = w.person(w.orgA, 'admin');
    const f = w.engine.files.upload(w.as(admin.key), {
      filename: 'a.txt',
      contentType: 'text/plain',
      bytes: Buffer.from('hi'),
    });
    expect(w.engine.files.content(w.as(admin.key, 'GET'), f.id).bytes.toString()).toBe('hi');
    const reads = w.engine.audit.list(w.as(admin.key, 'GET'), { orgId: w.orgA, action: 'file.read' }).items;
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ targetType: 'file', targetId: f.id, actorUserId: admin.userId });
  });
});
