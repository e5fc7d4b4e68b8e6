// The engine in-process. Its methods come from the route table, like the Core server's
// routes, and run the same handlers with the same input validation; only who is acting
// differs: the desktop app acts as the profile's owner, a test may act as any key.
import { isKeywardenError } from '../../shared/errors';
import type { HttpMethod } from '../../shared/vocabulary';
import { validate } from '../api/route';
import type { Actor, Engine } from '../engine';
import { RouteBackend, type RouteCall } from './operations';
import type { Backend } from './types';

/** Who acts on each call, asked afresh every time so that a demotion or revocation applies at once (rule 5). */
export type ActorSource = (call: { method: HttpMethod; scope: 'rest' | 'integration' }) => Actor;

export interface LocalBackendOptions {
  /** Default: the database's owner (the local super admin), re-read on every call. */
  actor?: ActorSource;
  /** Whether close() closes the engine (default true: the backend owns it). */
  ownsEngine?: boolean;
}

export class LocalBackend extends RouteBackend implements Backend {
  readonly kind = 'local' as const;
  readonly environment;
  private readonly actor: ActorSource;
  private readonly ownsEngine: boolean;

  constructor(
    private readonly engine: Engine,
    opts: LocalBackendOptions = {},
  ) {
    super();
    this.environment = engine.environment;
    this.actor = opts.actor ?? (() => engine.owner());
    this.ownsEngine = opts.ownsEngine ?? true;
  }

  /**
   * Acting as a raw key, verified on every call with the route's method and scope as the
   * Core server verifies it (a read-only key may only read). The engine stays open on close().
   */
  static as(engine: Engine, rawKey: string): LocalBackend {
    return new LocalBackend(engine, {
      actor: ({ method, scope }) => engine.authenticate(rawKey, { method, scope, impersonate: null }),
      ownsEngine: false,
    });
  }

  // Async, so a synchronous engine error becomes a rejected promise, like the remote's.
  protected async invoke({ route, params, input }: RouteCall): Promise<unknown> {
    const actor = this.actor({ method: route.method, scope: route.scope ?? 'rest' });
    try {
      const query = route.query ? validate(route.query, input ?? {}) : {};
      const body = route.body ? validate(route.body, input ?? (route.bodyOptional ? {} : undefined)) : undefined;
      return route.handle(this.engine, actor, { params, query, body, upload: null, origin: 'local:' });
    } catch (e) {
      // As the server does: a key's refused call is in the audit even when refused before the engine (rule 12).
      if (actor.key && isKeywardenError(e)) this.engine.auditRejected(actor, route, e);
      throw e;
    }
  }

  /** The audit hash chain of this profile's database (only a local profile has the file). */
  async verifyAudit() {
    this.engine.owner();
    return { ...this.engine.verifyAudit(), retentionDays: this.engine.auditRetentionDays };
  }

  async checkKey(raw: string) {
    return this.engine.checkKey(raw);
  }

  async close() {
    if (this.ownsEngine) this.engine.close();
  }
}
