// The estate table's search index, built once per loaded inventory (docs/estate.md "In the
// app"): a keystroke in the table must answer in milliseconds at 120,000 rows. What a
// per-query filter-and-sort spent its time on is done once here instead:
// - every row's name and start, lower-cased once, joined into one haystack string that a
//   search scans with indexOf (one native scan instead of 240,000 toLowerCase calls);
// - each sort column turned into a rank per row (the column's distinct values sorted once:
//   by the collator for text), and each (column, direction) ordering made from the ranks
//   by a counting sort on first use, so a query walks that ordering and keeps the rows that
//   match instead of sorting them.
// The index holds the rows in identity order (profile, then key), the order ties fall back to.
// Over ~300 lines on purpose: the haystack, the ranks, the orderings and the query walk share
// one row layout; split, each would export the others' internals.
import { findingBit } from '../../../shared/findings';
import type { EstateFilter, EstateQuery, EstateSort } from '../../../shared/estate';
import type { Names } from './query';
import type { EstateRow } from './sources';

// Between rows and between a row's name and start: a search holding one cannot match across
// a boundary because it is matched row by row instead (the slow path, for such odd queries).
const ROW_END = '\u0001';
const FIELD_END = '\u0000';

// Answers kept for typing and erasing: at most this many row lists (4 bytes a row each).
const RECENT = 12;

// One collator for every text column, as the table always sorted.
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

type Sort = NonNullable<EstateQuery['sort']>;

const popcount = (n: number): number => {
  let c = 0;
  for (let m = n; m; m &= m - 1) c++;
  return c;
};

function labelTest(filter: string): (labels: Record<string, string> | null) => boolean {
  const i = filter.indexOf(':');
  const key = i < 0 ? filter : filter.slice(0, i);
  const value = i < 0 ? null : filter.slice(i + 1);
  return (labels) => labels !== null && key in labels && (value === null || labels[key] === value);
}

/** Each row's collation rank among the column's distinct values; equal-by-collation values share a rank. */
function textRanks(values: readonly string[]): Int32Array {
  const distinct = [...new Set(values)].sort(COLLATOR.compare);
  const rankOf = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && COLLATOR.compare(distinct[i - 1], distinct[i]) !== 0) rank++;
    rankOf.set(distinct[i], rank);
  }
  return Int32Array.from(values, (v) => rankOf.get(v)!);
}

/** Each row's rank among the column's distinct numbers, -1 where the value is missing. */
function numberRanks(values: readonly (number | null)[]): Int32Array {
  const distinct = Float64Array.from(new Set(values.filter((v): v is number => v !== null))).sort();
  const rankOf = new Map<number, number>();
  for (let i = 0; i < distinct.length; i++) rankOf.set(distinct[i], i);
  return Int32Array.from(values, (v) => (v === null ? -1 : rankOf.get(v)!));
}

/**
 * Every row ordered by rank (missing, -1, last in either direction), ties in row order:
 * a counting sort, linear in the rows, because rows are already in identity order.
 */
function orderByRank(ranks: Int32Array, dir: 'asc' | 'desc'): Int32Array {
  let max = -1;
  for (let i = 0; i < ranks.length; i++) if (ranks[i] > max) max = ranks[i];
  // Bucket b holds rank b ascending, rank max - b descending; the missing go in the last bucket.
  const bucketOf = (r: number) => (r < 0 ? max + 1 : dir === 'asc' ? r : max - r);
  const starts = new Int32Array(max + 3);
  for (let i = 0; i < ranks.length; i++) starts[bucketOf(ranks[i]) + 1]++;
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const order = new Int32Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) order[starts[bucketOf(ranks[i])]++] = i;
  return order;
}

