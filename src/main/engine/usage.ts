// Usage counters per key per hour (docs/usage-and-rotation.md): the window a query asks for, and its dense
// buckets. The counters themselves are written by WriteBehind.
import type { KeyUsage, UsageGranularity, UsageQuery } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import { USAGE_MAX_DAYS, USAGE_MAX_HOURS } from '../../shared/vocabulary';
import type { Db } from './db';
import { isoNN } from './time';
import { HOUR_MS } from './writeBehind';

export const DAY_MS = 24 * HOUR_MS;

export interface UsageWindow {
  granularity: UsageGranularity;
  /** First bucket's start, inclusive. */
  from: number;
  /** End, exclusive. */
  to: number;
  buckets: number;
}

const bad = (message: string): never => {
  throw new KeywardenError('BAD_REQUEST', message);
};

function instant(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  return ms === null ? bad(`${name}: must be an ISO 8601 date-time with a zone`) : ms;
}

/**
 * The window of a usage query. Buckets are aligned to UTC hours or days: `from` is taken
 * down to its bucket's start, and every bucket that starts before `to` is included.
 * Defaults: day buckets, the 30 days up to and including today (hour buckets: the last
 * 24 hours, this one included).
 */
export function usageWindow(q: UsageQuery, now: number): UsageWindow {
  const granularity = q.granularity ?? 'day';
  if (granularity !== 'hour' && granularity !== 'day') bad('granularity: must be hour or day');
  const size = granularity === 'hour' ? HOUR_MS : DAY_MS;
  const to = instant('to', q.to) ?? (Math.floor(now / size) + 1) * size;
  const fromMs = instant('from', q.from) ?? to - (granularity === 'hour' ? 24 : 30) * size;
  if (fromMs >= to) bad('from: must be before to');
  const from = Math.floor(fromMs / size) * size;
  const buckets = Math.ceil((to - from) / size);
  const max = granularity === 'hour' ? USAGE_MAX_HOURS : USAGE_MAX_DAYS;
  if (buckets > max)
    bad(
      `the window is ${buckets} ${granularity}s; at most ${granularity === 'hour' ? '31 days' : '400 days'} of ${granularity}s`,
    );
  return { granularity, from, to, buckets };
}

interface UsageRow {
  hour: number;
  ok: number;
  denied: number;
}

/** Reads the stored counters of keys for a window, as dense buckets per key. */
export class UsageReader {
  private readonly rows;

  constructor(db: Db) {
    this.rows = db.prepare<[keyId: number, fromHour: number, endHour: number], UsageRow>(
      'SELECT hour, ok, denied FROM key_usage WHERE key_id = ? AND hour >= ? AND hour < ?',
    );
  }

  read(keyId: number, w: UsageWindow): KeyUsage {
    const size = w.granularity === 'hour' ? HOUR_MS : DAY_MS;
    const ok = new Array<number>(w.buckets).fill(0);
    const denied = new Array<number>(w.buckets).fill(0);
    const firstHour = w.from / HOUR_MS;
    const endHour = Math.ceil(w.to / HOUR_MS);
    for (const r of this.rows.iterate(keyId, firstHour, endHour)) {
      const i = Math.floor((r.hour * HOUR_MS - w.from) / size);
      ok[i] += r.ok;
      denied[i] += r.denied;
    }
    let totalOk = 0;
    let totalDenied = 0;
    const items = ok.map((n, i) => {
      totalOk += n;
      totalDenied += denied[i];
      return { at: isoNN(w.from + i * size), ok: n, denied: denied[i] };
    });
    return { keyId, granularity: w.granularity, items, total: { ok: totalOk, denied: totalDenied } };
  }
}
