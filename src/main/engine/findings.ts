// Findings (docs/estate.md): what needs attention about each non-revoked key, computed
// in one SQL pass per org so an org of 20,000 keys is never loaded into JS to be judged.
import type { KeyMeta } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import {
  DEFAULT_THRESHOLDS,
  FINDING_CODES,
  THRESHOLD_MAX_DAYS,
  codesOfMask,
  zeroCounts,
  findingBit,
  type FindingCode,
  type FindingCounts,
  type FindingThresholds,
  type KeyFindings,
  type KeyFindingsQuery,
} from '../../shared/findings';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';
import { StatementCache } from './db';
import { decodeCursor, limitOf, toPage } from './paging';
import { labelFilterNamedSql } from './labels';
import { POLICY_VIOLATION_SQL } from './policyFinding';
import { KEY_SELECT, type KeyRow } from './rows';

const DAY = 24 * 3600 * 1000;

/**
 * Each code as an SQL truth value over the columns of FLAGS_SOURCE. The four "health"
 * codes only judge keys that work and are not in grace: a key in grace shows IN_GRACE
 * instead, and a dead key (disabled, expired, orphaned) is not idle or due, just dead.
 */
const CODE_SQL: Record<FindingCode, string> = {
  EXPIRING_SOON: 'works AND NOT grace AND exp IS NOT NULL AND exp <= @soon',
  EXPIRED: 'expired',
  IN_GRACE: 'works AND grace',
  NEVER_USED: 'works AND NOT grace AND last IS NULL AND created < @neverCut',
  IDLE: 'works AND NOT grace AND last IS NOT NULL AND last < @idleCut',
  ROTATION_DUE: 'works AND NOT grace AND created < @rotCut',
  NO_EXPIRY: '@prod AND exp IS NULL',
  ORG_WIDE: "kind = 'org'",
  CAN_IMPERSONATE: 'imp = 1',
  ORPHANED: 'orphaned',
  POLICY_VIOLATION: 'policy',
};

/** Bit i of `mask` is FINDING_CODES[i]; the renderer and the estate read the same order. */
const MASK_SQL = FINDING_CODES.map((c) => `(coalesce(${CODE_SQL[c]}, 0) << ${FINDING_CODES.indexOf(c)})`).join(' | ');

/**
 * One row per non-revoked key of the keys `scope` selects (an SQL condition over k, m, u),
 * with the facts every code reads (`expired`, `orphaned`, `works`, …) named once so every
 * code reads them the same way.
 */
function judgedSql(scope: string): string {
  return `SELECT id, org_id, kind, exp, created, last, imp, grace, expired, orphaned, policy,
      (status = 'enabled' AND NOT expired AND NOT orphaned) AS works FROM (
      SELECT k.id, k.org_id, k.kind, k.status, k.expires_at AS exp, k.created_at AS created,
        k.last_used_at AS last, k.can_impersonate AS imp, (k.rolled_to IS NOT NULL) AS grace,
        (k.expires_at IS NOT NULL AND k.expires_at <= @now) AS expired,
        (k.kind = 'user' AND (u.status = 'disabled' OR m.status = 'inactive' OR m.removed_at IS NOT NULL)) AS orphaned,
        (${POLICY_VIOLATION_SQL}) AS policy
      FROM api_keys k LEFT JOIN memberships m ON m.id = k.membership_id LEFT JOIN users u ON u.id = m.user_id
      WHERE k.revoked_at IS NULL AND (${scope})
    )`;
}

/** Each key's id, org and findings mask (for listing keys with their findings). */
function flagsSql(scope: string): string {
  return `SELECT id, org_id, ${MASK_SQL} AS mask FROM (${judgedSql(scope)})`;
}

const SUMS_SQL = FINDING_CODES.map((c) => `coalesce(sum(${CODE_SQL[c]}), 0) AS ${c}`).join(', ');

