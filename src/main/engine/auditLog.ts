import type { AuditEvent, ListAuditQuery, Page } from '../../shared/domain';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { StatementCache } from './db';
import { decodeCursor, limitOf, toPage } from './paging';
import { toAuditEvent, type AuditRow } from './rows';

/** Reading the audit log; writing it is EngineCore's (every change commits with its event). */
export class AuditLog {
  /** One statement per combination of filters. */
  private readonly queries;

  constructor(private readonly core: EngineCore) {
    this.queries = new StatementCache<Record<string, unknown>, AuditRow>(core.db);
  }

  list(actor: Actor, q: ListAuditQuery): Page<AuditEvent> {
    const { core } = this;
    const limit = limitOf(q.limit);
    const before = decodeCursor(q.cursor);
    return core.read(actor, { action: 'audit.read', orgId: q.orgId ?? null }, () => {
      if (q.orgId !== undefined) {
        core.org(q.orgId);
        if (powerIn(actor, q.orgId) !== 'admin') forbid(`only admins of org ${q.orgId} read its audit`);
      } else if (!actor.isSuperAdmin) {
        forbid('only a super admin reads the whole audit log; give orgId');
      }
      core.writes.flush();
      const where: string[] = [];
      const p: Record<string, unknown> = { limit: limit + 1 };
      const add = (sql: string, key: string, v: unknown) => {
        if (v === undefined) return;
        where.push(sql);
        p[key] = v;
      };
      add('org_id = @orgId', 'orgId', q.orgId);
      add('id < @before', 'before', before ?? undefined);
      // A person filtering by "disable" means key.disable: the action matches as a case-insensitive part.
      add('instr(action, lower(@action)) > 0', 'action', q.action);
      add('outcome = @outcome', 'outcome', q.outcome);
      add('key_id = @keyId', 'keyId', q.keyId);
      // A key's whole story: the calls made with it and the changes made to it (create,
      // disable…), logged under the acting key with this key as the target. A roll is logged
      // with the replacement as its target, so the old key finds it through rolled_to.
      add(
        `(key_id = @aboutKeyId OR (target_type = 'apiKey' AND (target_id = @aboutKeyId
          OR (action = 'key.roll' AND target_id = (SELECT rolled_to FROM api_keys WHERE id = @aboutKeyId)))))`,
        'aboutKeyId',
        q.aboutKeyId,
      );
      add('actor_user_id = @actorUserId', 'actorUserId', q.actorUserId);
      add('at >= @since', 'since', q.since === undefined ? undefined : Date.parse(q.since));
      add('at < @until', 'until', q.until === undefined ? undefined : Date.parse(q.until));
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      return toPage(this.queries.get(sql).all(p), limit, toAuditEvent);
    });
  }
}
