// The estate as the renderer sees it: the Overview's counts, and the estate table as
// pages fetched from main on demand (the renderer never holds the whole estate). Pages are
// cached per query; any change of filter or sort starts over.
import { create } from 'zustand';
import type { EstateFilter, EstateOverview, EstateQuery, EstateRowView } from '../../shared/estate';
import type { Input, Output } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';

export const ESTATE_PAGE = 200;

type Sort = NonNullable<EstateQuery['sort']>;

interface EstateState {
  overview: EstateOverview | null;
  overviewLoading: boolean;
  error: string | null;
  filter: EstateFilter;
  sort: Sort;
  total: number;
  /** Rows by page number for the current query. */
  pages: ReadonlyMap<number, EstateRowView[]>;
  /** `profileId:keyId` of the selected rows (they may be on pages not loaded). */
  selected: ReadonlySet<string>;
  generation: number;
  loadOverview(refresh?: boolean): Promise<void>;
  setFilter(patch: Partial<EstateFilter>): void;
  sortBy(by: Sort['by']): void;
  /** Fetches the pages holding rows [from, to) that are not loaded yet. */
  want(from: number, to: number): void;
  toggle(id: string): void;
  clearSelection(): void;
  reload(): Promise<void>;
  /** Runs a bulk action across profiles to its end, then clears the selection and reloads. */
  runBulk(input: Input<'estateBulk'>): Promise<Output<'estateBulk'>>;
  /** Deactivates a person's memberships and disables their keys everywhere, then refreshes the Overview. */
  offboard(input: Input<'offboardRun'>): Promise<Output<'offboardRun'>>;
}

const BULK_POLL_MS = 200;

export const rowId = (r: Pick<EstateRowView, 'profileId' | 'keyId'>): string => `${r.profileId}:${r.keyId}`;

export const useEstate = create<EstateState>()((set, get) => {
  // Pages being fetched, by generation and page: lives with the store, not the module.
  const inFlight = new Set<string>();
  return {
    overview: null,
    overviewLoading: false,
    error: null,
    filter: {},
    sort: { by: 'name', dir: 'asc' },
    total: 0,
    pages: new Map(),
    selected: new Set(),
    generation: 0,

    async loadOverview(refresh = false) {
      set({ overviewLoading: true, error: null });
      try {
        set({ overview: await api.estateOverview({ refresh }), overviewLoading: false });
      } catch (e) {
        set({ overviewLoading: false, error: describeError(e) });
      }
    },

    setFilter(patch) {
      const filter = { ...get().filter, ...patch };
      for (const k of Object.keys(filter) as (keyof EstateFilter)[])
        if (filter[k] === undefined || filter[k] === '') delete filter[k];
      // The selection outlives a new filter: search, pick, search again, pick more.
      set({ filter, pages: new Map(), total: 0, generation: get().generation + 1 });
      get().want(0, ESTATE_PAGE);
    },

    sortBy(by) {
      const cur = get().sort;
      const sort: Sort = { by, dir: cur.by === by && cur.dir === 'asc' ? 'desc' : 'asc' };
      set({ sort, pages: new Map(), generation: get().generation + 1 });
      get().want(0, ESTATE_PAGE);
    },

    want(from, to) {
      const { generation, filter, sort, pages } = get();
      for (let p = Math.floor(from / ESTATE_PAGE); p <= Math.floor(Math.max(from, to - 1) / ESTATE_PAGE); p++) {
        const key = `${generation}:${p}`;
        if (pages.has(p) || inFlight.has(key)) continue;
        inFlight.add(key);
        api.estateKeys({ filter, sort, offset: p * ESTATE_PAGE, limit: ESTATE_PAGE }).then(
          (page) => {
            inFlight.delete(key);
            if (get().generation !== generation) return;
            const next = new Map(get().pages);
            next.set(p, page.rows);
            set({ pages: next, total: page.total, error: null });
          },
          (e: unknown) => {
            inFlight.delete(key);
            set({ error: describeError(e) });
          },
        );
      }
    },

    toggle(id) {
      const next = new Set(get().selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      set({ selected: next });
    },

    clearSelection() {
      set({ selected: new Set() });
    },

    async reload() {
      set({ pages: new Map(), generation: get().generation + 1 });
      await get().loadOverview(false);
      get().want(0, ESTATE_PAGE);
    },

    async runBulk(input) {
      let job = await api.estateBulk(input);
      while (job.running) {
        await new Promise((r) => setTimeout(r, BULK_POLL_MS));
        job = await api.estateBulkStatus({ jobId: job.jobId });
      }
      get().clearSelection();
      await get().reload();
      return job;
    },

    async offboard(input) {
      const out = await api.offboardRun(input);
      void get().loadOverview();
      return out;
    },
  };
});

/** Derived views of the estate state, one place for every component. */
export const estateSelectors = {
  rowAt: (i: number) => (s: EstateState) => s.pages.get(Math.floor(i / ESTATE_PAGE))?.[i % ESTATE_PAGE],
  selectedCount: (s: EstateState) => s.selected.size,
  notificationCount: (s: EstateState) => s.overview?.notificationCount ?? 0,
  failingProfiles: (s: EstateState) => s.overview?.profiles.filter((p) => p.status !== 'ok') ?? [],
  loadedRows: (s: EstateState): EstateRowView[] => [...s.pages.values()].flat(),
};
