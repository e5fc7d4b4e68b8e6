// Test fixture for the engine: a real SQLite file in a fresh temp dir, a clock the test
// moves by hand (so expiry needs no sleeping), and shortcuts to make people and keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { Engine, type Actor, type EngineOptions } from '../../../src/main/engine';
import type { CreateKeyInput, CreatedKey, Environment, Role, Scope } from '../../../src/shared/domain';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from '../../../src/shared/errors';

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const DAY = 24 * HOUR;

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-unit-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export class ManualClock {
  t = T0;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
  iso(offsetMs = 0): string {
    return new Date(this.t + offsetMs).toISOString();
  }
}

/** Runs fn, which must throw a KeywardenError; returns it. */
export function caught(fn: () => unknown): KeywardenError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    if (e instanceof KeywardenError) return e;
    throw e;
  }
  throw new Error(`expected a KeywardenError, but the call returned ${JSON.stringify(result)?.slice(0, 200)}`);
}

/** fn must fail with this code, and the error's status must be the one docs/rules.md gives it. */
export function expectCode(fn: () => unknown, code: ErrorCode): KeywardenError {
  const e = caught(fn);
  expect({ code: e.code, message: e.message }).toMatchObject({ code });
  expect(e.status).toBe(ERROR_STATUS[code]);
  expect(e.message.length).toBeGreaterThan(0);
  return e;
}

export interface Person {
  userId: number;
  orgUserId: number;
  orgId: number;
  email: string;
  /** A full-power key (all scopes) for this membership, minted by the owner. */
  key: string;
  keyId: number;
}

let emails = 0;

/**
 * One database with its owner (the bootstrap super admin, admin of org A) and a second,
 * empty org B.
 */
export class World {
  readonly engines: Engine[] = [];
  engine: Engine;
  readonly clock = new ManualClock();
  readonly dir: string;
  readonly file: string;
  readonly ownerUserId: number;
  readonly ownerOrgUserId: number;
  readonly ownerKey: string;
  readonly orgA: number;
  readonly orgB: number;

  constructor(env: Environment = 'sandbox', opts: EngineOptions = {}) {
    this.dir = tempDir();
    this.file = path.join(this.dir, 'keywarden.db');
    const { engine, created } = Engine.create(
      this.file,
      env,
      { email: 'owner@example.com', orgName: 'Org A' },
      { now: this.clock.now, ...opts },
    );
    this.engine = engine;
    this.engines.push(engine);
    onTestFinished(() => {
      for (const e of this.engines) e.close();
    });
    this.ownerUserId = created.userId;
    this.ownerOrgUserId = created.orgUserId;
    this.ownerKey = created.apiKey;
    this.orgA = created.orgId;
    this.orgB = this.engine.directory.createOrg(this.owner, { name: 'Org B' }).id;
  }

  get owner(): Actor {
    return this.engine.owner();
  }

  /** Acts with a key, as the server does for each request. */
  as(raw: string, method = 'POST', impersonate?: string | null): Actor {
    return this.engine.authenticate(raw, { method, scope: 'rest', impersonate });
  }

  /** A new user with a membership in orgId and a key minted by the owner. */
  person(
    orgId: number,
    role: Role = 'member',
    keySettings: Partial<{ scopes: Scope[]; readOnly: boolean; canImpersonate: boolean }> = {},
  ): Person {
    const email = `user${++emails}@example.com`;
    const m = this.engine.directory.addMember(this.owner, orgId, {
      email,
      firstName: 'Test',
      lastName: `User${emails}`,
      role,
    });
    const k = this.engine.keys.create(this.owner, {
      orgUserId: m.id,
      name: `key of ${email}`,
      scopes: ['ui', 'rest', 'integration'],
      ...keySettings,
    });
    return { userId: m.userId, orgUserId: m.id, orgId, email, key: k.apiKey, keyId: k.id };
  }

  /** Adds an existing user to another org. */
  join(p: { email: string }, orgId: number, role: Role = 'member'): number {
    return this.engine.directory.addMember(this.owner, orgId, {
      email: p.email,
      firstName: 'Test',
      lastName: 'User',
      role,
    }).id;
  }

  key(input: CreateKeyInput, actor: Actor = this.owner): CreatedKey {
    return this.engine.keys.create(actor, input);
  }

  allowUserKeys(orgId: number, on: boolean): void {
    this.engine.directory.updateOrg(this.owner, orgId, { allowUserKeys: on });
  }

  /**
   * No API grants super-admin rights (only bootstrap makes one), so a second super admin
   * is made with a direct UPDATE on the real database.
   */
  makeSuperAdmin(userId: number): void {
    this.engine.database.prepare('UPDATE users SET is_super_admin = 1 WHERE id = ?').run(userId);
  }

  /** Closes this engine and opens the same file again. */
  reopen(): Engine {
    this.engine.close();
    this.engine = Engine.open(this.file, { now: this.clock.now });
    this.engines.push(this.engine);
    return this.engine;
  }

  countKeys(): number {
    return (this.engine.database.prepare('SELECT count(*) AS n FROM api_keys').get() as { n: number }).n;
  }
}