export class EstateSearchIndex {
  /** The rows in identity order: index i is row i everywhere below. */
  readonly rows: readonly EstateRow[];
  private readonly haystack: string;
  /** Each row's own lower-cased text (its slice of the haystack), to narrow a previous answer. */
  private readonly texts: string[];
  /** Recent answers, newest last: typing on narrows one, erasing finds one again. */
  private readonly recent = new Map<string, { rest: string; q: string; picked: Int32Array }>();
  /** Where each row's text starts in the haystack, plus the end: rowStart[n] = haystack.length. */
  private readonly rowStart: Int32Array;
  private readonly masks: Int32Array;
  private readonly profileIds: Int32Array;
  private readonly ownerLower: (string | null)[];
  private readonly environments: string[];
  private readonly sortKeys = new Map<EstateSort, Int32Array>();
  private readonly orders = new Map<string, Int32Array>();
  private readonly names: Names;

  constructor(rows: readonly EstateRow[], names: Names) {
    this.names = names;
    this.rows = [...rows].sort((a, b) => a.profileId - b.profileId || a.keyId - b.keyId);
    const n = this.rows.length;
    this.rowStart = new Int32Array(n + 1);
    this.masks = new Int32Array(n);
    this.profileIds = new Int32Array(n);
    this.ownerLower = new Array<string | null>(n);
    this.environments = new Array<string>(n);
    const lowerOwner = new Map<string, string>();
    const parts = (this.texts = new Array<string>(n));
    let at = 0;
    for (let i = 0; i < n; i++) {
      const r = this.rows[i];
      const text = `${r.name}${FIELD_END}${r.start}`.toLowerCase() + ROW_END;
      parts[i] = text;
      this.rowStart[i] = at;
      at += text.length;
      this.masks[i] = r.mask;
      this.profileIds[i] = r.profileId;
      this.environments[i] = names.profile(r.profileId).environment;
      if (r.ownerEmail === null) this.ownerLower[i] = null;
      else {
        let low = lowerOwner.get(r.ownerEmail);
        if (low === undefined) lowerOwner.set(r.ownerEmail, (low = r.ownerEmail.toLowerCase()));
        this.ownerLower[i] = low;
      }
    }
    this.rowStart[n] = at;
    this.haystack = parts.join('');
  }

  get size(): number {
    return this.rows.length;
  }

  /** The rows matching the filter, in the sort's order, as indexes into `rows`. */
  select(filter: EstateFilter, sort: Sort = { by: 'name', dir: 'asc' }): Int32Array {
    const q = (filter.q ?? '').toLowerCase();
    const rest = JSON.stringify([{ ...filter, q: undefined }, sort.by, sort.dir]);
    const key = `${rest}\n${q}`;
    const hit = this.recent.get(key);
    if (hit) {
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit.picked;
    }
    const picked = this.narrowed(rest, q) ?? this.scan(filter, sort);
    this.recent.set(key, { rest, q, picked });
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
    return picked;
  }

  /**
   * A search that extends a recent one (same other filters and sort) matches a subset of
   * its rows, already in order: only those are looked at again.
   */
  private narrowed(rest: string, q: string): Int32Array | null {
    if (!q || q.includes(ROW_END) || q.includes(FIELD_END)) return null;
    let base: Int32Array | null = null;
    for (const r of this.recent.values())
      if (r.rest === rest && q.includes(r.q) && (base === null || r.picked.length < base.length)) base = r.picked;
    if (base === null) return null;
    const out = new Int32Array(base.length);
    let k = 0;
    for (let j = 0; j < base.length; j++) if (this.texts[base[j]].includes(q)) out[k++] = base[j];
    return out.slice(0, k);
  }

  private scan(filter: EstateFilter, sort: Sort): Int32Array {
    const keep = this.matching(filter);
    const order = this.order(sort);
    if (keep === null) return order;
    const out = new Int32Array(keep.count);
    let k = 0;
    for (let j = 0; j < order.length && k < out.length; j++) {
      const i = order[j];
      if (keep.flags[i]) out[k++] = i;
    }
    return out;
  }

