import { randomBytes } from 'node:crypto';
import type {
  CreateKeyInput,
  CreatedKey,
  ExtendGraceInput,
  KeyMeta,
  ListKeysQuery,
  KeyUsage,
  Page,
  Policy,
  RollKeyInput,
  UpdateKeyInput,
  UsageBatch,
  UsageBatchQuery,
  UsageQuery,
} from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { assertName } from '../../shared/text';
import { formatKey, START_LENGTH } from '../../shared/keyFormat';
import { powerIn, type Actor, type Power } from './actor';
import { forbid, type EngineCore } from './core';
import { StatementCache } from './db';
import { decodeCursor, limitOf, toPage } from './paging';
import { KEY_SELECT, parseScopes, toKeyMeta, type KeyRow, type MembershipRow, type OrgRow, type UserRow } from './rows';
import { DEFAULT_SCOPES, QUIET_MAX_SECONDS, QUIET_MIN_SECONDS } from '../../shared/vocabulary';
import { hasFilters, keyFilterSql, registerFold } from './keyFilters';
import { iso, isoNN } from './time';
import { UsageReader, usageWindow } from './usage';
import { digestOf } from './verify';
import { labelFilterSql, readLabels, storedLabels } from './labels';
import { enforce, type Policies } from './policy';
import { newGraceEnd } from './rotation';
import { admitNewKey, parseExpiry, type KeyOwner, type NewKey } from './newKey';

const conflict = (message: string): never => {
  throw new KeywardenError('CONFLICT', message);
};

/** The rows a plan reads; createMany reads each once per call instead of once per key. */
interface Rows {
  membership(id: number): MembershipRow;
  org(id: number): OrgRow;
  user(id: number): UserRow;
  policy(orgId: number): Policy;
}

function memoRows(rows: Rows): Rows {
  const memo = <T>(fn: (id: number) => T) => {
    const seen = new Map<number, T>();
    return (id: number): T => {
      let v = seen.get(id);
      if (v === undefined) {
        v = fn(id);
        seen.set(id, v);
      }
      return v;
    };
  };
  return {
    membership: memo((id) => rows.membership(id)),
    org: memo((id) => rows.org(id)),
    user: memo((id) => rows.user(id)),
    policy: memo((id) => rows.policy(id)),
  };
}

export class Keys {
  private readonly insert;
  private readonly byId;
  private readonly membershipOrg;
  private readonly keyOrg;
  private readonly revoke;
  private readonly markRolled;
  private readonly setExpiry;
  /** The key list's and PATCH's statements, built from their filters and fields; one per combination. */
  private readonly listQueries;
  private readonly updates;
  private readonly rows: Rows;
  private readonly usageReader;

