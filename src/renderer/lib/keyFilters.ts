// Filtering and sorting of the keys table as pure functions over plain arrays, so 50,000
// rows can be re-filtered on every keystroke and the logic is testable without a DOM.
import type { KeyMeta, Scope } from '../../shared/domain';
import type { LabelFilter } from '../../shared/labels';
import { isExpiringSoon, keyState, type KeyState } from './keyState';
import { labelsCell, matchesLabels, parseLabelFilters } from './labelText';

export type StatusFilter = 'live' | 'all' | KeyState;
export type OwnerFilter = 'any' | 'org' | number;

export interface KeyFilter {
  query: string;
  status: StatusFilter;
  scope: Scope | 'any';
  expiringSoon: boolean;
  neverUsed: boolean;
  owner: OwnerFilter;
  /** docs/policies-and-labels.md: space-separated `key` or `key:value`, all must match. */
  label: string;
}

export const DEFAULT_FILTER: KeyFilter = {
  query: '',
  status: 'live',
  scope: 'any',
  expiringSoon: false,
  neverUsed: false,
  owner: 'any',
  label: '',
};

export type SortColumn = 'name' | 'start' | 'owner' | 'scopes' | 'status' | 'createdAt' | 'lastUsedAt' | 'expiresAt';
export interface KeySort {
  column: SortColumn;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: KeySort = { column: 'createdAt', dir: 'desc' };

/** Owner label of a key: the member's email, "org-wide", or the user id when the membership is gone. */
export function ownerLabel(k: KeyMeta, emailOf: (orgUserId: number) => string | undefined): string {
  if (k.kind === 'org' || k.orgUserId === null) return 'org-wide';
  return emailOf(k.orgUserId) ?? `member #${k.orgUserId}`;
}

/**
 * Lower-cased words a search matches against, computed once per key rather than per
 * keystroke: name, owner and description. Not the id: "1" must not match every key whose
 * id contains a 1 (issue 8, item 16). The start is matched separately, as a prefix.
 */
export function searchText(k: KeyMeta, owner: string): string {
  return `${k.name}\n${owner}\n${k.description}\n${labelsCell(k.labels)}`.toLowerCase();
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether `term` starts a word of `text` ("bill" finds "Service 1 billing", "ill" does not). */
function startsAWord(text: string, term: string): boolean {
  for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + 1)) {
    if (i === 0 || !WORD_CHAR.test(text[i - 1]) || !WORD_CHAR.test(term[0])) return true;
  }
  return false;
}

/** One search term: a word start of the name, owner or description; the key's start typed from its beginning; or "#id" exactly. */
function matchesTerm(row: IndexedKey, term: string): boolean {
  if (/^#\d+$/.test(term)) return row.key.id === Number(term.slice(1));
  return startsAWord(row.text, term) || row.key.start.toLowerCase().startsWith(term);
}

export interface IndexedKey {
  key: KeyMeta;
  owner: string;
  text: string;
}

export function indexKeys(keys: readonly KeyMeta[], emailOf: (orgUserId: number) => string | undefined): IndexedKey[] {
  return keys.map((key) => {
    const owner = ownerLabel(key, emailOf);
    return { key, owner, text: searchText(key, owner) };
  });
}

function matchesFilter(
  row: IndexedKey,
  f: KeyFilter,
  now: number,
  terms: string[],
  labels: readonly LabelFilter[] = [],
): boolean {
  const k = row.key;
  if (f.status !== 'all') {
    const s = keyState(k, now);
    if (f.status === 'live' ? s === 'revoked' : s !== f.status) return false;
  }
  if (f.scope !== 'any' && !k.scopes.includes(f.scope)) return false;
  if (f.expiringSoon && !isExpiringSoon(k, now)) return false;
  if (f.neverUsed && k.lastUsedAt !== null) return false;
  if (f.owner !== 'any') {
    if (f.owner === 'org' ? k.kind !== 'org' : k.orgUserId !== f.owner) return false;
  }
  if (labels.length && !matchesLabels(k.labels, labels)) return false;
  for (const t of terms) if (!matchesTerm(row, t)) return false;
  return true;
}

const queryTerms = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean);

export function filterKeys(rows: readonly IndexedKey[], f: KeyFilter, now: number): IndexedKey[] {
  const terms = queryTerms(f.query);
  // A label filter still being typed (malformed) filters nothing; the bar says why.
  const parsed = parseLabelFilters(f.label);
  const labels = typeof parsed === 'string' ? [] : parsed;
  return rows.filter((r) => matchesFilter(r, f, now, terms, labels));
}

const STATE_ORDER: Record<KeyState, number> = { enabled: 0, disabled: 1, expired: 2, rolled: 3, revoked: 4 };

// A missing date ("never used", "no expiry") has no value: it sorts last in either direction.
const time = (s: string | null): number | null => (s === null ? null : Date.parse(s));

function sortValue(r: IndexedKey, column: SortColumn, now: number): string | number | null {
  const k = r.key;
  switch (column) {
    case 'name':
      return k.name.toLowerCase();
    case 'start':
      return k.start;
    case 'owner':
      return r.owner.toLowerCase();
    case 'scopes':
      return k.scopes.join(',');
    case 'status':
      return STATE_ORDER[keyState(k, now)];
    case 'createdAt':
      return time(k.createdAt);
    case 'lastUsedAt':
      return time(k.lastUsedAt);
    case 'expiresAt':
      return time(k.expiresAt);
  }
}

/** Stable sort by one column; ties fall back to the key id so the order never flickers. */
export function sortKeys(rows: readonly IndexedKey[], sort: KeySort, now: number): IndexedKey[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const decorated = rows.map((r) => ({ r, v: sortValue(r, sort.column, now) }));
  decorated.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
      return (a.r.key.id - b.r.key.id) * sign;
    }
    if (a.v < b.v) return -sign;
    if (a.v > b.v) return sign;
    return (a.r.key.id - b.r.key.id) * sign;
  });
  return decorated.map((d) => d.r);
}
