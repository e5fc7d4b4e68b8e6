// Keys of the selected org, fetched page after page so the first rows show at once even
// with 50,000 keys; plus the table's filter, sort and selection. Every change to a key goes
// through an action here, which patches the table without refetching 50,000 rows.
import { create } from 'zustand';
import type { KeyMeta } from '../../shared/domain';
import type { Input, OneTimeKey } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { pages } from '../lib/pages';
import { DEFAULT_FILTER, DEFAULT_SORT, type KeyFilter, type KeySort, type SortColumn } from '../lib/keyFilters';

const FIRST_PAGE = 200;
const PAGE = 1000;

interface KeysState {
  orgId: number | null;
  items: KeyMeta[];
  loading: boolean;
  complete: boolean;
  error: string | null;
  filter: KeyFilter;
  sort: KeySort;
  selected: ReadonlySet<number>;
  load(orgId: number): Promise<void>;
  reload(): Promise<void>;
  /** Creates a key; the caller hands the reply to the one-time modal in the same tick as it closes its form. */
  create(input: Input<'createKey'>): Promise<OneTimeKey>;
  update(input: Input<'updateKey'>): Promise<KeyMeta>;
  remove(input: Input<'deleteKey'>): Promise<void>;
  /** Rolls a key; the reply (the replacement, once) is the caller's to show. */
  roll(input: Input<'rollKey'>): Promise<OneTimeKey>;
  upsert(key: KeyMeta): void;
  markRevoked(id: number): void;
  applyRoll(oldId: number, replacement: KeyMeta, gracePeriodSeconds: number, revokeWhenQuietSeconds?: number): void;
  setFilter(patch: Partial<KeyFilter>): void;
  resetFilter(): void;
  sortBy(column: SortColumn): void;
  toggle(id: number): void;
  setSelected(ids: Iterable<number>, on: boolean): void;
  clearSelection(): void;
  reset(): void;
}

type KeysData = Pick<KeysState, 'orgId' | 'items' | 'loading' | 'complete' | 'error' | 'filter' | 'sort' | 'selected'>;

/** What the store holds before any org is loaded, and again after a profile switch. */
const initial = (): KeysData => ({
  orgId: null,
  items: [],
  loading: false,
  complete: false,
  error: null,
  filter: DEFAULT_FILTER,
  sort: DEFAULT_SORT,
  selected: new Set(),
});

export const useKeys = create<KeysState>()((set, get) => {
  // A newer load (another org, a reload) makes older in-flight page loops stop.
  let generation = 0;

  return {
    ...initial(),

    async load(orgId) {
      const gen = ++generation;
      const sameOrg = get().orgId === orgId;
      set({
        orgId,
        items: [],
        loading: true,
        complete: false,
        // A retry of the same org keeps its error on screen until a load succeeds.
        ...(sameOrg ? {} : { error: null }),
        // Filters and selection belong to the org they were set in: carried into another org
        // they would hide keys behind controls that cannot show them (an owner from elsewhere).
        ...(sameOrg ? {} : { selected: new Set<number>(), filter: DEFAULT_FILTER }),
      });
      let first = true;
      try {
        for await (const items of pages((after, i) =>
          api.listKeys({ orgId, includeRevoked: true, limit: i === 0 ? FIRST_PAGE : PAGE, ...after }),
        )) {
          if (gen !== generation) return;
          set({ items: first ? items : get().items.concat(items) });
          first = false;
        }
        // Selected ids that no longer exist would make bulk actions fail for nothing.
        const ids = new Set(get().items.map((k) => k.id));
        set({
          loading: false,
          complete: true,
          error: null,
          selected: new Set([...get().selected].filter((id) => ids.has(id))),
        });
      } catch (e) {
        if (gen === generation) set({ loading: false, error: describeError(e) });
      }
    },

    async reload() {
      const { orgId } = get();
      if (orgId !== null) await get().load(orgId);
    },

    async create(input) {
      const created = await api.createKey(input);
      get().upsert(created.key);
      return created;
    },

    async update(input) {
      const key = await api.updateKey(input);
      get().upsert(key);
      return key;
    },

    async remove(input) {
      await api.deleteKey(input);
      get().markRevoked(input.id);
    },

    async roll(input) {
      const created = await api.rollKey(input);
      get().applyRoll(input.id, created.key, input.gracePeriodSeconds, input.revokeWhenQuietSeconds);
      return created;
    },

    upsert(key) {
      if (key.orgId !== get().orgId) return;
      const items = get().items;
      const i = items.findIndex((k) => k.id === key.id);
      set({ items: i === -1 ? [...items, key] : items.map((k) => (k.id === key.id ? key : k)) });
    },

    markRevoked(id) {
      const at = new Date().toISOString();
      set({
        items: get().items.map((k) => (k.id === id ? { ...k, revokedAt: at } : k)),
        selected: without(get().selected, id),
      });
    },

    applyRoll(oldId, replacement, gracePeriodSeconds, revokeWhenQuietSeconds) {
      // Mirrors rule 15 so the row is right before any refetch.
      const graceEnd = Date.now() + gracePeriodSeconds * 1000;
      set({
        items: get().items.map((k) => {
          if (k.id !== oldId) return k;
          const own = k.expiresAt === null ? Infinity : Date.parse(k.expiresAt);
          return {
            ...k,
            rolledTo: replacement.id,
            revokeWhenQuietSeconds: revokeWhenQuietSeconds ?? null,
            expiresAt: new Date(Math.min(graceEnd, own)).toISOString(),
          };
        }),
        selected: without(get().selected, oldId),
      });
      get().upsert(replacement);
    },

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },
    resetFilter() {
      set({ filter: DEFAULT_FILTER });
    },

    sortBy(column) {
      const { sort } = get();
      set({
        sort:
          sort.column === column
            ? { column, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
            : { column, dir: column === 'name' || column === 'owner' ? 'asc' : 'desc' },
      });
    },

    toggle(id) {
      const next = new Set(get().selected);
      if (!next.delete(id)) next.add(id);
      set({ selected: next });
    },
    setSelected(ids, on) {
      const next = new Set(get().selected);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      set({ selected: next });
    },
    clearSelection() {
      set({ selected: new Set() });
    },

    reset() {
      generation++;
      set(initial());
    },
  };
});

function without(set: ReadonlySet<number>, id: number): ReadonlySet<number> {
  if (!set.has(id)) return set;
  const next = new Set(set);
  next.delete(id);
  return next;
}

export const keysSelectors = {
  selectedCount: (s: KeysState): number => s.selected.size,
  keyById:
    (id: number) =>
    (s: KeysState): KeyMeta | undefined =>
      s.items.find((k) => k.id === id),
};
