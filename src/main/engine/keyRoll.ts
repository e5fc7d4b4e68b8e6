// Rolling a key (rule 15: a new key with every setting copied, the old one expiring after
// its grace period) and moving a rolled key's grace end (docs/usage-and-rotation.md).
import type { CreatedKey, ExtendGraceInput, KeyMeta, RollKeyInput } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { QUIET_MAX_SECONDS, QUIET_MIN_SECONDS } from '../../shared/vocabulary';
import type { Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { conflict, type KeyAccess } from './keyAccess';
import type { KeyCreation } from './keyCreate';
import { admitNewKey } from './newKey';
import type { Policies } from './policy';
import { newGraceEnd } from './rotation';
import { parseScopes } from './rows';

export class KeyRolls {
  private readonly markRolled;
  private readonly setExpiry;

  constructor(
    private readonly core: EngineCore,
    private readonly policies: Policies,
    private readonly access: KeyAccess,
    private readonly creation: KeyCreation,
  ) {
    this.markRolled = core.db.prepare<
      [expiresAt: number, rolledTo: number, rolledAt: number, revokeWhenQuietSeconds: number | null, id: number]
    >('UPDATE api_keys SET expires_at = ?, rolled_to = ?, rolled_at = ?, revoke_when_quiet_seconds = ? WHERE id = ?');
    this.setExpiry = core.db.prepare<[expiresAt: number | null, id: number]>(
      'UPDATE api_keys SET expires_at = ? WHERE id = ?',
    );
  }

  /** Rule 15: the new key copies every setting; the old one expires after the grace period. */
  roll(actor: Actor, id: number, input: RollKeyInput): CreatedKey {
    return this.core.mutate(
      actor,
      (k?: CreatedKey) => ({
        action: 'key.roll',
        orgId: this.access.orgOfKey(id),
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
        const row = this.access.row(id);
        this.access.manageable(actor, row);
        this.access.guardSuperAdminKey(actor, row, 'roll');
        this.access.live(row);
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
            owner: this.access.ownerOf(row),
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
        const created = this.creation.mint(next);
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
      () => ({ action: 'key.extend_grace', orgId: this.access.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.access.row(id);
        this.access.manageable(actor, row);
        this.access.guardSuperAdminKey(actor, row, 'extend the grace of');
        if (row.can_impersonate === 1 && !actor.isSuperAdmin)
          forbid('extending the grace of a key that can impersonate needs a super admin');
        const next = row.rolled_to === null ? null : this.access.row(row.rolled_to);
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
        return this.access.meta(this.access.row(id));
      },
    );
  }
}