  constructor(
    private readonly core: EngineCore,
    private readonly policies: Policies,
  ) {
    this.rows = {
      membership: (id) => core.membership(id),
      org: (id) => core.org(id),
      user: (id) => core.user(id),
      policy: (orgId) => policies.of(orgId),
    };
    // Positional: binding by name costs a property lookup per column, per key (createMany mints thousands).
    this.insert = core.db.prepare<
      [
        kind: NewKey['kind'],
        orgId: number,
        membershipId: number | null,
        name: string,
        description: string,
        start: string,
        digest: Buffer,
        scopes: string,
        readOnly: 0 | 1,
        canImpersonate: 0 | 1,
        status: NewKey['status'],
        disabledByAdmin: 0 | 1,
        expiresAt: number | null,
        createdAt: number,
        createdBy: number | null,
        labels: string | null,
        rolledFrom: number | null,
      ]
    >(`INSERT INTO api_keys (kind, org_id, membership_id, name, description, start,
      digest, scopes, read_only, can_impersonate, status, disabled_by_admin, expires_at, created_at, created_by, labels,
      rolled_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.byId = core.db.prepare<[id: number], KeyRow>(`${KEY_SELECT} WHERE k.id = ?`);
    // Where an audit entry belongs, looked up on every key call: prepared once.
    this.membershipOrg = core.db
      .prepare<[membershipId: number], number>('SELECT org_id FROM memberships WHERE id = ?')
      .pluck();
    this.keyOrg = core.db.prepare<[id: number], number>('SELECT org_id FROM api_keys WHERE id = ?').pluck();
    this.revoke = core.db.prepare<[at: number, id: number]>('UPDATE api_keys SET revoked_at = ? WHERE id = ?');
    this.markRolled = core.db.prepare<
      [expiresAt: number, rolledTo: number, rolledAt: number, revokeWhenQuietSeconds: number | null, id: number]
    >('UPDATE api_keys SET expires_at = ?, rolled_to = ?, rolled_at = ?, revoke_when_quiet_seconds = ? WHERE id = ?');
    this.setExpiry = core.db.prepare<[expiresAt: number | null, id: number]>(
      'UPDATE api_keys SET expires_at = ? WHERE id = ?',
    );
    this.listQueries = new StatementCache<unknown[], KeyRow>(core.db);
    this.updates = new StatementCache<Record<string, unknown>>(core.db);
    registerFold(core.db);
    this.usageReader = new UsageReader(core.db);
  }

  private row(id: number): KeyRow {
    const row = this.byId.get(id);
    if (!row) throw new KeywardenError('NOT_FOUND', `key ${id} does not exist`);
    return row;
  }

  meta(row: KeyRow): KeyMeta {
    return toKeyMeta(row, this.core.writes.pendingLastUse(row.id));
  }

  /**
   * Mints a key and stores only its digest. The raw key lives on in the reply alone.
   * `secret` is 20 bytes from crypto.randomBytes; createMany draws them in one call.
   */
  mint(k: NewKey, secret: Uint8Array = randomBytes(20)): CreatedKey {
    const apiKey = formatKey(this.core.environment, secret);
    const start = apiKey.slice(0, START_LENGTH);
    const createdAt = this.core.now();
    const info = this.insert.run(
      k.kind,
      k.orgId,
      k.membershipId,
      k.name,
      k.description,
      start,
      digestOf(apiKey),
      k.scopes.join(','),
      k.readOnly ? 1 : 0,
      k.canImpersonate ? 1 : 0,
      k.status,
      k.disabledByAdmin ? 1 : 0,
      k.expiresAt,
      createdAt,
      k.createdBy,
      k.labels,
      k.rolledFrom ?? null,
    );
    // The reply is built from what was inserted rather than read back: one statement per key, not two.
    return {
      id: Number(info.lastInsertRowid),
      kind: k.kind,
      orgId: k.orgId,
      orgUserId: k.membershipId,
      userId: k.userId,
      name: k.name,
      description: k.description,
      start,
      scopes: [...k.scopes],
      readOnly: k.readOnly,
      canImpersonate: k.canImpersonate,
      status: k.status,
      disabledByAdmin: k.status === 'disabled' && k.disabledByAdmin,
      expiresAt: iso(k.expiresAt),
      createdAt: this.isoOf(createdAt),
      createdBy: k.createdBy,
      lastUsedAt: null,
      revokedAt: null,
      rolledTo: null,
      labels: readLabels(k.labels),
      rolledFrom: k.rolledFrom ?? null,
      revokeWhenQuietSeconds: null,
      lastUsedFrom: null,
      apiKey,
    };
  }

  // Keys minted in one call share their creation millisecond; format it once.
  private lastIso = { ms: -1, text: '' };
  private isoOf(ms: number): string {
    if (this.lastIso.ms !== ms) this.lastIso = { ms, text: isoNN(ms) };
    return this.lastIso.text;
  }

  private expiry(value: string | null | undefined): number | null {
    return parseExpiry(value, this.core.now());
  }

  /** Who may create this key (rules 2–5); the key itself is judged by admitNewKey. Returns what to mint. */
  private plan(actor: Actor, input: CreateKeyInput, rows: Rows = this.rows): NewKey {
    let owner: KeyOwner | null = null;
    let orgId: number;
    if ('orgId' in input) {
      rows.org(input.orgId);
      if (powerIn(actor, input.orgId) !== 'admin') forbid('only admins of the org create org keys');
      orgId = input.orgId;
    } else {
      const membership = rows.membership(input.orgUserId);
      const org = rows.org(membership.org_id);
      owner = { membership, user: rows.user(membership.user_id) };
      this.mayManageKeysOf(actor, membership, org, 'create keys for');
      orgId = membership.org_id;
    }
    return admitNewKey(
      actor,
      {
        kind: owner ? 'user' : 'org',
        orgId,
        membershipId: owner?.membership.id ?? null,
        userId: owner?.membership.user_id ?? null,
        owner,
        name: input.name,
        description: input.description ?? '',
        scopes: input.scopes ?? [...DEFAULT_SCOPES],
        readOnly: input.readOnly ?? false,
        canImpersonate: input.canImpersonate === true,
        status: 'enabled',
        disabledByAdmin: false,
        expiresAt: input.expiresAt,
        keptExpiry: null,
        createdBy: actor.userId,
        labels: storedLabels(input.labels),
      },
      rows.policy(orgId),
      this.core.now(),
    );
  }

  /** Admins of the org, or a member for their own membership while allowUserKeys is on (rule 2). */
  private mayManageKeysOf(actor: Actor, m: MembershipRow, org: OrgRow, what: string): Power {
    const power = powerIn(actor, m.org_id);
    if (power === 'admin') return power;
    if (power === 'none') forbid(`you have no power in org ${m.org_id}`);
    if (actor.orgUserId !== m.id) forbid(`only admins ${what} other members' keys`);
    if (org.allow_user_keys !== 1) forbid(`org ${org.id} does not allow users to manage their own keys`);
    return power;
  }

  create(actor: Actor, input: CreateKeyInput): CreatedKey {
    return this.core.mutate(
      actor,
      (k?: CreatedKey) => ({
        action: 'key.create',
        orgId: k?.orgId ?? this.orgHint(input),
        targetType: 'apiKey',
        targetId: k?.id ?? null,
      }),
      () => this.mint(this.plan(actor, input)),
    );
  }

  /** Many keys in one transaction: one audit entry per key, all or nothing. */
  createMany(actor: Actor, inputs: CreateKeyInput[]): CreatedKey[] {
    return this.core.mutate(
      actor,
      (ks?: CreatedKey[]) => ({
        action: 'key.create_many',
        orgId: ks?.[0]?.orgId ?? null,
        targetType: 'apiKey',
        targetId: null,
      }),
      () => {
        const rows = memoRows(this.rows);
        const secrets = randomBytes(20 * inputs.length);
        // Every refusal by the policy is reported, each with its key, before anything is minted.
        const refused: string[] = [];
        const plans = inputs.map((input, i) => {
          try {
            return this.plan(actor, input, rows);
          } catch (e) {
            if (!(e instanceof KeywardenError) || e.code !== 'POLICY_VIOLATION') throw e;
            refused.push(`key ${i + 1} (${JSON.stringify(input.name.slice(0, 60))}): ${e.message}`);
            return null;
          }
        });
        if (refused.length)
          throw new KeywardenError(
            'POLICY_VIOLATION',
            `${refused.length} of ${inputs.length} keys break the org's key policy; nothing was created. ${refused.join(' | ')}`,
          );
        const created = (plans as NewKey[]).map((k, i) => this.mint(k, secrets.subarray(20 * i, 20 * i + 20)));
        const at = this.core.now();
        this.core.writes.writeAuditsNow(
          created.map((k) => ({
            at,
            orgId: k.orgId,
            action: 'key.create',
            outcome: 'ok',
            code: null,
            actorUserId: actor.userId,
            impersonatorUserId: actor.impersonatorUserId,
            keyId: actor.key?.id ?? null,
            keyStart: actor.key?.start ?? null,
            targetType: 'apiKey',
            targetId: k.id,
          })),
        );
        return created;
      },
    );
  }

  private orgHint(input: CreateKeyInput): number | null {
    return 'orgId' in input ? input.orgId : (this.membershipOrg.get(input.orgUserId) ?? null);
  }

  /** Who may see a key: admins of its org, or its own member. */
  private visible(actor: Actor, row: KeyRow): void {
    const power = powerIn(actor, row.org_id);
    if (power === 'none') forbid(`you have no power in org ${row.org_id}`);
    if (power === 'member' && (row.kind !== 'user' || row.membership_id !== actor.orgUserId))
      forbid('members see only their own keys');
  }

  /** Rules 2, 3 and 8: admins manage every key of their org; members only their own user keys, if allowed. */
  private manageable(actor: Actor, row: KeyRow): Power {
    const power = powerIn(actor, row.org_id);
    if (power === 'none') forbid(`you have no power in org ${row.org_id}`);
    if (power === 'admin') return power;
    if (row.kind === 'org') forbid('only admins manage org keys');
    const m = this.core.membership(row.membership_id as number);
    return this.mayManageKeysOf(actor, m, this.core.org(row.org_id), 'manage');
  }

  /** Rule 17: a super admin's key is disabled, expired, deleted or rolled only by a super admin. */
  private guardSuperAdminKey(actor: Actor, row: KeyRow, what: string): void {
    if (row.kind !== 'user' || actor.isSuperAdmin) return;
    if (this.core.user(row.user_id as number).is_super_admin === 1)
      forbid(`only a super admin may ${what} a super admin's key`);
  }

  get(actor: Actor, id: number): KeyMeta {
    // Logged under the key's org so that the org's admins see the read in their audit log.
    return this.core.read(
      actor,
      { action: 'key.read', orgId: this.orgOfKey(id), targetType: 'apiKey', targetId: id },
      () => {
        const row = this.row(id);
        this.visible(actor, row);
        return this.meta(row);
      },
    );
  }

  list(actor: Actor, q: ListKeysQuery): Page<KeyMeta> {
    const limit = limitOf(q.limit);
    const after = decodeCursor(q.cursor) ?? 0;
    const revoked = q.includeRevoked ? '' : 'AND k.revoked_at IS NULL';
    const labels = labelFilterSql('k', q.label);
    const orgId = q.orgId ?? this.orgOfMembership(q.orgUserId as number);
    return this.core.read(
      actor,
      {
        action: 'key.list',
        orgId,
        targetType: q.orgId ? 'org' : 'membership',
        targetId: q.orgId ?? q.orgUserId ?? null,
      },
      () => {
        let rows: KeyRow[];
        // lastUsedBefore and neverUsed judge lastUsedAt: include what verification has seen.
        if (q.lastUsedBefore !== undefined || q.neverUsed !== undefined) this.core.writes.flush();
        // Named parameters, bound after the positional ones (better-sqlite3 takes both in one call).
        const f = hasFilters(q) ? keyFilterSql(q, this.core.now()) : null;
        const filter = { sql: f?.sql ?? '', bind: f?.sql ? [f.params] : [] };
        if (q.orgUserId !== undefined) {
          const power = powerIn(actor, orgId);
          if (power === 'none') forbid(`you have no power in org ${orgId}`);
          if (power === 'member' && actor.orgUserId !== q.orgUserId) forbid('members see only their own keys');
          rows = this.listQueries
            .get(
              `${KEY_SELECT} WHERE k.membership_id = ? AND k.id > ? ${revoked} ${labels.sql} ${filter.sql} ORDER BY k.id LIMIT ?`,
            )
            .all(q.orgUserId, after, ...labels.params, limit + 1, ...filter.bind);
        } else {
          this.core.org(orgId);
          const power = powerIn(actor, orgId);
          if (power === 'none') forbid(`you have no power in org ${orgId}`);
          const own = power === 'member' ? 'AND k.membership_id = ?' : '';
          rows = this.listQueries
            .get(
              `${KEY_SELECT} WHERE k.org_id = ? AND k.id > ? ${own} ${revoked} ${labels.sql} ${filter.sql} ORDER BY k.id LIMIT ?`,
            )
            .all(orgId, after, ...(own ? [actor.orgUserId] : []), ...labels.params, limit + 1, ...filter.bind);
        }
        return toPage(rows, limit, (r) => this.meta(r));
      },
    );
  }

  /** Whoever may read a key may read its usage (docs/usage-and-rotation.md). */
  usage(actor: Actor, id: number, q: UsageQuery): KeyUsage {
    return this.usageOf(actor, [id], q).items[0];
  }

  /** Usage of many keys in one call: the keys table's sparklines, one request per page. */
  /** Usage of several keys over one window (the keys table's sparklines). */
  usageBatch(actor: Actor, q: UsageBatchQuery): UsageBatch {
    const { ids, ...window } = q;
    return this.usageOf(actor, ids, window);
  }

  usageOf(actor: Actor, ids: number[], q: UsageQuery): UsageBatch {
    const first = ids[0];
    return this.core.read(
      actor,
      {
        action: 'key.usage',
        orgId: first === undefined ? null : this.orgOfKey(first),
        targetType: 'apiKey',
        targetId: ids.length === 1 ? first : null,
      },
      () => {
        const w = usageWindow(q, this.core.now());
        for (const id of ids) this.visible(actor, this.row(id));
        // Reads include pending writes (docs/rules.md).
        this.core.writes.flush();
        return { items: ids.map((id) => this.usageReader.read(id, w)) };
      },
    );
  }

  private orgOfMembership(membershipId: number): number {
    const orgId = this.membershipOrg.get(membershipId);
    if (orgId === undefined) throw new KeywardenError('NOT_FOUND', `membership ${membershipId} does not exist`);
    return orgId;
  }

  /** The membership (removed ones too) and user of a user key; null for an org key. */
  private ownerOf(row: KeyRow): KeyOwner | null {
    if (row.kind !== 'user' || row.membership_id === null) return null;
    const membership = this.core.membershipRow(row.membership_id);
    return { membership, user: this.core.user(membership.user_id) };
  }

  private live(row: KeyRow): void {
    if (row.revoked_at !== null) conflict(`key ${row.id} was deleted`);
  }

  update(actor: Actor, id: number, patch: UpdateKeyInput): KeyMeta {
    const action =
      patch.status === 'disabled' ? 'key.disable' : patch.status === 'enabled' ? 'key.enable' : 'key.update';
    return this.core.mutate(
      actor,
      () => ({ action, orgId: this.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.row(id);
        const power = this.manageable(actor, row);
        // An expiry is a disable with a delay; clearing one locks no one out.
        if (patch.status === 'disabled' || (patch.expiresAt !== undefined && patch.expiresAt !== null))
          this.guardSuperAdminKey(actor, row, 'disable or set an expiry on');
        this.live(row);
        if (row.rolled_to !== null) conflict(`key ${id} was rolled; in its grace period it may only be deleted`);
        if (
          patch.status === 'enabled' &&
          row.status === 'disabled' &&
          row.disabled_by_admin === 1 &&
          power !== 'admin'
        ) {
          forbid('an admin disabled this key; only an admin may enable it');
        }
        const sets: string[] = [];
        const values: Record<string, unknown> = { id };
        assertName('name', patch.name);
        if (patch.name !== undefined) {
          sets.push('name = @name');
          values.name = patch.name;
        }
        if (patch.description !== undefined) {
          sets.push('description = @description');
          values.description = patch.description;
        }
        if (patch.expiresAt !== undefined) {
          const expiresAt = this.expiry(patch.expiresAt);
          // docs/policies-and-labels.md: the key that would result is checked whole, not only its expiry.
          enforce(
            this.policies.of(row.org_id),
            { kind: row.kind, scopes: parseScopes(row.scopes), canImpersonate: row.can_impersonate === 1, expiresAt },
            this.core.now(),
          );
          sets.push('expires_at = @expiresAt');
          values.expiresAt = expiresAt;
        }
        if (patch.labels !== undefined) {
          sets.push('labels = @labels');
          values.labels = storedLabels(patch.labels);
        }
        // An admin's disable locks the member out of re-enabling (rule 2), even when the
        // member had already disabled the key themselves.
        const byAdmin = patch.status === 'disabled' && power === 'admin';
        if (patch.status !== undefined && (patch.status !== row.status || (byAdmin && row.disabled_by_admin === 0))) {
          sets.push('status = @status', 'disabled_by_admin = @dba');
          values.status = patch.status;
          values.dba = byAdmin ? 1 : 0;
        }
        if (sets.length) this.updates.get(`UPDATE api_keys SET ${sets.join(', ')} WHERE id = @id`).run(values);
        return this.meta(this.row(id));
      },
    );
  }

  private orgOfKey(id: number): number | null {
    return this.keyOrg.get(id) ?? null;
  }

  remove(actor: Actor, id: number): void {
    this.core.mutate(
      actor,
      () => ({ action: 'key.delete', orgId: this.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.row(id);
        this.manageable(actor, row);
        this.guardSuperAdminKey(actor, row, 'delete');
        this.live(row);
        this.revoke.run(this.core.now(), id);
      },
    );
  }

  /** Rule 15: the new key copies every setting; the old one expires after the grace period. */
  roll(actor: Actor, id: number, input: RollKeyInput): CreatedKey {
    return this.core.mutate(
      actor,
      (k?: CreatedKey) => ({
        action: 'key.roll',
        orgId: this.orgOfKey(id),
        targetType: 'apiKey',
        targetId: k?.id ?? id,
      }),
      () => {
        const quiet = input.revokeWhenQuietSeconds;
        // Checked here too, not only by the input schemas: every caller goes through the engine.
        if (quiet !== undefined && (!Number.isInteger(quiet) || quiet < QUIET_MIN_SECONDS || quiet > QUIET_MAX_SECONDS))
          throw new KeywardenError(
            'BAD_REQUEST',
            `revokeWhenQuietSeconds must be an integer from ${QUIET_MIN_SECONDS} to ${QUIET_MAX_SECONDS}`,
          );
        const row = this.row(id);
        this.manageable(actor, row);
        this.guardSuperAdminKey(actor, row, 'roll');
        this.live(row);
        if (row.rolled_to !== null)
          conflict(`key ${id} was already rolled; in its grace period it may only be deleted`);
        const now = this.core.now();
        // A copy of an expired key would be dead on arrival (rule 15 copies expiresAt).
        if (row.expires_at !== null && row.expires_at <= now)
          conflict(`key ${id} has expired; create a new key instead`);
        const grace = input.gracePeriodSeconds ?? 0;
        // Rule 15: a copy of every setting. docs/policies-and-labels.md: the new key may be
        // given its own expiry, so a key can be rolled into compliance.
        const next = admitNewKey(
          actor,
          {
            kind: row.kind,
            orgId: row.org_id,
            membershipId: row.membership_id,
            userId: row.user_id,
            owner: this.ownerOf(row),
            name: row.name,
            description: row.description,
            scopes: parseScopes(row.scopes),
            readOnly: row.read_only === 1,
            canImpersonate: row.can_impersonate === 1,
            status: row.status,
            disabledByAdmin: row.disabled_by_admin === 1,
            expiresAt: input.expiresAt,
            keptExpiry: row.expires_at,
            createdBy: actor.userId,
            labels: row.labels,
            rolledFrom: id,
          },
          this.policies.of(row.org_id),
          now,
          grace,
        );
        const created = this.mint(next);
        const graceEnd = now + grace * 1000;
        const oldExpiry = row.expires_at === null ? graceEnd : Math.min(graceEnd, row.expires_at);
        this.markRolled.run(oldExpiry, created.id, now, input.revokeWhenQuietSeconds ?? null, id);
        return created;
      },
    );
  }

  /**
   * Moves a rolled key's grace end later (docs/usage-and-rotation.md). Who may: whoever may
   * roll the key. The bounds are in ./rotation.ts.
   */
  extendGrace(actor: Actor, id: number, input: ExtendGraceInput): KeyMeta {
    return this.core.mutate(
      actor,
      () => ({ action: 'key.extend_grace', orgId: this.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.row(id);
        this.manageable(actor, row);
        this.guardSuperAdminKey(actor, row, 'extend the grace of');
        if (row.can_impersonate === 1 && !actor.isSuperAdmin)
          forbid('extending the grace of a key that can impersonate needs a super admin');
        const next = row.rolled_to === null ? null : this.row(row.rolled_to);
        const end = newGraceEnd(
          {
            id,
            revokedAt: row.revoked_at,
            rolledTo: row.rolled_to,
            rolledAt: row.rolled_at,
            expiresAt: row.expires_at,
          },
          { revokedAt: next?.revoked_at ?? null, expiresAt: next?.expires_at ?? null },
          this.policies.of(row.org_id),
          input?.graceEndsAt,
          this.core.now(),
        );
        this.setExpiry.run(end, id);
        return this.meta(this.row(id));
      },
    );
  }
}
