// docs/rules.md rules 8–10: disable and delete, read-only keys, scopes.
import { describe, expect, it } from 'vitest';
import { createKeySchema } from '../../../src/shared/domain';
import { DAY, World, expectCode } from './helpers';

describe('docs/rules.md rules', () => {
  describe('rule 8: disable is reversible; delete is a permanent revoke; other keys are untouched', () => {
    it('a disabled key fails with DISABLED and works again when enabled', () => {
      const w = new World();
      const p = w.person(w.orgA);
      expect(w.engine.keys.update(w.owner, p.keyId, { status: 'disabled' }).status).toBe('disabled');
      expectCode(() => w.as(p.key, 'GET'), 'DISABLED');
      expect(w.engine.keys.update(w.owner, p.keyId, { status: 'enabled' }).status).toBe('enabled');
      expect(w.as(p.key, 'GET').key?.id).toBe(p.keyId);
    });

    it('a deleted key fails with REVOKED for good: it cannot be enabled, edited, rolled or deleted again', () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.engine.keys.remove(w.owner, p.keyId);
      expectCode(() => w.as(p.key, 'GET'), 'REVOKED');
      expect(w.engine.keys.get(w.owner, p.keyId).revokedAt).toBe(w.clock.iso());
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { status: 'enabled' }), 'CONFLICT');
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { name: 'revived?' }), 'CONFLICT');
      expectCode(() => w.engine.keys.roll(w.owner, p.keyId, {}), 'CONFLICT');
      expectCode(() => w.engine.keys.remove(w.owner, p.keyId), 'CONFLICT');
      w.reopen();
      expectCode(() => w.as(p.key, 'GET'), 'REVOKED');
    });

    it('disabling or deleting one key leaves the others, of the same membership too, exactly as they were', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const sibling = w.key({ orgUserId: p.orgUserId, name: 'sibling', readOnly: true, expiresAt: w.clock.iso(DAY) });
      const other = w.person(w.orgA);
      const snapshot = () =>
        [sibling.id, other.keyId, w.as(w.ownerKey, 'GET').key!.id].map((id) => w.engine.keys.get(w.owner, id));
      const before = snapshot();
      w.engine.keys.update(w.owner, p.keyId, { status: 'disabled' });
      w.engine.keys.remove(w.owner, p.keyId);
      expect(snapshot().map(({ lastUsedAt: _u, ...m }) => m)).toEqual(before.map(({ lastUsedAt: _u, ...m }) => m));
      expect(w.as(sibling.apiKey, 'GET').userId).toBe(p.userId);
      expect(w.as(other.key, 'GET').userId).toBe(other.userId);
    });
  });

  describe('rule 9: a read-only key may only make GET and HEAD requests', () => {
    it('GET and HEAD pass, every other method is READ_ONLY', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin', { readOnly: true });
      for (const m of ['GET', 'HEAD', 'get', 'head']) expect(w.as(p.key, m).userId).toBe(p.userId);
      for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post', 'TRACE', 'CONNECT']) {
        const e = expectCode(() => w.as(p.key, m), 'READ_ONLY');
        expect(e.status).toBe(403);
      }
      const rw = w.person(w.orgA, 'admin');
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(w.as(rw.key, m).userId).toBe(rw.userId);
    });

    it('read-only is a property of the key, not of the user: the same user’s other key may write', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin', { readOnly: true });
      expect(w.engine.keys.get(w.owner, p.keyId).readOnly).toBe(true);
      const rw = w.key({ orgUserId: p.orgUserId, name: 'rw' });
      expect(rw.readOnly).toBe(false);
      expect(w.as(rw.apiKey, 'DELETE').userId).toBe(p.userId);
    });
  });

  describe('rule 10: scopes ⊆ {ui, rest, integration}, default ["rest"]; empty or unknown is 400; rest for REST, integration for imports; ui-only refused', () => {
    it('scopes default to ["rest"] and are stored as given', () => {
      const w = new World();
      const p = w.person(w.orgA);
      expect(w.key({ orgUserId: p.orgUserId, name: 'default' }).scopes).toEqual(['rest']);
      expect(w.key({ orgId: w.orgA, kind: 'org', name: 'default' }).scopes).toEqual(['rest']);
      const k = w.key({ orgUserId: p.orgUserId, name: 'all', scopes: ['ui', 'rest', 'integration'] });
      expect(w.engine.keys.get(w.owner, k.id).scopes).toEqual(['ui', 'rest', 'integration']);
    });

    it('empty, unknown or repeated scopes are refused by the input schema (400)', () => {
      const base = { orgUserId: 1, name: 'k' };
      expect(createKeySchema.safeParse(base).success).toBe(true);
      for (const ok of [['rest'], ['ui'], ['rest', 'integration'], ['ui', 'rest', 'integration']]) {
        expect(createKeySchema.safeParse({ ...base, scopes: ok }).success, ok.join()).toBe(true);
      }
      for (const bad of [[], ['admin'], ['rest', 'admin'], ['REST'], ['rest', 'rest'], 'rest', null, [1]]) {
        expect(createKeySchema.safeParse({ ...base, scopes: bad }).success, JSON.stringify(bad)).toBe(false);
        expect(createKeySchema.safeParse({ orgId: 1, kind: 'org', name: 'k', scopes: bad }).success).toBe(false);
      }
    });

    it('rest is needed for every REST call; integration additionally for imports', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const mk = (scopes: ('ui' | 'rest' | 'integration')[]) =>
        w.key({ orgUserId: p.orgUserId, name: scopes.join('+'), scopes }).apiKey;
      const call = (raw: string, scope: 'rest' | 'integration') =>
        w.engine.authenticate(raw, { method: 'POST', scope });
      const restOnly = mk(['rest']);
      expect(call(restOnly, 'rest').userId).toBe(p.userId);
      expectCode(() => call(restOnly, 'integration'), 'SCOPE_DENIED');
      const both = mk(['rest', 'integration']);
      expect(call(both, 'rest').userId).toBe(p.userId);
      expect(call(both, 'integration').userId).toBe(p.userId);
      const integrationOnly = mk(['integration']);
      expectCode(() => call(integrationOnly, 'rest'), 'SCOPE_DENIED');
      expectCode(() => call(integrationOnly, 'integration'), 'SCOPE_DENIED');
    });

    it('a ui-only key is refused by the REST API', () => {
      const w = new World();
      const p = w.person(w.orgA, 'admin', { scopes: ['ui'] });
      for (const scope of ['rest', 'integration'] as const) {
        for (const method of ['GET', 'POST']) {
          const e = expectCode(() => w.engine.authenticate(p.key, { method, scope }), 'SCOPE_DENIED');
          expect(e.status).toBe(403);
        }
      }
      const uiAndIntegration = w.key({ orgUserId: p.orgUserId, name: 'ui+int', scopes: ['ui', 'integration'] });
      expectCode(
        () => w.engine.authenticate(uiAndIntegration.apiKey, { method: 'POST', scope: 'integration' }),
        'SCOPE_DENIED',
      );
    });
  });
});
