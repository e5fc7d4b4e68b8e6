// The key-management engine: plain Node over SQLite, no Electron (docs/architecture.md).
import type { Environment, Me } from '../../shared/domain';
import { AUDIT_RETENTION_DAYS_DEFAULT } from '../../shared/vocabulary';
import { chainLegacyEvents, verifyAuditChain, type ChainVerdict } from './auditChain';
import { Maintenance } from './maintenance';
import { KeywardenError } from '../../shared/errors';
import { localOwner, type Actor } from './actor';
import { AuditLog } from './auditLog';
import { EngineCore } from './core';
import { getMeta, openDatabase, setMeta, type OpenOptions } from './db';
import { Directory } from './directory';
import { Files } from './files';
import { Findings } from './findings';
export type { InventoryRow } from './findings';
import { Keys } from './keys';
import { MeReader } from './me';
import { Policies } from './policy';
import type { Clock } from './time';
import { digestOf, Verifier, type AuthContext, type CheckResult, type Refusal } from './verify';

export type { Actor } from './actor';
export type { AuthContext, CheckResult, Refusal } from './verify';
export type { Upload } from './files';
export type { ChainVerdict } from './auditChain';
export { MAX_UPLOAD_BYTES } from './files';
export { keyBreaksPolicySql } from './policy';

export interface EngineOptions {
  now?: Clock;
  nativeBinding?: string;
  /** Per-call audit events older than this are pruned (docs/usage-and-rotation.md). Default 90. */
  auditRetentionDays?: number;
  /**
   * Run the rotation sweeper and retention on a timer (default on). Tests with a manual
   * clock turn it off and call maintain() themselves.
   */
  background?: boolean;
}

export interface BootstrapInput {
  email: string;
  firstName?: string;
  lastName?: string;
  orgName?: string;
}

export interface BootstrapResult {
  userId: number;
  orgId: number;
  orgUserId: number;
  apiKey: string;
}

export class Engine {
  readonly environment: Environment;
  private readonly core: EngineCore;
  // The domain modules: callers use them directly, e.g. engine.keys.create(actor, input).
  readonly keys: Keys;
  readonly policies: Policies;
  readonly directory: Directory;
  readonly audit: AuditLog;
  readonly files: Files;
  readonly findings: Findings;
  private readonly verifier: Verifier;
  private readonly maintenance: Maintenance;
  // Prepared once: me() is on every request's path (GET /user/users/me).
  private readonly meReader: MeReader;
  private readonly keyIdByDigest;

  private constructor(core: EngineCore, opts: EngineOptions) {
    this.core = core;
    chainLegacyEvents(core.db);
    const days = opts.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT;
    if (!Number.isInteger(days) || days < 1 || days > 36500)
      throw new KeywardenError('BAD_REQUEST', 'auditRetentionDays must be an integer from 1 to 36500');
    this.maintenance = new Maintenance(core, days);
    if (opts.background !== false) this.maintenance.start();
    this.environment = core.environment;
    this.policies = new Policies(core);
    this.keys = new Keys(core, this.policies);
    this.directory = new Directory(core);
    this.audit = new AuditLog(core);
    this.files = new Files(core);
    this.verifier = new Verifier(core);
    this.findings = new Findings(core, (r) => this.keys.meta(r));
    this.meReader = new MeReader(core);
    this.keyIdByDigest = core.db.prepare<[digest: Buffer], number>('SELECT id FROM api_keys WHERE digest = ?').pluck();
  }