/**
 * Counts per org. MATERIALIZED matters: flattened, SQLite would copy the shared facts
 * (works, orphaned, the policy lookup) into every code's expression, judging each key
 * about ten times over (measured: 10x slower on 20,000 keys).
 */
function countsSql(scope: string): string {
  return `WITH j AS MATERIALIZED (${judgedSql(scope)}) SELECT org_id AS orgId, ${SUMS_SQL} FROM j GROUP BY org_id ORDER BY org_id`;
}

/** The named parameters every flags query binds. */
export interface FlagParams {
  now: number;
  soon: number;
  neverCut: number;
  idleCut: number;
  rotCut: number;
  prod: 0 | 1;
}

/** The flags query's parameters, from `now` and the caller's thresholds. */
export function flagParams(now: number, production: boolean, t: Partial<FindingThresholds> = {}): FlagParams {
  const th = { ...DEFAULT_THRESHOLDS, ...stripUndefined(t) };
  return {
    now,
    soon: now + th.expiringDays * DAY,
    neverCut: now - th.neverUsedDays * DAY,
    idleCut: now - th.idleDays * DAY,
    rotCut: now - th.rotationDays * DAY,
    prod: production ? 1 : 0,
  };
}

/** Only the four thresholds, each checked: LocalBackend reaches the engine without the HTTP schema. */
function stripUndefined(o: Partial<FindingThresholds>): Partial<FindingThresholds> {
  const out: Partial<FindingThresholds> = {};
  for (const name of Object.keys(DEFAULT_THRESHOLDS) as (keyof FindingThresholds)[]) {
    const v = o[name];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > THRESHOLD_MAX_DAYS)
      throw new KeywardenError('BAD_REQUEST', `${name}: must be an integer from 1 to ${THRESHOLD_MAX_DAYS}`);
    out[name] = v;
  }
  return out;
}

/** The key's metadata columns plus its findings mask from the joined flags `f`. */
const WITH_MASK = KEY_SELECT.replace(/^SELECT /, 'SELECT f.mask AS mask, ');

/** Every org's counts in one statement (countsByOrg's SQL, for the benchmark's baseline too); orgs without keys have no row. */
export const COUNTS_BY_ORG_SQL = countsSql('1');

/** One row of countsSql: an org and how many of its keys have each finding. */
export type CountsRow = { orgId: number } & Record<FindingCode, number>;

const countsOf = (row: CountsRow): FindingCounts =>
  Object.fromEntries(FINDING_CODES.map((c) => [c, row[c] ?? 0])) as FindingCounts;

/** forOrg's parameters: the flags', the org's, and the optional member and label filters'. */
type OrgParams = FlagParams & Record<string, unknown>;

export class Findings {
  private readonly q;

  constructor(
    private readonly core: EngineCore,
    private readonly meta: (row: KeyRow) => KeyMeta,
  ) {
    const db = core.db;
    this.q = {
      // Built per call from the member and label filters; prepared once per combination.
      orgCounts: new StatementCache<OrgParams, CountsRow>(db),
      orgKeys: new StatementCache<OrgParams, KeyRow & { mask: number }>(db),
      countsByOrg: db.prepare<FlagParams, CountsRow>(COUNTS_BY_ORG_SQL),
      orgIds: db.prepare<[], number>('SELECT id FROM orgs ORDER BY id').pluck(),
      inventory: db.prepare<FlagParams, InventoryRow>(
        `SELECT k.id, k.org_id, k.kind, k.name, k.start, k.status, k.expires_at, k.last_used_at, k.created_at,
          k.membership_id, m.user_id, u.email, k.rolled_to, k.labels, f.mask
        FROM (${flagsSql('1')}) f JOIN api_keys k ON k.id = f.id
        LEFT JOIN memberships m ON m.id = k.membership_id LEFT JOIN users u ON u.id = m.user_id ORDER BY k.id`,
      ),
    };
  }

  private params(t: Partial<FindingThresholds>): FlagParams {
    return flagParams(this.core.now(), this.core.environment === 'production', t);
  }

