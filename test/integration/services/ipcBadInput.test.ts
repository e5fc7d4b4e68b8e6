// Every IPC operation, fed generated bad payloads through the real dispatcher and services:
// each must answer a typed error, nothing may throw out, and the databases must not change.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../src/shared/ipc/contract';
import { OPERATIONS } from '../../../src/shared/ipc/contract';
import { ERROR_CODES } from '../../../src/shared/errors';
import { startTestApp, type TestApp } from '../../support/mainServices';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

/** Every row of every table of every database under the data dir, as text. */
function snapshot(): string {
  const out: string[] = [];
  const dbs = [
    path.join(app.dataDir, 'keywarden-app.db'),
    ...fs
      .readdirSync(path.join(app.dataDir, 'profiles'))
      .filter((f) => f.endsWith('.db'))
      .map((f) => path.join(app.dataDir, 'profiles', f)),
  ];
  for (const file of dbs) {
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      // Failed calls are audited (that is the point of an audit log); everything else must stay put.
      if (name === 'audit' || name.startsWith('audit_')) continue;
      out.push(
        name,
        // Sorted as text: WITHOUT ROWID tables have no rowid to order by.
        db
          .prepare(`SELECT * FROM "${name}"`)
          .all()
          .map((row) => JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
          .sort()
          .join('\n'),
      );
    }
    db.close();
  }
  return out.join('\n');
}

const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 5 }),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'orgId',
      'orgUserId',
      'name',
      'patch',
      'handle',
      'confirm',
      'keyIds',
      'scopes',
      'key',
      '__proto__',
      'constructor',
    ),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer({ min: -5, max: 1e12 }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.constant('x'.repeat(5000)),
    ),
  ),
);

describe('every IPC channel rejects bad payloads', () => {
  it('answers >= 1,000 generated bad inputs across all channels with typed errors and changes nothing', async () => {
    const before = snapshot();
    let bad = 0;
    const codes = new Set<string>(ERROR_CODES);
    const perOp = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), junk, async (op, payload) => {
        // Only payloads the contract refuses count; a random value that happens to be valid is skipped.
        if (contract[op].input.safeParse(payload).success) return;
        bad++;
        perOp.set(op, (perOp.get(op) ?? 0) + 1);
        const reply: any = await app.services.dispatch(op, payload);
        expect(reply.ok).toBe(false);
        expect(reply.error.code).toBe('BAD_REQUEST');
        expect(typeof reply.error.message).toBe('string');
        expect(codes.has(reply.error.code)).toBe(true);
      }),
      { numRuns: 3000, seed: 20261124 },
    );
    expect(bad).toBeGreaterThanOrEqual(1000);
    for (const op of OPERATIONS) {
      if (contract[op].input.safeParse(undefined).success) continue;
      expect(perOp.get(op) ?? 0, op).toBeGreaterThan(0);
    }
    expect(snapshot()).toBe(before);
  });

  it('answers unknown ids with NOT_FOUND, unknown operations too, and nothing throws', async () => {
    const before = snapshot();
    const cases: [string, unknown, string][] = [
      ['getKeyThatDoesNotExist', {}, 'NOT_FOUND'],
      ['updateKey', { id: 999999, patch: { name: 'x' } }, 'NOT_FOUND'],
      ['deleteKey', { id: 999999 }, 'NOT_FOUND'],
      ['rollKey', { id: 999999, gracePeriodSeconds: 0 }, 'NOT_FOUND'],
      ['listMembers', { orgId: 999999 }, 'NOT_FOUND'],
      ['switchProfile', { id: 999999 }, 'NOT_FOUND'],
      ['copySecret', { handle: 'no-such-handle' }, 'NOT_FOUND'],
      ['exportKey', { handle: 'no-such-handle' }, 'NOT_FOUND'],
      ['bulkStatus', { jobId: 'nope' }, 'NOT_FOUND'],
      ['createKey', { orgUserId: 999999, name: 'x' }, 'NOT_FOUND'],
      ['createKey', { orgUserId: 1, name: 'x', scopes: ['admin'] }, 'BAD_REQUEST'],
      ['createKey', { orgUserId: 1, name: 'x', scopes: [] }, 'BAD_REQUEST'],
      ['createKey', { orgUserId: 1, name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'BAD_REQUEST'],
      ['createKey', { orgUserId: 1, name: 'x', expiresAt: '2099-01-01T00:00:00.1234Z' }, 'BAD_REQUEST'],
      ['listKeys', { orgId: 1, orgUserId: 1 }, 'BAD_REQUEST'],
    ];
    for (const [op, payload, code] of cases) {
      const reply: any = await app.services.dispatch(op, payload);
      expect(reply, `${op} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
    }
    expect(snapshot()).toBe(before);
  });

  it('checks a pasted key without echoing it in the verdict', async () => {
    const pasted = 'kw_test_0000000000000000000000000000000';
    const reply: any = await app.services.dispatch('checkKey', { key: pasted });
    expect(reply.ok).toBe(true);
    expect(reply.value).toMatchObject({ valid: false, code: 'MALFORMED_KEY' });
    expect(JSON.stringify(reply)).not.toContain(pasted);
  });
});