  static open(file: string, opts: EngineOptions & Omit<OpenOptions, 'nativeBinding'> = {}): Engine {
    const { db, environment } = openDatabase(file, {
      create: opts.create,
      environment: opts.environment,
      nativeBinding: opts.nativeBinding,
      exclusive: opts.exclusive,
    });
    try {
      return new Engine(new EngineCore(db, environment, opts.now ?? Date.now), opts);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** A new database with a super admin who is admin of the first org and holds one full-scope key. */
  static create(
    file: string,
    environment: Environment,
    owner: BootstrapInput,
    opts: EngineOptions = {},
  ): { engine: Engine; created: BootstrapResult } {
    const engine = Engine.open(file, { ...opts, create: true, environment });
    try {
      return { engine, created: engine.bootstrap(owner) };
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /** A new database for a desktop profile: the owner and first org, and no key (the app acts as the owner directly). */
  static createForOwner(
    file: string,
    environment: Environment,
    owner: BootstrapInput,
    opts: EngineOptions = {},
  ): Engine {
    const engine = Engine.open(file, { ...opts, create: true, environment });
    try {
      engine.bootstrap(owner, false);
      return engine;
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  private bootstrap(input: BootstrapInput, mintKey = true): BootstrapResult {
    const { db } = this.core;
    if (getMeta(db, 'owner_user_id')) throw new KeywardenError('CONFLICT', 'this database already has an owner');
    const now = this.core.now();
    return db.transaction(() => {
      const userId = Number(
        db
          .prepare<[email: string, firstName: string, lastName: string, createdAt: number]>(
            `INSERT INTO users (email, first_name, last_name, is_super_admin, created_at)
        VALUES (?, ?, ?, 1, ?)`,
          )
          .run(input.email.toLowerCase(), input.firstName ?? 'Super', input.lastName ?? 'Admin', now).lastInsertRowid,
      );
      const orgId = Number(
        db
          .prepare<[name: string, createdAt: number]>(
            'INSERT INTO orgs (name, allow_user_keys, created_at) VALUES (?, 0, ?)',
          )
          .run(input.orgName ?? 'Default', now).lastInsertRowid,
      );
      const orgUserId = Number(
        db
          .prepare<[orgId: number, userId: number, createdAt: number]>(
            `INSERT INTO memberships (org_id, user_id, role, status, created_at)
        VALUES (?, ?, 'admin', 'active', ?)`,
          )
          .run(orgId, userId, now).lastInsertRowid,
      );
      setMeta(db, 'owner_user_id', String(userId));
      const apiKey = mintKey
        ? this.keys.create(localOwner(userId), {
            orgUserId,
            name: 'Initial key',
            scopes: ['ui', 'rest', 'integration'],
          }).apiKey
        : '';
      return { userId, orgId, orgUserId, apiKey };
    })();
  }

  /** The super admin who owns this database; the desktop app acts as them on a local profile. */
  owner(): Actor {
    const id = getMeta(this.core.db, 'owner_user_id');
    if (!id) throw new KeywardenError('NOT_FOUND', 'this database has no owner');
    const user = this.core.user(Number(id));
    if (user.status !== 'active' || user.is_super_admin !== 1)
      throw new KeywardenError('INACTIVE_USER', 'the owner of this database is not an active super admin');
    return localOwner(user.id);
  }

  authenticate(raw: string | null | undefined, ctx: AuthContext): Actor {
    return this.verifier.authenticate(raw, ctx);
  }

  /** authenticate(), with a refusal returned instead of thrown (verify.ts). */
  verify(raw: string | null | undefined, ctx: AuthContext): Actor | Refusal {
    return this.verifier.verify(raw, ctx);
  }

  checkKey(raw: string | null | undefined): CheckResult {
    return this.verifier.check(raw);
  }

  /** The id of the key with this digest, whatever its state, or null: how `scan` names a found key. */
  keyIdOf(raw: string): number | null {
    return this.keyIdByDigest.get(digestOf(raw.trim())) ?? null;
  }

  me(actor: Actor): Me {
    return this.meReader.me(actor);
  }

  /**
   * Adds past calls to a key's usage counters without making them (the desktop app's demo
   * data, so a new user sees charts at once). Not reachable over HTTP or IPC.
   */
  recordUsage(keyId: number, at: number, ok: number, denied: number): void {
    if (ok > 0) this.core.writes.count(keyId, at, 'ok', ok);
    if (denied > 0) this.core.writes.count(keyId, at, 'denied', denied);
  }

  // ---- retention, rotation, tamper evidence (docs/usage-and-rotation.md) ----
  get auditRetentionDays(): number {
    return this.maintenance.auditRetentionDays;
  }
  /** One round of the sweeper and retention now (the timer does this every few seconds). */
  maintain(): { revoked: number[]; pruned: number } {
    return this.maintenance.tick();
  }
  /** Checks the audit hash chain; pending events are written first. */
  verifyAudit(): ChainVerdict {
    this.flush();
    return verifyAuditChain(this.core.db);
  }

  /**
   * Logs an authenticated call that was refused before or around the engine (bad input,
   * bad paging) and not logged yet, so every authenticated call is in the audit (rule 12).
   */
  auditRejected(actor: Actor, route: { method: string; path: string }, error: KeywardenError): void {
    this.core.denied(actor, { action: `request:${route.method} ${route.path}`, orgId: actor.orgId }, error);
  }

  /** Writes pending lastUsedAt and audit entries now. */
  flush(): void {
    this.core.writes.flush();
  }

  get pendingWrites(): number {
    return this.core.writes.pending;
  }

  /** The underlying handle, for tests and the benchmark only. */
  get database() {
    return this.core.db;
  }

  close(): void {
    if (!this.core.db.open) return;
    this.maintenance.stop();
    this.core.writes.close();
    this.core.db.close();
  }
}
