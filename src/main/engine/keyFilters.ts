// docs/estate.md's server-side filters of GET /user/apiKey as one SQL condition, so a client
// finds the keys it wants without loading a whole org.
import type { KeyFilters } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { KEY_STATUS_FILTERS } from '../../shared/findingCodes';
import { parseInstant } from '../../shared/instant';
import type { Db } from './db';

// Checked here as well as by the schemas: LocalBackend calls the engine directly.
function instant(name: string, text: string): number {
  const ms = typeof text === 'string' ? parseInstant(text) : null;
  if (ms === null) throw new KeywardenError('BAD_REQUEST', `${name}: must be an ISO 8601 date-time with a zone`);
  return ms;
}

/**
 * SQLite's lower() folds ASCII only; names are Unicode (rule 18), so `q` is matched with
 * JavaScript's case folding on both sides.
 */
export function registerFold(db: Db): void {
  db.function('kw_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s));
}

export const hasFilters = (f: KeyFilters): boolean =>
  f.q !== undefined ||
  f.status !== undefined ||
  f.kind !== undefined ||
  f.expiresBefore !== undefined ||
  f.lastUsedBefore !== undefined ||
  f.neverUsed !== undefined;

/**
 * An SQL condition over `k` (api_keys) and its named parameters. The three statuses
 * partition the keys: `expired` (expiry or grace over) whatever the switch says, else
 * `enabled` or `disabled` by the switch. `lastUsedBefore` leaves out keys never used;
 * `neverUsed=false` keeps only keys used at least once.
 */
export function keyFilterSql(f: KeyFilters, now: number): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.q !== undefined && f.q !== '') {
    parts.push('(instr(kw_fold(k.name), @fq) > 0 OR instr(kw_fold(k.start), @fq) > 0)');
    params.fq = f.q.toLowerCase();
  }
  if (f.status !== undefined) {
    if (!(KEY_STATUS_FILTERS as readonly string[]).includes(f.status))
      throw new KeywardenError('BAD_REQUEST', `status: must be one of ${KEY_STATUS_FILTERS.join(', ')}`);
    params.fnow = now;
    const expired = '(k.expires_at IS NOT NULL AND k.expires_at <= @fnow)';
    parts.push(f.status === 'expired' ? expired : `(k.status = @fstatus AND NOT ${expired})`);
    if (f.status !== 'expired') params.fstatus = f.status;
  }
  if (f.kind !== undefined) {
    if (f.kind !== 'user' && f.kind !== 'org') throw new KeywardenError('BAD_REQUEST', 'kind: must be user or org');
    parts.push('k.kind = @fkind');
    params.fkind = f.kind;
  }
  if (f.expiresBefore !== undefined) {
    parts.push('(k.expires_at IS NOT NULL AND k.expires_at < @fexp)');
    params.fexp = instant('expiresBefore', f.expiresBefore);
  }
  if (f.lastUsedBefore !== undefined) {
    parts.push('(k.last_used_at IS NOT NULL AND k.last_used_at < @fused)');
    params.fused = instant('lastUsedBefore', f.lastUsedBefore);
  }
  if (f.neverUsed !== undefined) parts.push(f.neverUsed ? 'k.last_used_at IS NULL' : 'k.last_used_at IS NOT NULL');
  return { sql: parts.length ? parts.map((p) => `AND ${p}`).join(' ') : '', params };
}
