// docs/rules.md rule 18: names (org, key, profile, first and last name) are Unicode NFC text
// without control, bidi-control or zero-width characters or lone surrogates; anything
// else is 400 BAD_REQUEST, the same at each door: the engine, the HTTP API and IPC.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/engine';
import { KeywardenError } from '../../../src/shared/errors';
import { nameProblem, sameTypedName } from '../../../src/shared/text';
import { startTestApp, type TestApp } from '../../support/mainServices';
import { client, expectError, expectStatus, startServer, type Running } from '../server/support';

const BAD: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['a tab inside', 'tab\tinside'],
  ['a line break inside', 'two\nlines'],
  ['DEL', 'del\u007f'],
  ['a C1 control (NEL)', 'nel\u0085x'],
  ['right-to-left override', 'invoice\u202Etxt.exe'],
  ['left-to-right embedding', '\u202Aembedded'],
  ['a bidi isolate', 'iso\u2066late\u2069'],
  ['a zero-width space', 'zero\u200Bwidth'],
  ['a zero-width joiner', 'join\u200Ded'],
  ['a BOM inside', 'bom\uFEFFinside'],
  ['a lone high surrogate', 'high\uD800'],
  ['a lone low surrogate', '\uDC00low'],
  ['decomposed (not NFC) text', 'Cafe\u0301'],
];
const GOOD = ['Café', 'Zoë Łukasz', '日本語の組織', 'Keys 🔑 for prod', 'O’Brien & Co. (EU)'];

const why = /control, bidi-control or zero-width|Unicode NFC/;

describe('rule 18: names are NFC text without control, bidi-control or zero-width characters or lone surrogates', () => {
  it('the one shared check says what is wrong, and a typed confirmation compares NFC forms', () => {
    for (const [label, bad] of BAD) expect(nameProblem(bad), label).toMatch(why);
    for (const good of GOOD) expect(nameProblem(good), good).toBeNull();
    expect(sameTypedName('Cafe\u0301', 'Café')).toBe(true);
    expect(sameTypedName('Cafe', 'Café')).toBe(false);
  });

  describe('engine', () => {
    let dir: string;
    let engine: Engine;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-rule18-'));
      engine = Engine.create(path.join(dir, 'e.db'), 'sandbox', { email: 'owner@example.com' }).engine;
    });
    afterAll(() => {
      engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it.each(BAD)('refuses %s in every name with BAD_REQUEST and stores nothing', (_label, bad) => {
      const owner = engine.owner();
      const org = engine.directory.listOrgs(owner).items[0];
      const m = engine.directory.listMembers(owner, org.id).items[0];
      const key = engine.keys.create(owner, { orgUserId: m.id, name: 'fine' });
      const calls: (() => unknown)[] = [
        () => engine.directory.createOrg(owner, { name: bad }),
        () => engine.directory.updateOrg(owner, org.id, { name: bad }),
        () => engine.directory.addMember(owner, org.id, { email: 'x@example.com', firstName: bad, lastName: 'L' }),
        () => engine.directory.addMember(owner, org.id, { email: 'x@example.com', firstName: 'F', lastName: bad }),
        () => engine.keys.create(owner, { orgUserId: m.id, name: bad }),
        () => engine.keys.create(owner, { orgId: org.id, kind: 'org', name: bad }),
        () =>
          engine.keys.createMany(owner, [
            { orgUserId: m.id, name: 'ok' },
            { orgUserId: m.id, name: bad },
          ]),
        () => engine.keys.update(owner, key.id, { name: bad }),
      ];
      const counts = () =>
        engine.database
          .prepare(
            'SELECT (SELECT count(*) FROM orgs) o, (SELECT count(*) FROM users) u, (SELECT count(*) FROM api_keys) k',
          )
          .get();
      const before = counts();
      for (const call of calls) {
        let error: unknown;
        try {
          call();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(KeywardenError);
        expect((error as KeywardenError).code).toBe('BAD_REQUEST');
        expect((error as KeywardenError).message).toMatch(why);
      }
      expect(counts()).toEqual(before);
      expect(engine.keys.get(owner, key.id).name).toBe('fine');
      expect(engine.directory.getOrg(owner, org.id).name).toBe(org.name);
    });

    it('accepts names in any script, emoji included', () => {
      const owner = engine.owner();
      for (const good of GOOD) expect(engine.directory.createOrg(owner, { name: good }).name).toBe(good);
    });
  });

  describe('HTTP', () => {
    let s: Running;
    beforeAll(async () => {
      s = await startServer();
    });
    afterAll(() => s.stop());

    it.each(BAD)('answers %s in every name with 400 BAD_REQUEST', async (_label, bad) => {
      const c = client(s.url);
      const o = { key: s.ownerKey };
      const key = expectStatus(await c.post('/user/apiKey', { orgUserId: s.orgUserId, name: 'fine' }, o), 201).json;
      const replies = [
        await c.post('/user/orgs', { name: bad }, o),
        await c.patch(`/user/orgs/${s.orgId}`, { name: bad }, o),
        await c.post(`/user/org/${s.orgId}/users`, { email: 'y@example.com', firstName: bad, lastName: 'L' }, o),
        await c.post(`/user/org/${s.orgId}/users`, { email: 'y@example.com', firstName: 'F', lastName: bad }, o),
        await c.post('/user/apiKey', { orgUserId: s.orgUserId, name: bad }, o),
        await c.post('/user/apiKey', { orgId: s.orgId, kind: 'org', name: bad }, o),
        await c.patch(`/user/apiKey/${key.id}`, { name: bad }, o),
      ];
      for (const r of replies) {
        expectError(r, 400, 'BAD_REQUEST');
        expect(r.json.error.message).toMatch(why);
      }
    });

    it('stores names in any script as given', async () => {
      const c = client(s.url);
      for (const good of GOOD) {
        const r = expectStatus(await c.post('/user/orgs', { name: good }, { key: s.ownerKey }), 201);
        expect(r.json.name).toBe(good);
      }
    });
  });

  describe('IPC dispatcher', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app.close());

    it.each(BAD)('answers %s in every name with BAD_REQUEST', async (_label, bad) => {
      const payloads: [string, unknown][] = [
        ['createProfile', { backend: 'local', name: bad, environment: 'sandbox' }],
        ['updateProfile', { id: 1, name: bad }],
        ['createOrg', { name: bad }],
        ['updateOrg', { orgId: 1, patch: { name: bad } }],
        ['addMember', { orgId: 1, member: { email: 'z@example.com', firstName: bad, lastName: 'L' } }],
        ['addMember', { orgId: 1, member: { email: 'z@example.com', firstName: 'F', lastName: bad } }],
        ['createKey', { orgUserId: 1, name: bad }],
        ['updateKey', { id: 1, patch: { name: bad } }],
      ];
      for (const [op, payload] of payloads) {
        const error = await app.fail(op, payload);
        expect(error.code, op).toBe('BAD_REQUEST');
        expect(error.message, op).toMatch(why);
      }
    });

    it('takes a profile named in any script', async () => {
      const p = await app.call('createProfile', { backend: 'local', name: 'Produção 🔑', environment: 'sandbox' });
      expect(p.name).toBe('Produção 🔑');
    });
  });
});
