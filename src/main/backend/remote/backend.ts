// The Backend interface over the Core HTTP API (docs/api.md), acting as the profile's
// credential. Replies are parsed with the domain's output schemas, so a wrong-shaped
// reply is BAD_RESPONSE and stray fields never reach the app.
import type { z } from 'zod';
import {
  auditEventSchema,
  createdKeySchema,
  keyUsageSchema,
  usageBatchReplySchema,
  type KeyUsage,
  type UsageBatch,
  type UsageBatchQuery,
  type UsageQuery,
  keyMetaSchema,
  meSchema,
  membershipSchema,
  orgSchema,
  pageSchema,
  policyPreviewSchema,
  policySchema,
  userSchema,
  type AddMemberInput,
  type AuditEvent,
  type CreateKeyInput,
  type CreateOrgInput,
  type CreatedKey,
  type Environment,
  type KeyCheck,
  type KeyMeta,
  type ListAuditQuery,
  type ListKeysQuery,
  type Me,
  type Membership,
  type Org,
  type Page,
  type PageQuery,
  type Policy,
  type PolicyPreview,
  type RollKeyInput,
  type UpdateKeyInput,
  type UpdateMemberInput,
  type UpdateOrgInput,
  type UpdateUserInput,
  type User,
} from '../../../shared/domain';
import { keyFindingsSchema, type KeyFindings, type KeyFindingsQuery } from '../../../shared/findings';
import { ERROR_STATUS, KeywardenError, isKeywardenError } from '../../../shared/errors';
import { envTag, parseKey, startOf } from '../../../shared/keyFormat';
import { assertRemoteUrl } from './serverUrl';
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

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Ids go into paths: only a positive safe integer may, so nothing can reshape the route. */
function seg(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new KeywardenError('BAD_REQUEST', 'ids are positive integers');
  return String(id);
}

/** "GET /user/apiKey": for messages, without the query. */
const whatOf = (method: Method, path: string): string => `${method} ${path.split('?')[0]}`;

function withQuery(path: string, q: Query): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    // A repeatable parameter (label) goes once per value.
    if (Array.isArray(v)) for (const item of v) search.append(k, item);
    else search.set(k, String(v));
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

export class RemoteBackend implements Backend {
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

  async whoami(): Promise<Me> {
    const me = await this.fetchMe();
    this.verified ??= Promise.resolve();
    return me;
  }

  async listOrgs(q: PageQuery = {}): Promise<Page<Org>> {
    return this.call('GET', withQuery('/user/orgs', { limit: q.limit, cursor: q.cursor }), pageSchema(orgSchema));
  }

  async createOrg(input: CreateOrgInput): Promise<Org> {
    return this.call('POST', '/user/orgs', orgSchema, input);
  }

  async updateOrg(orgId: number, patch: UpdateOrgInput): Promise<Org> {
    return this.call('PATCH', `/user/orgs/${seg(orgId)}`, orgSchema, patch);
  }

  async getPolicy(orgId: number): Promise<Policy> {
    return this.call('GET', `/user/orgs/${seg(orgId)}/policy`, policySchema);
  }

  async putPolicy(orgId: number, policy: Policy): Promise<Policy> {
    return this.call('PUT', `/user/orgs/${seg(orgId)}/policy`, policySchema, policy);
  }

  async previewPolicy(orgId: number, policy: Policy): Promise<PolicyPreview> {
    return this.call('POST', `/user/orgs/${seg(orgId)}/policy/preview`, policyPreviewSchema, policy);
  }

  async listMembers(orgId: number, q: PageQuery = {}): Promise<Page<Membership>> {
    return this.call(
      'GET',
      withQuery(`/user/org/${seg(orgId)}/users`, { limit: q.limit, cursor: q.cursor }),
      pageSchema(membershipSchema),
    );
  }