  /** GET /user/keyFindings: the org's counts and its keys with at least one finding (or with `code`). */
  forOrg(actor: Actor, q: KeyFindingsQuery): KeyFindings {
    const { meta } = this;
    const limit = limitOf(q.limit);
    const after = decodeCursor(q.cursor) ?? 0;
    if (q.code !== undefined && !(FINDING_CODES as readonly string[]).includes(q.code))
      throw new KeywardenError('BAD_REQUEST', `code: must be one of ${FINDING_CODES.join(', ')}`);
    return this.core.read(
      actor,
      { action: 'key.findings', orgId: q.orgId, targetType: 'org', targetId: q.orgId },
      () => {
        this.core.org(q.orgId);
        const power = powerIn(actor, q.orgId);
        if (power === 'none') forbid(`you have no power in org ${q.orgId}`);
        // lastUsedAt decides NEVER_USED and IDLE: judge what verification has seen, not what was last flushed.
        this.core.writes.flush();
        // Rule 13: a member's view of the org is their own keys.
        const own = power === 'member' ? ' AND k.membership_id = @own' : '';
        // docs/policies-and-labels.md: the label filter narrows findings as it narrows the key list.
        const labels = labelFilterNamedSql('k', q.label);
        const p: OrgParams = {
          ...this.params(q),
          org: q.orgId,
          ...(own ? { own: actor.orgUserId } : {}),
          ...labels.params,
        };
        const scope = `k.org_id = @org${own} ${labels.sql}`;
        const row = this.q.orgCounts.get(countsSql(scope)).get(p);
        const counts = row ? countsOf(row) : zeroCounts();
        const wanted = q.code === undefined ? 'f.mask != 0' : `(f.mask & ${findingBit(q.code)}) != 0`;
        const rows = this.q.orgKeys
          .get(
            `${WITH_MASK} JOIN (${flagsSql(scope)}) f ON f.id = k.id WHERE ${wanted} AND k.id > @after ORDER BY k.id LIMIT @limit`,
          )
          .all({ ...p, after, limit: limit + 1 });
        const page = toPage(rows, limit, (r) => ({ key: meta(r), findings: codesOfMask(r.mask) }));
        return { orgId: q.orgId, counts, items: page.items, nextCursor: page.nextCursor };
      },
    );
  }

  /** Every org's counts in one pass, for the local estate (the owner is a super admin). */
  countsByOrg(actor: Actor, t: Partial<FindingThresholds> = {}): { orgId: number; counts: FindingCounts }[] {
    if (!actor.isSuperAdmin) throw new KeywardenError('FORBIDDEN', 'only a super admin reads every org at once');
    this.core.writes.flush();
    const byOrg = new Map(this.q.countsByOrg.all(this.params(t)).map((r) => [r.orgId, countsOf(r)]));
    const orgs = this.q.orgIds.all();
    return orgs.map((orgId) => ({ orgId, counts: byOrg.get(orgId) ?? zeroCounts() }));
  }

  /**
   * Every non-revoked key of every org with its findings mask and owner's email, in one
   * statement: the local estate's inventory (super admins only, like countsByOrg).
   */
  inventory(actor: Actor, t: Partial<FindingThresholds> = {}): InventoryRow[] {
    if (!actor.isSuperAdmin) throw new KeywardenError('FORBIDDEN', 'only a super admin reads every org at once');
    this.core.writes.flush();
    return this.q.inventory.all(this.params(t));
  }
}

export interface InventoryRow {
  id: number;
  org_id: number;
  kind: 'user' | 'org';
  name: string;
  start: string;
  status: 'enabled' | 'disabled';
  expires_at: number | null;
  last_used_at: number | null;
  created_at: number;
  membership_id: number | null;
  user_id: number | null;
  email: string | null;
  rolled_to: number | null;
  /** JSON text of the key's labels, null when it has none. */
  labels: string | null;
  mask: number;
}
