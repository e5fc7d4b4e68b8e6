// Pagination of the engine's lists: page sizes and cursors, bad cursors refused.
import { describe, expect, it } from 'vitest';
import { pageQuerySchema } from '../../../src/shared/domain';
import { World, expectCode } from './helpers';

const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('pagination', () => {
  it('limit and nextCursor walk a list in id order; the last page has nextCursor null', () => {
    const w = new World();
    for (let i = 0; i < 5; i++) w.engine.directory.createOrg(w.owner, { name: `Org ${i}` });
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = w.engine.directory.listOrgs(w.owner, { limit: 3, cursor });
      pages.push(page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(w.engine.directory.listOrgs(w.owner).items.map((o) => o.id));
    expect(w.engine.directory.listOrgs(w.owner, { limit: 7 }).nextCursor).toBeNull();
    expect(w.engine.directory.listOrgs(w.owner, { limit: 6 }).nextCursor).not.toBeNull();
  });

  it('the default page is 100 items', () => {
    const w = new World();
    const m = w.person(w.orgA);
    w.engine.keys.createMany(
      w.owner,
      Array.from({ length: 120 }, (_, i) => ({ orgUserId: m.orgUserId, name: `k${i}` })),
    );
    const first = w.engine.keys.list(w.owner, { orgUserId: m.orgUserId });
    expect(first.items).toHaveLength(100);
    const second = w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items).toHaveLength(21);
    expect(new Set([...first.items, ...second.items].map((k) => k.id)).size).toBe(121);
  });

  it('a cursor this engine did not issue is 400', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (const cursor of [
      'garbage!',
      'c:1',
      cursorOf('c:-1'),
      cursorOf('x:5'),
      cursorOf('c:1.5'),
      cursorOf('c:9999999999999999'),
      cursorOf('c:'),
    ]) {
      expectCode(() => w.engine.directory.listOrgs(w.owner, { cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.audit.list(w.owner, { cursor }), 'BAD_REQUEST');
      expectCode(() => w.engine.directory.listMembers(w.owner, w.orgA, { cursor }), 'BAD_REQUEST');
    }
    expect(w.engine.directory.listOrgs(w.owner, { cursor: cursorOf('c:1') }).items.map((o) => o.id)).toEqual([w.orgB]);
  });

  it('limits outside 1..1000 are 400 in the engine too', () => {
    const w = new World();
    const m = w.person(w.orgA);
    for (const limit of [0, -1, 1001, 1.5, Number.NaN]) {
      expectCode(() => w.engine.directory.listOrgs(w.owner, { limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.keys.list(w.owner, { orgUserId: m.orgUserId, limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.audit.list(w.owner, { limit }), 'BAD_REQUEST');
      expectCode(() => w.engine.directory.listMembers(w.owner, w.orgA, { limit }), 'BAD_REQUEST');
    }
    expect(w.engine.directory.listOrgs(w.owner, { limit: 1000 }).items).toHaveLength(2);
    expect(w.engine.directory.listOrgs(w.owner, { limit: 1 }).items).toHaveLength(1);
  });

  it('limits outside 1..1000 are refused by the schema', () => {
    for (const limit of [0, -1, 1001, 1.5])
      expect(pageQuerySchema.safeParse({ limit }).success, String(limit)).toBe(false);
    for (const limit of [1, 1000]) expect(pageQuerySchema.safeParse({ limit }).success).toBe(true);
  });
});
