// The estate as the renderer sees it: the Overview's counts, and the estate table as
// pages fetched from main on demand (the renderer never holds the whole estate). Pages are
// cached per query; any change of filter or sort starts over. Typing asks main at every
// keystroke, latest wins: while a reply for an older query is awaited, only the newest
// query waits to be sent (the ones typed over are never sent), and the rows on screen stay
// until the new query's rows replace them, so the table never blanks between keystrokes.
import { create } from 'zustand';
import type { EstateAction } from '../../shared/estateActions';
import type { EstateFilter, EstateOverview, EstateQuery, EstateRowView } from '../../shared/estate';
import type { Input, OneTimeKey, Output } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { useOneTimeKey } from './oneTimeKey';
import { useProfiles } from './profiles';
import { useRotation } from './rotation';

// About two screens of rows: a page is what the virtual list shows, not a download of the estate.
export const ESTATE_PAGE = 50;

type Sort = NonNullable<EstateQuery['sort']>;

interface EstateState {
  overview: EstateOverview | null;
  overviewLoading: boolean;
  error: string | null;
  filter: EstateFilter;
  sort: Sort;
  /** Rows matching the query whose rows are shown (`shown`), which may lag behind `filter`/`sort`. */
  total: number;
  /** Rows by page number for the query shown. */
  pages: ReadonlyMap<number, EstateRowView[]>;
  /** The query whose rows `pages` and `total` hold: `generation` once its first reply came. */
  shown: { generation: number; filter: EstateFilter; sort: Sort };
  /**
   * The selected rows by `profileId:keyId` (they may be on pages not loaded), each with the
   * bulk actions its profile's credential may take on it.
   */
  selected: ReadonlyMap<string, SelectedRow>;
  generation: number;
  loadOverview(refresh?: boolean): Promise<void>;
  setFilter(patch: Partial<EstateFilter>): void;
  sortBy(by: Sort['by']): void;
  /** Fetches the pages holding rows [from, to) that are not loaded yet. */
  want(from: number, to: number): void;
  toggle(id: string, row: SelectedRow): void;
  clearSelection(): void;
  reload(): Promise<void>;
  /** Runs a bulk action across profiles to its end (a roll's new keys to the one-time display), then clears the selection and reloads. */
  runBulk(input: Input<'estateBulk'>): Promise<Output<'estateBulk'>>;
  /** Deactivates a person's memberships and disables their keys everywhere, then refreshes the Overview. */
  offboard(input: Input<'offboardRun'>): Promise<Output<'offboardRun'>>;
}

/** What a bulk run needs to know of a selected row that may be on a page no longer loaded. */
export interface SelectedRow {
  actions: readonly EstateAction[];
  /** The profile's name when this key is the one that profile signs in with. */
  credentialOf: string | null;
}

const BULK_POLL_MS = 200;

export const rowId = (r: Pick<EstateRowView, 'profileId' | 'keyId'>): string => `${r.profileId}:${r.keyId}`;

export const useEstate = create<EstateState>()((set, get) => {
  // Pages being fetched, by generation and page: lives with the store, not the module.
  const inFlight = new Map<string, number>();
  // The ranges the newest query asked for while an older query's reply was awaited: sent when it comes.
  let deferred: { generation: number; ranges: [number, number][] } | null = null;
  const olderInFlight = (generation: number) => [...inFlight.values()].some((g) => g !== generation);
  const settled = (key: string) => {
    inFlight.delete(key);
    const next = deferred;
    if (next && next.generation === get().generation && !olderInFlight(next.generation)) {
      deferred = null;
      for (const [from, to] of next.ranges) get().want(from, to);
    }
  };
  return {
    overview: null,
    overviewLoading: false,
    error: null,
    filter: {},
    sort: { by: 'name', dir: 'asc' },
    total: 0,
    pages: new Map(),
    shown: { generation: -1, filter: {}, sort: { by: 'name', dir: 'asc' } },
    selected: new Map(),
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
      set({ filter, generation: get().generation + 1 });
      get().want(0, ESTATE_PAGE);
    },

    sortBy(by) {
      const cur = get().sort;
      const sort: Sort = { by, dir: cur.by === by && cur.dir === 'asc' ? 'desc' : 'asc' };
      set({ sort, generation: get().generation + 1 });
      get().want(0, ESTATE_PAGE);
    },

    want(from, to) {
      const { generation, filter, sort, pages, shown } = get();
      if (olderInFlight(generation)) {
        if (deferred?.generation !== generation) deferred = { generation, ranges: [] };
        // The virtualizer asks again at every render; a few of its latest ranges are enough.
        if (deferred.ranges.length >= 4) deferred.ranges.splice(1, 1);
        deferred.ranges.push([from, to]);
        return;
      }
      for (let p = Math.floor(from / ESTATE_PAGE); p <= Math.floor(Math.max(from, to - 1) / ESTATE_PAGE); p++) {
        const key = `${generation}:${p}`;
        if ((shown.generation === generation && pages.has(p)) || inFlight.has(key)) continue;
        inFlight.set(key, generation);
        api.estateKeys({ filter, sort, offset: p * ESTATE_PAGE, limit: ESTATE_PAGE }).then(
          (page) => {
            if (get().generation === generation) {
              const cur = get();
              // The first reply of a new query replaces the rows shown; later pages join them.
              const next = new Map(cur.shown.generation === generation ? cur.pages : []);
              next.set(p, page.rows);
              set({ pages: next, total: page.total, shown: { generation, filter, sort }, error: null });
            }
            settled(key);
          },
          (e: unknown) => {
            if (get().generation === generation) set({ error: describeError(e) });
            settled(key);
          },
        );
      }
    },

    toggle(id, row) {
      const next = new Map(get().selected);
      if (next.has(id)) next.delete(id);
      else next.set(id, row);
      set({ selected: next });
    },

    clearSelection() {
      set({ selected: new Map() });
    },

    async reload() {
      set({ generation: get().generation + 1 });
      await get().loadOverview(false);
      get().want(0, ESTATE_PAGE);
    },

    async runBulk(input) {
      // A rolled key's new key crosses IPC in one status reply only (the first after it was
      // minted): each is kept from whichever reply brings it and shown once the run is over.
      const minted: OneTimeKey[] = [];
      const strip = (job: Output<'estateBulk'>): Output<'estateBulk'> => ({
        ...job,
        results: job.results.map((r) => {
          if (r.newKey) minted.push(r.newKey);
          return r.newKey ? { ...r, newKey: null } : r;
        }),
      });
      let job = strip(await api.estateBulk(input));
      try {
        while (job.running) {
          await new Promise((r) => setTimeout(r, BULK_POLL_MS));
          job = strip(await api.estateBulkStatus({ jobId: job.jobId }));
        }
      } finally {
        if (minted.length) useOneTimeKey.getState().show(minted);
      }
      get().clearSelection();
      await get().reload();
      // As after a roll in the keys view: the run's rotations, once the new keys are secured.
      if (job.action === 'roll')
        void useRotation.getState().openInGrace(
          useProfiles.getState().session?.profile.id ?? null,
          job.results.filter((r) => r.state === 'done'),
        );
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
  notificationCount: (s: EstateState) => s.overview?.notificationCount ?? 0,
};
