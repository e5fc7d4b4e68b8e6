// docs/rules.md: verification codes, their order, the "check a key" verdict and lastUsedAt.
// One file over ~300 lines on purpose: the verification codes are one ordered sequence, and
// the order tests need every code beside the others.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { ERROR_STATUS } from '../../../src/shared/errors';
import { START_LENGTH, formatKey } from '../../../src/shared/keyFormat';
import { HOUR, World, expectCode } from './helpers';

const typo = (key: string, at: number): string => key.slice(0, at) + (key[at] === 'a' ? 'b' : 'a') + key.slice(at + 1);

describe('docs/rules.md verification', () => {
  it('every code has the status of the table in docs/rules.md', () => {
    const table: Record<number, string[]> = {
      401: [
        'MISSING_KEY',
        'MALFORMED_KEY',
        'WRONG_ENVIRONMENT',
        'UNKNOWN_KEY',
        'REVOKED',
        'DISABLED',
        'EXPIRED',
        'INACTIVE_USER',
      ],
      403: ['SCOPE_DENIED', 'READ_ONLY', 'IMPERSONATION_DENIED', 'FORBIDDEN'],
      400: ['BAD_REQUEST'],
      404: ['NOT_FOUND'],
      409: ['CONFLICT'],
      413: ['PAYLOAD_TOO_LARGE'],
    };
    for (const [status, codes] of Object.entries(table)) {
      for (const code of codes) expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], code).toBe(Number(status));
    }
  });

  describe('codes', () => {
    it('MISSING_KEY: no key, or only whitespace', () => {
      const w = new World();
      for (const raw of [undefined, null, '', '   ', '\n\t'])
        expectCode(() => w.as(raw as string, 'GET'), 'MISSING_KEY');
    });

    it('MALFORMED_KEY: wrong length, prefix or alphabet, a one-character typo, a truncation', () => {
      const w = new World();
      const k = w.ownerKey;
      const cases = [
        'hello',
        k.slice(0, 40),
        k.slice(0, 12),
        k + 'A',
        k.replace('kw_test_', 'kw_prod_'),
        k.replace('kw_test_', 'KW_TEST_'),
        k.replace('kw_test_', 'kw-test-'),
        k.slice(0, 20) + '-' + k.slice(21),
        k.slice(0, 20) + ' ' + k.slice(21),
        typo(k, 8),
        typo(k, 20),
        typo(k, 34),
        typo(k, 35),
        typo(k, 40),
        k.slice(0, 39) + k[40] + k[39],
      ];
      for (const raw of cases) {
        if (raw === k) continue;
        const e = expectCode(() => w.as(raw, 'GET'), 'MALFORMED_KEY');
        if (raw.length > START_LENGTH + 8) expect(e.message).not.toContain(raw.slice(START_LENGTH));
      }
      expect(w.as(k, 'GET').userId).toBe(w.ownerUserId);
    });

    it('WRONG_ENVIRONMENT: a kw_test_ key on a production database, a kw_live_ key on a sandbox one', () => {
      const sandbox = new World('sandbox');
      const production = new World('production');
      expect(sandbox.ownerKey.startsWith('kw_test_')).toBe(true);
      expect(production.ownerKey.startsWith('kw_live_')).toBe(true);
      expectCode(() => production.as(sandbox.ownerKey, 'GET'), 'WRONG_ENVIRONMENT');
      expectCode(() => sandbox.as(production.ownerKey, 'GET'), 'WRONG_ENVIRONMENT');
      // Decided before the lookup: a well-formed key of the other environment that exists nowhere.
      expectCode(() => sandbox.as(formatKey('production', randomBytes(20)), 'GET'), 'WRONG_ENVIRONMENT');
      expectCode(() => production.as(formatKey('sandbox', randomBytes(20)), 'GET'), 'WRONG_ENVIRONMENT');
      expect(production.as(production.ownerKey, 'GET').userId).toBe(production.ownerUserId);
    });

    it('UNKNOWN_KEY: well formed, right environment, not in the database', () => {
      const w = new World();
      expectCode(() => w.as(formatKey('sandbox', randomBytes(20)), 'GET'), 'UNKNOWN_KEY');
      expectCode(() => w.as(formatKey('sandbox', new Uint8Array(20)), 'GET'), 'UNKNOWN_KEY');
      // The same key minted in another database is unknown here.
      const elsewhere = new World();
      expectCode(() => w.as(elsewhere.ownerKey, 'GET'), 'UNKNOWN_KEY');
    });

    it('REVOKED, DISABLED, EXPIRED', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const revoked = w.key({ orgUserId: p.orgUserId, name: 'revoked' });
      const disabled = w.key({ orgUserId: p.orgUserId, name: 'disabled' });
      const expired = w.key({ orgUserId: p.orgUserId, name: 'expired', expiresAt: w.clock.iso(HOUR) });
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      w.clock.advance(HOUR);
      expectCode(() => w.as(revoked.apiKey, 'GET'), 'REVOKED');
      expectCode(() => w.as(disabled.apiKey, 'GET'), 'DISABLED');
      expectCode(() => w.as(expired.apiKey, 'GET'), 'EXPIRED');
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
    });

    it('INACTIVE_USER: disabled user, inactive membership, removed membership; never for org keys', () => {
      const w = new World();
      const disabled = w.person(w.orgA, 'admin');
      const inactive = w.person(w.orgA, 'admin');
      const removed = w.person(w.orgA, 'admin');
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, w.as(removed.key));
      w.engine.directory.updateUser(w.owner, disabled.userId, { status: 'disabled' });
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
      w.engine.directory.removeMember(w.owner, w.orgA, removed.userId);
      for (const p of [disabled, inactive, removed]) expectCode(() => w.as(p.key, 'GET'), 'INACTIVE_USER');
      expect(w.as(orgKey.apiKey, 'GET').orgId).toBe(w.orgA);
    });

    it('SCOPE_DENIED, READ_ONLY, IMPERSONATION_DENIED are 403', () => {
      const w = new World();
      const ui = w.person(w.orgA, 'admin', { scopes: ['ui'] });
      const ro = w.person(w.orgA, 'admin', { readOnly: true });
      const plain = w.person(w.orgA, 'admin');
      expect(expectCode(() => w.as(ui.key, 'GET'), 'SCOPE_DENIED').status).toBe(403);
      expect(expectCode(() => w.as(ro.key, 'POST'), 'READ_ONLY').status).toBe(403);
      expect(expectCode(() => w.as(plain.key, 'GET', String(ro.userId)), 'IMPERSONATION_DENIED').status).toBe(403);
    });
  });

  describe('order: present → format + checksum → environment → lookup → revoked → disabled → expired → active user → scope → read-only → impersonation', () => {
    it('format and checksum come before environment, environment before lookup', () => {
      const w = new World();
      const live = formatKey('production', randomBytes(20));
      expectCode(() => w.as(typo(live, 25), 'GET'), 'MALFORMED_KEY');
      expectCode(() => w.as(live, 'GET'), 'WRONG_ENVIRONMENT');
    });

    it('a key that is revoked and disabled and expired, of a disabled user, ui-only and read-only, reports REVOKED', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      const k = w.key({
        orgUserId: p.orgUserId,
        name: 'everything wrong',
        scopes: ['ui'],
        readOnly: true,
        expiresAt: w.clock.iso(HOUR),
      });
      w.engine.keys.update(w.owner, k.id, { status: 'disabled' });
      w.engine.keys.remove(w.owner, k.id);
      w.engine.directory.updateUser(w.owner, p.userId, { status: 'disabled' });
      w.engine.directory.updateMember(w.owner, w.orgA, p.userId, { status: 'inactive' });
      w.clock.advance(2 * HOUR);
      expectCode(() => w.as(k.apiKey, 'POST', 'not-a-number'), 'REVOKED');
    });

    it('peeling the failures off one by one reveals each next code in order', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      const k = w.key({
        orgUserId: p.orgUserId,
        name: 'onion',
        scopes: ['ui'],
        readOnly: true,
        expiresAt: w.clock.iso(HOUR),
      });
      w.engine.keys.update(w.owner, k.id, { status: 'disabled' });
      w.engine.directory.updateUser(w.owner, p.userId, { status: 'disabled' });
      w.engine.directory.updateMember(w.owner, w.orgA, p.userId, { status: 'inactive' });
      w.clock.advance(2 * HOUR);
      const attempt = () => w.as(k.apiKey, 'POST', 'not-a-number');

      expectCode(attempt, 'DISABLED');
      w.engine.keys.update(w.owner, k.id, { status: 'enabled' });
      expectCode(attempt, 'EXPIRED');
      w.engine.keys.update(w.owner, k.id, { expiresAt: null });
      expectCode(attempt, 'INACTIVE_USER');
      w.engine.directory.updateUser(w.owner, p.userId, { status: 'active' });
      expectCode(attempt, 'INACTIVE_USER');
      w.engine.directory.updateMember(w.owner, w.orgA, p.userId, { status: 'active' });
      expectCode(attempt, 'SCOPE_DENIED');

      // Scopes and read-only cannot be edited, so the last layers use sibling keys.
      const ro = w.key({ orgUserId: p.orgUserId, name: 'ro', readOnly: true });
      expectCode(() => w.as(ro.apiKey, 'POST', 'not-a-number'), 'READ_ONLY');
      expectCode(() => w.as(ro.apiKey, 'GET', 'not-a-number'), 'IMPERSONATION_DENIED');
      expect(w.as(ro.apiKey, 'GET').userId).toBe(p.userId);
    });

    it('an expired key of a removed membership reports EXPIRED', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member');
      const k = w.key({ orgUserId: p.orgUserId, name: 'x', expiresAt: w.clock.iso(HOUR) });
      w.engine.directory.removeMember(w.owner, w.orgA, p.userId);
      w.clock.advance(HOUR);
      expectCode(() => w.as(k.apiKey, 'GET'), 'EXPIRED');
    });
  });

  describe('engine.checkKey: the verdict and why, with nothing else and no side effects', () => {
    it('a valid key', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member', { scopes: ['ui'], readOnly: true });
      // Scope and read-only depend on the request, so a ui-only read-only key is still valid.
      expect(w.engine.checkKey(p.key)).toEqual({
        valid: true,
        start: p.key.slice(0, START_LENGTH),
        environment: 'sandbox',
        status: 'enabled',
      });
      expect(w.engine.checkKey(`  ${p.key}\n`)).toMatchObject({ valid: true });
      const prod = new World('production');
      expect(prod.engine.checkKey(prod.ownerKey)).toEqual({
        valid: true,
        start: prod.ownerKey.slice(0, START_LENGTH),
        environment: 'production',
        status: 'enabled',
      });
    });

    it('each failure gives its code, a reason, and at most the start', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const revoked = w.key({ orgUserId: p.orgUserId, name: 'r' });
      const disabled = w.key({ orgUserId: p.orgUserId, name: 'd' });
      const expired = w.key({ orgUserId: p.orgUserId, name: 'e', expiresAt: w.clock.iso(1) });
      w.engine.keys.remove(w.owner, revoked.id);
      w.engine.keys.update(w.owner, disabled.id, { status: 'disabled' });
      const inactive = w.person(w.orgA);
      w.engine.directory.updateMember(w.owner, w.orgA, inactive.userId, { status: 'inactive' });
      w.clock.advance(1);
      const live = formatKey('production', randomBytes(20));
      const unknown = formatKey('sandbox', randomBytes(20));
      const cases: [string | null, string, string | null][] = [
        [null, 'MISSING_KEY', null],
        ['', 'MISSING_KEY', null],
        ['garbage', 'MALFORMED_KEY', null],
        [typo(p.key, 30), 'MALFORMED_KEY', p.key.slice(0, START_LENGTH)],
        [live, 'WRONG_ENVIRONMENT', live.slice(0, START_LENGTH)],
        [unknown, 'UNKNOWN_KEY', unknown.slice(0, START_LENGTH)],
        [revoked.apiKey, 'REVOKED', revoked.start],
        [disabled.apiKey, 'DISABLED', disabled.start],
        [expired.apiKey, 'EXPIRED', expired.start],
        [inactive.key, 'INACTIVE_USER', inactive.key.slice(0, START_LENGTH)],
      ];
      for (const [raw, code, start] of cases) {
        const verdict = w.engine.checkKey(raw);
        expect(Object.keys(verdict).sort()).toEqual(['code', 'reason', 'start', 'valid']);
        expect(verdict).toMatchObject({ valid: false, code, start });
        if (verdict.valid) throw new Error('unreachable');
        expect(verdict.reason.length).toBeGreaterThan(0);
        if (raw && raw.length > START_LENGTH + 8) expect(verdict.reason).not.toContain(raw.slice(START_LENGTH));
      }
    });

    it('checking writes nothing: no audit entry, no lastUsedAt', () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.engine.flush();
      const audits = () => (w.engine.database.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
      const before = audits();
      w.engine.checkKey(p.key);
      w.engine.checkKey('garbage');
      w.engine.checkKey(formatKey('sandbox', randomBytes(20)));
      expect(w.engine.pendingWrites).toBe(0);
      w.engine.flush();
      expect(audits()).toBe(before);
      expect(w.engine.keys.get(w.owner, p.keyId).lastUsedAt).toBeNull();
    });
  });

  describe('lastUsedAt', () => {
    const column = (engine: Engine, id: number) =>
      (
        engine.database.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').get(id) as {
          last_used_at: number | null;
        }
      ).last_used_at;

    it('is visible in key metadata at once, while the write is still pending', () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.engine.flush();
      expect(w.engine.keys.get(w.owner, p.keyId).lastUsedAt).toBeNull();
      w.clock.advance(5000);
      w.as(p.key, 'GET');
      expect(column(w.engine, p.keyId)).toBeNull();
      expect(w.engine.pendingWrites).toBeGreaterThan(0);
      expect(w.engine.keys.get(w.owner, p.keyId).lastUsedAt).toBe(w.clock.iso());
      expect(w.engine.keys.list(w.owner, { orgUserId: p.orgUserId }).items[0].lastUsedAt).toBe(w.clock.iso());
      expect(w.engine.me(w.as(p.key, 'GET')).key?.lastUsedAt).toBe(w.clock.iso());
    });

    it('is written by flush()', () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.as(p.key, 'GET');
      const usedAt = w.clock.t;
      w.engine.flush();
      expect(w.engine.pendingWrites).toBe(0);
      expect(column(w.engine, p.keyId)).toBe(usedAt);
      // A later use moves it forward.
      w.clock.advance(HOUR);
      w.as(p.key, 'GET');
      w.engine.flush();
      expect(column(w.engine, p.keyId)).toBe(usedAt + HOUR);
    });

    it('is written by close(), and found again after reopening the file', () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.clock.advance(1234);
      w.as(p.key, 'GET');
      const usedAt = w.clock.iso();
      w.engine.close();
      const reopened = w.reopen();
      expect(column(reopened, p.keyId)).toBe(Date.parse(usedAt));
      expect(reopened.keys.get(reopened.owner(), p.keyId).lastUsedAt).toBe(usedAt);
    });

    it('is written in the background without any call (flushed at least every second)', async () => {
      const w = new World();
      const p = w.person(w.orgA);
      w.engine.flush();
      w.clock.advance(777);
      w.as(p.key, 'GET');
      expect(column(w.engine, p.keyId)).toBeNull();
      await vi.waitFor(() => expect(column(w.engine, p.keyId)).toBe(w.clock.t), { timeout: 10_000, interval: 50 });
      expect(w.engine.pendingWrites).toBe(0);
    });

    it('is not set by a failed authentication', () => {
      const w = new World();
      const p = w.person(w.orgA, 'member', { readOnly: true });
      w.engine.keys.update(w.owner, p.keyId, { status: 'disabled' });
      expectCode(() => w.as(p.key, 'GET'), 'DISABLED');
      w.engine.keys.update(w.owner, p.keyId, { status: 'enabled' });
      expectCode(() => w.as(p.key, 'POST'), 'READ_ONLY');
      w.engine.flush();
      expect(w.engine.keys.get(w.owner, p.keyId).lastUsedAt).toBeNull();
    });
  });
});
