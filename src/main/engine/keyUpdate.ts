// Changing a key in place: PATCH (name, description, expiry, labels, enable/disable) and delete.
import type { KeyMeta, UpdateKeyInput } from '../../shared/domain';
import { assertName } from '../../shared/text';
import type { Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { StatementCache } from './db';
import { conflict, type KeyAccess } from './keyAccess';
import { storedLabels } from './labels';
import { parseExpiry } from './newKey';
import { enforce, type Policies } from './policy';
import { parseScopes } from './rows';

export class KeyChanges {
  private readonly revoke;
  /** PATCH's statements, built from the fields it sets; one per combination. */
  private readonly updates;

  constructor(
    private readonly core: EngineCore,
    private readonly policies: Policies,
    private readonly access: KeyAccess,
  ) {
    this.revoke = core.db.prepare<[at: number, id: number]>('UPDATE api_keys SET revoked_at = ? WHERE id = ?');
    this.updates = new StatementCache<Record<string, unknown>>(core.db);
  }

  private expiry(value: string | null | undefined): number | null {
    return parseExpiry(value, this.core.now());
  }

  update(actor: Actor, id: number, patch: UpdateKeyInput): KeyMeta {
    const action =
      patch.status === 'disabled' ? 'key.disable' : patch.status === 'enabled' ? 'key.enable' : 'key.update';
    return this.core.mutate(
      actor,
      () => ({ action, orgId: this.access.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.access.row(id);
        const power = this.access.manageable(actor, row);
        // An expiry is a disable with a delay; clearing one locks no one out.
        if (patch.status === 'disabled' || (patch.expiresAt !== undefined && patch.expiresAt !== null))
          this.access.guardSuperAdminKey(actor, row, 'disable or set an expiry on');
        this.access.live(row);
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
        return this.access.meta(this.access.row(id));
      },
    );
  }

  remove(actor: Actor, id: number): void {
    this.core.mutate(
      actor,
      () => ({ action: 'key.delete', orgId: this.access.orgOfKey(id), targetType: 'apiKey', targetId: id }),
      () => {
        const row = this.access.row(id);
        this.access.manageable(actor, row);
        this.access.guardSuperAdminKey(actor, row, 'delete');
        this.access.live(row);
        this.revoke.run(this.core.now(), id);
      },
    );
  }
}