  /** Flags for the rows the filter keeps, or null when it keeps them all. */
  private matching(f: EstateFilter): { flags: Uint8Array; count: number } | null {
    const n = this.rows.length;
    const tests: ((i: number) => boolean)[] = [];
    if (f.finding !== undefined) {
      const bit = findingBit(f.finding);
      tests.push((i) => (this.masks[i] & bit) !== 0);
    }
    if (f.profileIds?.length) {
      const ids = new Set(f.profileIds);
      tests.push((i) => ids.has(this.profileIds[i]));
    }
    if (f.environment !== undefined) {
      const env = f.environment;
      tests.push((i) => this.environments[i] === env);
    }
    if (f.orgs?.length) {
      const pairs = new Set(f.orgs.map((o) => `${o.profileId}:${o.orgId}`));
      tests.push((i) => pairs.has(`${this.rows[i].profileId}:${this.rows[i].orgId}`));
    }
    if (f.owner) {
      const owner = f.owner.toLowerCase();
      tests.push((i) => {
        const o = this.ownerLower[i];
        return o !== null && o.includes(owner);
      });
    }
    if (f.label) {
      const has = labelTest(f.label);
      tests.push((i) => has(this.rows[i].labels));
    }
    const q = f.q ? f.q.toLowerCase() : '';
    if (tests.length === 0 && !q) return null;

    // The search first: it is the narrowest, and the others then only look at its hits.
    let flags: Uint8Array;
    if (q) {
      flags = this.searchFlags(q);
    } else {
      flags = new Uint8Array(n).fill(1);
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (!flags[i]) continue;
      let ok = true;
      for (const t of tests)
        if (!t(i)) {
          ok = false;
          break;
        }
      if (ok) count++;
      else flags[i] = 0;
    }
    return { flags, count };
  }

  /** Flags for the rows whose lower-cased name or start holds `q` (already lower-cased). */
  private searchFlags(q: string): Uint8Array {
    const n = this.rows.length;
    const flags = new Uint8Array(n);
    if (q.includes(ROW_END) || q.includes(FIELD_END)) {
      for (let i = 0; i < n; i++) {
        const r = this.rows[i];
        if (r.name.toLowerCase().includes(q) || r.start.toLowerCase().includes(q)) flags[i] = 1;
      }
      return flags;
    }
    let row = 0;
    for (let at = this.haystack.indexOf(q); at >= 0;) {
      // The hit's row: rows are in haystack order, so it is at or after the last hit's row.
      while (this.rowStart[row + 1] <= at) row++;
      flags[row] = 1;
      // One hit per row is enough: go on from the next row's text.
      at = this.haystack.indexOf(q, this.rowStart[row + 1]);
    }
    return flags;
  }

  /** The rank a row sorts by in a column, -1 when the value is missing (sorted last). */
  private sortKey(by: EstateSort): Int32Array {
    let keys = this.sortKeys.get(by);
    if (keys) return keys;
    const rows = this.rows;
    switch (by) {
      case 'profile':
        keys = textRanks(rows.map((r) => this.names.profile(r.profileId).name));
        break;
      case 'org':
        keys = textRanks(rows.map((r) => this.names.org(r.profileId, r.orgId)));
        break;
      case 'name':
        keys = textRanks(rows.map((r) => r.name));
        break;
      case 'owner':
        // Keys without an owner (org-wide) sort as the last text there is.
        keys = textRanks(rows.map((r) => r.ownerEmail ?? '\uffff'));
        break;
      case 'findings':
        keys = numberRanks(rows.map((r) => popcount(r.mask)));
        break;
      case 'lastUsedAt':
        keys = numberRanks(rows.map((r) => r.lastUsedAt));
        break;
      case 'expiresAt':
        keys = numberRanks(rows.map((r) => r.expiresAt));
        break;
      case 'createdAt':
        keys = numberRanks(rows.map((r) => r.createdAt));
        break;
    }
    this.sortKeys.set(by, keys);
    return keys;
  }

  /** Every row in the sort's order; missing values last in either direction, ties in identity order. */
  private order(sort: Sort): Int32Array {
    const id = `${sort.by}:${sort.dir}`;
    let order = this.orders.get(id);
    if (!order) {
      order = orderByRank(this.sortKey(sort.by), sort.dir);
      this.orders.set(id, order);
    }
    return order;
  }
}