  async getMembership(orgId: number, userId: number): Promise<Membership> {
    return this.call('GET', `/user/org/${seg(orgId)}/user/${seg(userId)}`, membershipSchema);
  }

  async addMember(orgId: number, input: AddMemberInput): Promise<Membership> {
    return this.call('POST', `/user/org/${seg(orgId)}/users`, membershipSchema, input);
  }

  async updateMember(orgId: number, userId: number, patch: UpdateMemberInput): Promise<Membership> {
    return this.call('PATCH', `/user/org/${seg(orgId)}/user/${seg(userId)}`, membershipSchema, patch);
  }

  async removeMember(orgId: number, userId: number): Promise<void> {
    await this.callForNothing('DELETE', `/user/org/${seg(orgId)}/user/${seg(userId)}`);
  }

  async updateUser(userId: number, patch: UpdateUserInput): Promise<User> {
    return this.call('PATCH', `/user/users/${seg(userId)}`, userSchema, patch);
  }

  async listKeys(q: ListKeysQuery): Promise<Page<KeyMeta>> {
    const path = withQuery('/user/apiKey', {
      orgUserId: q.orgUserId,
      orgId: q.orgId,
      includeRevoked: q.includeRevoked,
      q: q.q,
      status: q.status,
      kind: q.kind,
      expiresBefore: q.expiresBefore,
      lastUsedBefore: q.lastUsedBefore,
      neverUsed: q.neverUsed,
      label: q.label,
      limit: q.limit,
      cursor: q.cursor,
    });
    return this.call('GET', path, pageSchema(keyMetaSchema));
  }

  async getKey(id: number): Promise<KeyMeta> {
    return this.call('GET', `/user/apiKey/${seg(id)}`, keyMetaSchema);
  }

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    return this.call('POST', '/user/apiKey', createdKeySchema, input);
  }

  async updateKey(id: number, patch: UpdateKeyInput): Promise<KeyMeta> {
    return this.call('PATCH', `/user/apiKey/${seg(id)}`, keyMetaSchema, patch);
  }

  async deleteKey(id: number): Promise<void> {
    await this.callForNothing('DELETE', `/user/apiKey/${seg(id)}`);
  }

  async rollKey(id: number, input: RollKeyInput): Promise<CreatedKey> {
    return this.call('POST', `/user/apiKey/${seg(id)}/roll`, createdKeySchema, input);
  }

  async listAudit(q: ListAuditQuery): Promise<Page<AuditEvent>> {
    const path = withQuery('/user/audit', {
      orgId: q.orgId,
      action: q.action,
      outcome: q.outcome,
      keyId: q.keyId,
      aboutKeyId: q.aboutKeyId,
      actorUserId: q.actorUserId,
      since: q.since,
      until: q.until,
      limit: q.limit,
      cursor: q.cursor,
    });
    return this.call('GET', path, pageSchema(auditEventSchema));
  }

  async keyFindings(q: KeyFindingsQuery): Promise<KeyFindings> {
    const path = withQuery('/user/keyFindings', {
      orgId: q.orgId,
      code: q.code,
      expiringDays: q.expiringDays,
      idleDays: q.idleDays,
      neverUsedDays: q.neverUsedDays,
      rotationDays: q.rotationDays,
      label: q.label,
      limit: q.limit,
      cursor: q.cursor,
    });
    return this.call('GET', path, keyFindingsSchema);
  }

  async keyUsage(id: number, q: UsageQuery): Promise<KeyUsage> {
    const path = withQuery(`/user/apiKey/${seg(id)}/usage`, { from: q.from, to: q.to, granularity: q.granularity });
    return this.call('GET', path, keyUsageSchema);
  }

  async keysUsage(q: UsageBatchQuery): Promise<UsageBatch> {
    const path = withQuery('/user/apiKey/usage', {
      ids: q.ids.join(','),
      from: q.from,
      to: q.to,
      granularity: q.granularity,
    });
    return this.call('GET', path, usageBatchReplySchema);
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
