// Reading keys: one key, the key list with its filters (one prepared statement per filter
// combination), and usage for one key or a page of them.
import type {
  KeyMeta,
  KeyUsage,
  ListKeysQuery,
  Page,
  UsageBatch,
  UsageBatchQuery,
  UsageQuery,
} from '../../shared/domain';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { StatementCache } from './db';
import type { KeyAccess } from './keyAccess';
import { hasFilters, keyFilterSql, registerFold } from './keyFilters';
import { labelFilterSql } from './labels';
import { decodeCursor, limitOf, toPage } from './paging';
import { KEY_SELECT, type KeyRow } from './rows';
import { UsageReader, usageWindow } from './usage';

export class KeyQueries {
  /** The key list's statements, built from its filters; one per combination. */
  private readonly listQueries;
  private readonly usageReader;

  constructor(
    private readonly core: EngineCore,
    private readonly access: KeyAccess,
  ) {
    this.listQueries = new StatementCache<unknown[], KeyRow>(core.db);
    registerFold(core.db);
    this.usageReader = new UsageReader(core.db);
  }

  get(actor: Actor, id: number): KeyMeta {
    // Logged under the key's org so that the org's admins see the read in their audit log.
    return this.core.read(
      actor,
      { action: 'key.read', orgId: this.access.orgOfKey(id), targetType: 'apiKey', targetId: id },
      () => {
        const row = this.access.row(id);
        this.access.visible(actor, row);
        return this.access.meta(row);
      },
    );
  }

  list(actor: Actor, q: ListKeysQuery): Page<KeyMeta> {
    const limit = limitOf(q.limit);
    const after = decodeCursor(q.cursor) ?? 0;
    const revoked = q.includeRevoked ? '' : 'AND k.revoked_at IS NULL';
    const labels = labelFilterSql('k', q.label);
    const orgId = q.orgId ?? this.access.orgOfMembership(q.orgUserId as number);
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
        return toPage(rows, limit, (r) => this.access.meta(r));
      },
    );
  }

  /** Whoever may read a key may read its usage (docs/usage-and-rotation.md). */
  usage(actor: Actor, id: number, q: UsageQuery): KeyUsage {
    return this.usageOf(actor, [id], q).items[0];
  }

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
        orgId: first === undefined ? null : this.access.orgOfKey(first),
        targetType: 'apiKey',
        targetId: ids.length === 1 ? first : null,
      },
      () => {
        const w = usageWindow(q, this.core.now());
        for (const id of ids) this.access.visible(actor, this.access.row(id));
        // Reads include pending writes (docs/rules.md).
        this.core.writes.flush();
        return { items: ids.map((id) => this.usageReader.read(id, w)) };
      },
    );
  }
}
