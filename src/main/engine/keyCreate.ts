// Creating keys: who may (rules 2–5), minting (the raw key lives on in the reply alone) and
// createMany's all-or-nothing batch. What the new key itself may be is judged in ./newKey.ts.
import { randomBytes } from 'node:crypto';
import type { CreateKeyInput, CreatedKey, Policy } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { formatKey, START_LENGTH } from '../../shared/keyFormat';
import { DEFAULT_SCOPES } from '../../shared/vocabulary';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';
import type { KeyAccess } from './keyAccess';
import { readLabels, storedLabels } from './labels';
import { admitNewKey, type KeyOwner, type NewKey } from './newKey';
import type { Policies } from './policy';
import type { MembershipRow, OrgRow, UserRow } from './rows';
import { iso, isoNN } from './time';
import { digestOf } from './verify';

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

export class KeyCreation {
  private readonly insert;
  private readonly rows: Rows;

  constructor(
    private readonly core: EngineCore,
    policies: Policies,
    private readonly access: KeyAccess,
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
      this.access.mayManageKeysOf(actor, membership, org, 'create keys for');
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
    return 'orgId' in input ? input.orgId : this.access.orgOfMembershipOrNull(input.orgUserId);
  }
}
