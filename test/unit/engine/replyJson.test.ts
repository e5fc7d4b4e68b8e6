// me()'s replies carry their JSON text (src/main/engine/replyJson.ts), which the server
// sends instead of serializing the object: it must be exactly JSON.stringify of the reply,
// whatever the caller and however the key was last used.
import { describe, expect, it } from 'vitest';
import { jsonOf } from '../../../src/main/engine/replyJson';
import type { Me } from '../../../src/shared/domain';
import { World } from './helpers';

function expectTrueText(reply: Me): void {
  const text = jsonOf(reply);
  expect(text).toBeDefined();
  expect(text).toBe(JSON.stringify(reply));
}

describe("me()'s recorded JSON text", () => {
  it('is the reply exactly: a user key before and after its pending use is written, from several addresses', () => {
    const w = new World();
    const p = w.person(w.orgA);
    const ctx = (ip: string | null, userAgent: string | null) => ({
      method: 'GET',
      scope: 'rest' as const,
      ip,
      userAgent,
    });
    const seen: string[] = [];
    for (const [ip, ua] of [
      [null, null],
      ['127.0.0.1', 'curl/8 "quoted" \\ slash'],
      ['::1', null],
      [null, 'ünïcode agent'],
    ] as const) {
      w.clock.advance(1500);
      const reply = w.engine.me(w.engine.authenticate(p.key, ctx(ip, ua)));
      expectTrueText(reply);
      expect(reply.key?.lastUsedAt).toBe(w.clock.iso());
      expect(reply.key?.lastUsedFrom).toEqual(
        ip === null && ua === null ? null : { ip: ip ?? '', userAgent: ua ?? '' },
      );
      seen.push(jsonOf(reply)!);
      w.engine.flush();
      // Written: the kept reply is read again, with the stored use.
      const stored = w.engine.me(w.engine.authenticate(p.key, ctx(ip, ua)));
      expectTrueText(stored);
    }
    expect(new Set(seen).size).toBe(4);
  });

  it('is the reply exactly for an org key, an impersonated user and the local owner without a key', () => {
    const w = new World();
    const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'org "key"' });
    expectTrueText(w.engine.me(w.as(orgKey.apiKey, 'GET')));
    const target = w.person(w.orgA);
    const admin = w.person(w.orgA, 'admin', { canImpersonate: true });
    const acting = w.as(admin.key, 'GET', String(target.userId));
    const reply = w.engine.me(acting);
    expect(reply.impersonatedBy?.id).toBe(admin.userId);
    expectTrueText(reply);
    expectTrueText(w.engine.me(w.engine.owner()));
  });
});
