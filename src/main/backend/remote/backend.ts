// The Backend interface over the Core HTTP API (docs/api.md), acting as the profile's
// credential. Its methods come from the route table (src/main/api/routes.ts); replies are
// parsed with the routes' output schemas, so a wrong-shaped reply is BAD_RESPONSE and
// stray fields never reach the app.
import type { z } from 'zod';
import { meSchema, type Environment, type KeyCheck, type Me } from '../../../shared/domain';
import { ERROR_STATUS, KeywardenError, isKeywardenError } from '../../../shared/errors';
import { envTag, parseKey, startOf } from '../../../shared/keyFormat';
import { assertRemoteUrl } from './serverUrl';
import { queryTypes, type QuerySchema } from '../../api/route';
import { RouteBackend, type RouteCall } from '../operations';
import type { Backend } from '../types';
import { parseReply, redactKeys, replyError, serverError } from './replies';
import { Transport, type Method, type RawReply, type TransportOptions } from './transport';

export interface RemoteBackendOptions extends TransportOptions {
  /** Check on first use that the server agrees with the profile's environment (default on). */
  verifyEnvironment?: boolean;
}

export interface RemoteProfile {
  url: string;
  environment: Environment;
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

/** Ids go into paths: only a positive safe integer may, so nothing can reshape the route. */
function seg(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new KeywardenError('BAD_REQUEST', 'ids are positive integers');
  return String(id);
}

/** "GET /user/apiKey": for messages, without the query. */
const whatOf = (method: Method, path: string): string => `${method} ${path.split('?')[0]}`;

/** Only the fields the route's query schema declares; an array is the same name repeated. */
function withQuery(path: string, schema: QuerySchema, q: Query): string {
  const search = new URLSearchParams();
  const types = queryTypes(schema);
  for (const k of Object.keys(types)) {
    const v = q[k];
    if (Array.isArray(v) && types[k] === 'ids') search.set(k, v.join(','));
    else if (Array.isArray(v)) for (const item of v) search.append(k, String(item));
    else if (v !== undefined) search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Refuses, before any request, a credential that is not a key or is for the other
 * environment: a production profile never sends a sandbox key, nor the reverse.
 */
export function assertCredential(credential: string, environment: Environment): string {
  const parsed = parseKey(credential);
  if (!parsed.ok) {
    throw new KeywardenError(
      parsed.code,
      `the profile's credential is not a Keywarden key (${parsed.reason}): edit the profile and paste the whole key`,
    );
  }
  if (parsed.env !== environment) {
    throw new KeywardenError(
      'WRONG_ENVIRONMENT',
      `this is a ${environment} profile but its credential is a ${parsed.env} key (${startOf(credential)}…): edit the profile and paste a ${environment} key (kw_${envTag(environment)}_…)`,
    );
  }
  return credential.trim();
}

export class RemoteBackend extends RouteBackend implements Backend {
  readonly kind = 'remote' as const;
  readonly environment: Environment;
  /** `scheme://host:port` of the server, for messages. */
  readonly origin: string;
  private readonly transport: Transport;
  /** An ES private field: invisible to util.inspect, Object.keys and JSON. */
  readonly #credential: string;
  private readonly verify: boolean;
  private verified: Promise<void> | null = null;

  constructor(profile: RemoteProfile, credential: string, opts: RemoteBackendOptions = {}) {
    super();
    assertRemoteUrl(profile.url, profile.environment);
    this.environment = profile.environment;
    this.#credential = assertCredential(credential, profile.environment);
    this.transport = new Transport(profile.url, opts);
    this.origin = this.transport.origin;
    this.verify = opts.verifyEnvironment ?? true;
  }

  toJSON(): object {
    return { kind: this.kind, environment: this.environment, origin: this.origin };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RemoteBackend(${this.environment} ${this.origin})`;
  }

  private async raw(method: Method, path: string, body?: unknown, credential = this.#credential): Promise<RawReply> {
    return this.transport.send({ method, path, body, credential });
  }

  // Every public method is async, so even a refusal before any request is a rejected promise.
  private async call<T extends z.ZodTypeAny>(
    method: Method,
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<z.output<T>> {
    if (this.verify) await this.ensureVerified();
    return this.request(method, path, schema, body);
  }

  /** For the routes that answer 204 with no body. */
  private async callForNothing(method: Method, path: string): Promise<void> {
    if (this.verify) await this.ensureVerified();
    await this.exchange(method, path);
  }

  private async request<T extends z.ZodTypeAny>(
    method: Method,
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<z.output<T>> {
    const reply = await this.exchange(method, path, body);
    return parseReply(reply, schema, whatOf(method, path), this.origin);
  }

  private async exchange(method: Method, path: string, body?: unknown): Promise<RawReply> {
    const reply = await this.raw(method, path, body);
    if (reply.status < 200 || reply.status >= 300) throw replyError(reply, whatOf(method, path), this.origin);
    return reply;
  }

  /** Once per backend: the server must take this credential as a key of the profile's environment. */
  private ensureVerified(): Promise<void> {
    this.verified ??= this.fetchMe().then(
      () => undefined,
      (e: unknown) => {
        this.verified = null;
        throw e;
      },
    );
    return this.verified;
  }

  private async fetchMe(): Promise<Me> {
    const me = await this.request('GET', '/user/users/me', meSchema);
    const start = me.key?.start;
    if (start !== undefined && !start.startsWith(`kw_${envTag(this.environment)}_`)) {
      throw new KeywardenError(
        'WRONG_ENVIRONMENT',
        `the server at ${this.origin} reports a key of another environment than this ${this.environment} profile: check the profile's URL and environment`,
      );
    }
    return me;
  }

  /** `whoami` also settles the environment check, so it does not ask twice. */
  private async whoamiVerifying(): Promise<Me> {
    const me = await this.fetchMe();
    this.verified ??= Promise.resolve();
    return me;
  }

  /** Every route's method: the path from its ids, the query from the route's own schema, the reply parsed with its output schema. */
  protected async invoke({ name, route, params, input }: RouteCall): Promise<unknown> {
    if (name === 'whoami') return this.whoamiVerifying();
    const path = route.path.replace(/:(\w+)/g, (_, name: string) => seg(params[name]));
    if (route.body) return this.call(route.method, path, route.output, input ?? (route.bodyOptional ? {} : undefined));
    const withQ = route.query ? withQuery(path, route.query, (input ?? {}) as Query) : path;
    if (route.status === 204) return this.callForNothing(route.method, withQ);
    return this.call(route.method, withQ, route.output);
  }

  /**
   * Offline format and environment first; then the server authenticates the pasted key
   * on `GET /user/users/me`. The key is sent once, as a header, and kept nowhere.
   */
  async checkKey(raw: string): Promise<KeyCheck> {
    const parsed = parseKey(raw);
    if (!parsed.ok) return { valid: false, code: parsed.code, reason: parsed.reason, start: startOf(raw) };
    if (parsed.env !== this.environment) {
      return {
        valid: false,
        code: 'WRONG_ENVIRONMENT',
        reason: `this is a ${parsed.env} key; this profile is ${this.environment}`,
        start: parsed.start,
      };
    }
    let reply: RawReply;
    try {
      reply = await this.raw('GET', '/user/users/me', undefined, raw.trim());
    } catch (e) {
      // Transport messages never hold the key, but say what was being done.
      if (isKeywardenError(e))
        throw new KeywardenError(e.code, `could not check the key with the server: ${e.message}`);
      throw e;
    }
    const valid: KeyCheck = { valid: true, start: parsed.start, environment: this.environment, status: 'enabled' };
    if (reply.status >= 200 && reply.status < 300) return valid;
    const err = serverError(reply);
    const status = err && (ERROR_STATUS as Record<string, number>)[err.code];
    // A key that authenticates but lacks the REST scope (a ui-only key) is still a valid key.
    if (err && reply.status === 403 && err.code === 'SCOPE_DENIED') return valid;
    if (err && reply.status === 401 && status === 401) {
      return { valid: false, code: err.code, reason: redactKeys(err.message) || err.code, start: parsed.start };
    }
    throw replyError(reply, 'GET /user/users/me', this.origin);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
