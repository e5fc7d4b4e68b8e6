// docs/rules.md rules 6–7: the key value is shown once and stored only as a digest; expiry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKeySchema, updateKeySchema } from '../../../src/shared/domain';
import { KeywardenError } from '../../../src/shared/errors';
import { START_LENGTH } from '../../../src/shared/keyFormat';
import { DAY, HOUR, World, expectCode } from './helpers';

/** What must never be found outside the create/roll reply: the key and everything after its start. */
const needles = (raw: string): string[] => [raw, raw.slice(START_LENGTH)];

function cellText(v: unknown): string {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array)
    return `${Buffer.from(v).toString('latin1')}|${Buffer.from(v).toString('hex')}`;
  return String(v);
}

describe('docs/rules.md rules', () => {
  describe('rule 6: the key value is returned exactly once, in the create or roll reply; only a digest is stored', () => {
    it('no other reply, error, audit entry, table row or database file (main, -wal, -shm) holds any key', () => {
      const w = new World();
      const raws: string[] = [w.ownerKey];
      const replies: unknown[] = [];
      const errors: KeywardenError[] = [];
      const attempt = (fn: () => unknown): void => {
        try {
          replies.push(fn());
        } catch (e) {
          if (!(e instanceof KeywardenError)) throw e;
          errors.push(e);
        }
      };

      const admin = w.person(w.orgA, 'admin');
      const member = w.person(w.orgA, 'member', { scopes: ['ui'] });
      const imp = w.person(w.orgA, 'admin', { canImpersonate: true });
      raws.push(admin.key, member.key, imp.key);
      const orgKey = w.key({ orgId: w.orgA, kind: 'org', name: 'site' }, w.as(admin.key));
      const bulk = w.engine.keys.createMany(w.as(admin.key), [
        { orgUserId: member.orgUserId, name: 'bulk 1', readOnly: true },
        { orgUserId: member.orgUserId, name: 'bulk 2', expiresAt: w.clock.iso(HOUR) },
      ]);
      const rolled = w.engine.keys.roll(w.as(admin.key), bulk[0].id, { gracePeriodSeconds: 600 });
      const created = [orgKey, ...bulk, rolled];
      raws.push(...created.map((k) => k.apiKey));
      for (const k of created) {
        // The create/roll reply carries it once, in `apiKey`, and nowhere else.
        const { apiKey, ...meta } = k;
        expect(apiKey).toMatch(/^kw_test_[0-9A-Za-z]{33}$/);
        expect(JSON.stringify(meta)).not.toContain(apiKey.slice(START_LENGTH));
        expect(meta).not.toHaveProperty('digest');
      }

      for (const raw of raws) {
        attempt(() => w.as(raw, 'GET'));
        attempt(() => w.as(raw, 'POST'));
        attempt(() => w.engine.authenticate(raw, { method: 'POST', scope: 'integration', impersonate: 'nope' }));
        attempt(() => w.as(raw, 'GET', String(member.userId)));
        attempt(() => w.as(` ${raw}\n`, 'GET'));
        attempt(() => w.as(raw.slice(0, 40), 'GET'));
        attempt(() => w.as(raw + 'x', 'GET'));
        attempt(() => w.as(raw.slice(0, 20) + (raw[20] === 'a' ? 'b' : 'a') + raw.slice(21), 'GET'));
        attempt(() => w.as(raw.replace('kw_test_', 'kw_live_'), 'GET'));
        replies.push(w.engine.checkKey(raw));
        attempt(() => w.engine.me(w.as(raw, 'GET')));
      }
      w.engine.keys.update(w.owner, admin.keyId, { status: 'disabled' });
      attempt(() => w.as(admin.key, 'GET'));
      replies.push(w.engine.checkKey(admin.key));
      w.engine.keys.remove(w.owner, orgKey.id);
      attempt(() => w.as(orgKey.apiKey, 'GET'));
      w.clock.advance(2 * HOUR);
      attempt(() => w.as(bulk[1].apiKey, 'GET'));
      attempt(() => w.as(bulk[0].apiKey, 'GET'));
      attempt(() => w.engine.keys.list(w.owner, { orgId: w.orgA, includeRevoked: true }));
      attempt(() => w.engine.keys.list(w.as(member.key, 'GET'), { orgId: w.orgA }));
      attempt(() => w.engine.keys.list(w.as(imp.key, 'GET'), { orgId: w.orgA, includeRevoked: true }));
      for (const k of created) attempt(() => w.engine.keys.get(w.owner, k.id));
      attempt(() => w.engine.audit.list(w.owner, { limit: 1000 }));
      attempt(() => w.engine.me(w.as(imp.key, 'GET', String(member.userId))));
      w.engine.flush();

      expect(errors.length).toBeGreaterThan(50);
      expect(replies.length).toBeGreaterThan(30);
      const replyText = JSON.stringify(replies);
      const errorText = errors.map((e) => `${e.message}\n${String(e)}\n${JSON.stringify(e)}\n${e.stack}`).join('\n');

      const db = w.engine.database;
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['api_keys', 'audit', 'meta', 'users', 'orgs', 'memberships']));
      const rowText = tables
        .map((t) =>
          (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[])
            .map((r) => Object.values(r).map(cellText).join('|'))
            .join('\n'),
        )
        .join('\n');
      const auditText = JSON.stringify(db.prepare('SELECT * FROM audit').all());
      expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBeGreaterThan(50);

      const filesBefore = ['', '-wal', '-shm'].map((s) => w.file + s).filter((f) => fs.existsSync(f));
      expect(filesBefore).toContain(`${w.file}-wal`);
      const bytesBefore = filesBefore.map((f) => fs.readFileSync(f));

      for (const raw of raws) {
        for (const needle of needles(raw)) {
          expect(replyText).not.toContain(needle);
          expect(errorText).not.toContain(needle);
          expect(rowText).not.toContain(needle);
          expect(auditText).not.toContain(needle);
          for (const bytes of bytesBefore) expect(bytes.includes(Buffer.from(needle))).toBe(false);
        }
        // What is stored instead: the SHA-256 digest of the whole key.
        const digest = createHash('sha256').update(raw).digest();
        const row = db.prepare('SELECT start FROM api_keys WHERE digest = ?').get(digest) as
          { start: string } | undefined;
        expect(row?.start).toBe(raw.slice(0, START_LENGTH));
      }
      expect(auditText).toContain(admin.key.slice(0, START_LENGTH));

      // After close the WAL is checkpointed into the main file: scan it again.
      w.engine.close();
      const after = fs.readFileSync(w.file);
      for (const raw of raws)
        for (const needle of needles(raw)) expect(after.includes(Buffer.from(needle))).toBe(false);
    });
  });

  describe('rule 7: no expiry unless expiresAt is set (ISO 8601, ms precision, in the future, else 400); PATCH clears it with null; expired keys fail with EXPIRED', () => {
    it('a key without expiresAt never expires', () => {
      const w = new World();
      const p = w.person(w.orgA);
      expect(w.engine.keys.get(w.owner, p.keyId).expiresAt).toBeNull();
      w.clock.advance(3650 * DAY);
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
    });

    it('a key works until its expiresAt, to the millisecond, then fails with EXPIRED', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const at = w.clock.iso(HOUR + 123);
      const k = w.key({ orgUserId: p.orgUserId, name: 'short-lived', expiresAt: at });
      expect(k.expiresAt).toBe(at);
      expect(w.engine.keys.get(w.owner, k.id).expiresAt).toBe(at);
      w.clock.advance(HOUR + 122);
      expect(w.as(k.apiKey, 'GET').key?.id).toBe(k.id);
      w.clock.advance(1);
      expectCode(() => w.as(k.apiKey, 'GET'), 'EXPIRED');
      expect(w.engine.checkKey(k.apiKey)).toMatchObject({ valid: false, code: 'EXPIRED' });
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
    });

    it('an expiresAt with a zone offset is stored as the same instant', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const k = w.key({ orgUserId: p.orgUserId, name: 'tz', expiresAt: '2030-01-01T02:30:00.500+02:00' });
      expect(k.expiresAt).toBe('2030-01-01T00:30:00.500Z');
    });

    it('an expiresAt now or in the past is 400 BAD_REQUEST, on create and on PATCH', () => {
      const w = new World();
      const p = w.person(w.orgA);
      const before = w.countKeys();
      expectCode(() => w.key({ orgUserId: p.orgUserId, name: 'x', expiresAt: w.clock.iso(0) }), 'BAD_REQUEST');
      expectCode(() => w.key({ orgUserId: p.orgUserId, name: 'x', expiresAt: w.clock.iso(-1) }), 'BAD_REQUEST');
      expectCode(
        () => w.key({ orgId: w.orgA, kind: 'org', name: 'x', expiresAt: '2001-01-01T00:00:00Z' }),
        'BAD_REQUEST',
      );
      expectCode(() => w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(-DAY) }), 'BAD_REQUEST');
      expect(w.countKeys()).toBe(before);
      expect(w.engine.keys.get(w.owner, p.keyId).expiresAt).toBeNull();
    });

    it('an expiresAt that is not an ISO 8601 date-time with at most millisecond precision is 400 (schema)', () => {
      const base = { orgUserId: 1, name: 'k' };
      for (const good of [
        '2031-05-06T07:08:09.123Z',
        '2031-05-06T07:08:09Z',
        '2031-05-06T07:08Z',
        '2031-05-06T07:08:09.1+05:30',
        null,
      ]) {
        expect(createKeySchema.safeParse({ ...base, expiresAt: good }).success, String(good)).toBe(true);
      }
      for (const bad of [
        '2031-05-06',
        '2031-05-06T07:08:09.1234Z',
        '2031-05-06T07:08:09',
        '2031-13-01T00:00:00Z',
        'tomorrow',
        '',
        1893456000000,
        '2031-05-06 07:08:09Z',
      ]) {
        expect(createKeySchema.safeParse({ ...base, expiresAt: bad }).success, String(bad)).toBe(false);
      }
      expect(updateKeySchema.safeParse({ expiresAt: '2031-05-06T07:08:09.1234Z' }).success).toBe(false);
      expect(updateKeySchema.safeParse({ expiresAt: null }).success).toBe(true);
    });

    it('the engine itself refuses impossible calendar dates and non-ISO text (the IPC and HTTP layers share it)', () => {
      const w = new World();
      const p = w.person(w.orgA);
      for (const bad of [
        '2031-02-30T00:00:00Z',
        '2031-04-31T12:00:00.000Z',
        '2031-02-29T00:00:00Z',
        'tomorrow',
        '2031-05-06T07:08:09.1234Z',
      ]) {
        expectCode(() => w.key({ orgUserId: p.orgUserId, name: 'x', expiresAt: bad }), 'BAD_REQUEST');
        expectCode(() => w.engine.keys.update(w.owner, p.keyId, { expiresAt: bad }), 'BAD_REQUEST');
      }
      expect(w.key({ orgUserId: p.orgUserId, name: 'leap', expiresAt: '2032-02-29T00:00:00Z' }).expiresAt).toBe(
        '2032-02-29T00:00:00.000Z',
      );
    });

    it('PATCH sets, moves and clears (null) the expiry', () => {
      const w = new World();
      const p = w.person(w.orgA);
      expect(w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(HOUR) }).expiresAt).toBe(
        w.clock.iso(HOUR),
      );
      expect(w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(2 * HOUR) }).expiresAt).toBe(
        w.clock.iso(2 * HOUR),
      );
      expect(w.engine.keys.update(w.owner, p.keyId, { expiresAt: null }).expiresAt).toBeNull();
      w.clock.advance(3 * HOUR);
      expect(w.as(p.key, 'GET').userId).toBe(p.userId);
      w.engine.keys.update(w.owner, p.keyId, { expiresAt: w.clock.iso(1000) });
      w.clock.advance(1000);
      expectCode(() => w.as(p.key, 'GET'), 'EXPIRED');
    });
  });
});
