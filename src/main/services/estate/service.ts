// The estate (docs/estate.md "In the app"): every profile read concurrently, each with a
// status of its own and remote ones under a time limit, so one failing profile never
// blocks or hides the others. Counts come first (the Overview); the key inventory is read
// when something needs it. Everything is cached until refreshed on demand or made stale
// by a change the app makes.
// Over ~300 lines on purpose: the per-profile reads, the cache and its staleness share one
// state; split, they would share it through exports.
import { KeywardenError, isKeywardenError, type ErrorCode } from '../../../shared/errors';
import { zeroCounts, FINDING_CODES, type FindingCounts, type FindingThresholds } from '../../../shared/findings';
import type {
  EstateFilter,
  EstateOverview,
  EstatePage,
  EstateProfile,
  EstateQuery,
  ProfileStatus,
} from '../../../shared/estate';
import type { Backend } from '../../backend/types';
import type { StoredProfile } from '../appStore';
import { csvHeader, csvLine } from './csv';
import { toView, type Names } from './query';
import { EstateSearchIndex } from './searchIndex';
import type { EstateRow, EstateSource, OrgCounts } from './sources';

export interface EstateOptions {
  listProfiles(): StoredProfile[];
  /** Opens a profile's source; throws KeywardenError (KEYCHAIN_UNAVAILABLE for a locked or empty keychain). */
  openSource(profile: StoredProfile): Promise<EstateSource>;
  /** Time limit for reading one remote profile (default 15 s). */
  remoteTimeLimitMs?: number;
  thresholds?: Partial<FindingThresholds>;
  now?: () => number;
}

interface ProfileState {
  profile: StoredProfile;
  status: ProfileStatus;
  message: string | null;
  checkedAt: number | null;
  orgs: OrgCounts[];
  rows: EstateRow[] | null;
}

const CREDENTIAL_CODES = new Set<ErrorCode>([
  'MISSING_KEY',
  'MALFORMED_KEY',
  'WRONG_ENVIRONMENT',
  'UNKNOWN_KEY',
  'REVOKED',
  'DISABLED',
  'EXPIRED',
  'INACTIVE_USER',
  'SCOPE_DENIED',
  'FORBIDDEN',
]);
const UNREACHABLE_CODES = new Set<ErrorCode>(['NETWORK', 'UNAVAILABLE', 'TLS', 'BAD_RESPONSE']);

export class TimeLimitError extends KeywardenError {
  constructor(ms: number) {
    super('TIMEOUT', `no complete answer within ${Math.round(ms / 100) / 10} s`);
  }
}

export function statusOf(e: unknown): ProfileStatus {
  if (!isKeywardenError(e)) return 'error';
  if (e instanceof TimeLimitError || e.code === 'TIMEOUT') return 'timedOut';
  if (e.code === 'KEYCHAIN_UNAVAILABLE') return 'keychainLocked';
  if (CREDENTIAL_CODES.has(e.code)) return 'credentialRefused';
  if (UNREACHABLE_CODES.has(e.code)) return 'unreachable';
  return 'error';
}

const fingerprint = (p: StoredProfile): string =>
  JSON.stringify([p.name, p.environment, p.backend, p.url, p.dbFile, p.hasCredential]);

export class EstateService {
  private readonly states = new Map<number, ProfileState>();
  private readonly sources = new Map<number, { print: string; source: Promise<EstateSource> }>();
  private refreshing: Promise<void> | null = null;
  private loadingRows: Promise<void> | null = null;
  private stale = true;
  private refreshedAt: number | null = null;
  private generation = 0;
  /** The inventory's search index, built once per refresh (a change made anywhere is a refresh). */
  private index: { generation: number; index: EstateSearchIndex } | null = null;
  /** The last query's selection, so paging through it does not filter again. */
  private lastSelection: { key: string; index: EstateSearchIndex; picked: Int32Array } | null = null;
  private readonly now: () => number;

  constructor(private readonly o: EstateOptions) {
    this.now = o.now ?? Date.now;
  }

  /** A change was made somewhere: the next read refreshes. */
  markStale(): void {
    this.stale = true;
  }

  private timeLimit(p: StoredProfile): number {
    return p.backend === 'remote' ? (this.o.remoteTimeLimitMs ?? 15_000) : 2 ** 31 - 1;
  }

  /** The profile's open source, reopened when the profile changed; a failed open is not kept. */
  private source(p: StoredProfile): Promise<EstateSource> {
    const print = fingerprint(p);
    const held = this.sources.get(p.id);
    if (held && held.print === print) return held.source;
    if (held) void held.source.then((s) => s.close()).catch(() => {});
    const source = this.o.openSource(p);
    this.sources.set(p.id, { print, source });
    source.catch(() => {
      if (this.sources.get(p.id)?.source === source) this.sources.delete(p.id);
    });
    return source;
  }

  /** Drops a source whose reads timed out: closing it ends its sockets. */
  private dropSource(profileId: number): void {
    const held = this.sources.get(profileId);
    this.sources.delete(profileId);
    if (held) void held.source.then((s) => s.close()).catch(() => {});
  }

  /** Runs `work` on the profile's source within the profile's time limit. */
  async limited<T>(p: StoredProfile, work: (s: EstateSource) => Promise<T>): Promise<T> {
    const ms = this.timeLimit(p);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeLimitError(ms)), ms);
    });
    try {
      return await Promise.race([this.source(p).then(work), deadline]);
    } catch (e) {
      if (e instanceof TimeLimitError) this.dropSource(p.id);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(state: ProfileState, e: unknown): void {
    state.status = statusOf(e);
    state.message = isKeywardenError(e) ? e.message : 'could not read this profile';
    state.orgs = [];
    state.rows = [];
  }

  /** Reads every profile's counts concurrently; the inventory is read again on next use. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    this.stale = false;
    this.generation++;
    const profiles = this.o.listProfiles();
    const ids = new Set(profiles.map((p) => p.id));
    for (const id of [...this.states.keys()]) {
      if (!ids.has(id)) {
        this.states.delete(id);
        this.dropSource(id);
      }
    }
    const t = this.o.thresholds ?? {};
    // Remote profiles first: their requests are in flight while local databases are read.
    const ordered = [...profiles].sort((a, b) => Number(a.backend === 'local') - Number(b.backend === 'local'));
    await Promise.all(
      ordered.map(async (p) => {
        const state: ProfileState = { profile: p, status: 'ok', message: null, checkedAt: null, orgs: [], rows: null };
        try {
          state.orgs = await this.limited(p, (s) => s.counts(t));
        } catch (e) {
          this.fail(state, e);
        }
        state.checkedAt = this.now();
        this.states.set(p.id, state);
      }),
    );
    this.refreshedAt = this.now();
  }

  private async fresh(force = false): Promise<void> {
    if (force || this.stale || this.refreshedAt === null) await this.refresh();
    else if (this.refreshing) await this.refreshing;
  }

  async overview(opts: { refresh?: boolean } = {}): Promise<Omit<EstateOverview, 'notificationCount'>> {
    await this.fresh(opts.refresh === true);
    const totals = zeroCounts();
    const profiles: EstateProfile[] = [...this.states.values()]
      .sort((a, b) => a.profile.id - b.profile.id)
      .map((s) => {
        const counts = zeroCounts();
        for (const o of s.orgs) add(counts, o.counts);
        add(totals, counts);
        return {
          id: s.profile.id,
          name: s.profile.name,
          environment: s.profile.environment,
          backend: s.profile.backend,
          status: s.status,
          message: s.message,
          checkedAt: s.checkedAt === null ? null : new Date(s.checkedAt).toISOString(),
          counts,
          orgs: s.orgs.map((o) => ({ orgId: o.orgId, name: o.name, counts: o.counts })),
        };
      });
    return {
      totals,
      profiles,
      refreshedAt: this.refreshedAt === null ? null : new Date(this.refreshedAt).toISOString(),
    };
  }

  /** Every row of every readable profile, reading the inventories not read since the last refresh. */
  async rows(): Promise<EstateRow[]> {
    await this.fresh();
    while ([...this.states.values()].some((s) => s.rows === null)) {
      this.loadingRows ??= this.loadRows().finally(() => {
        this.loadingRows = null;
      });
      await this.loadingRows;
    }
    return [...this.states.values()].flatMap((s) => s.rows ?? []);
  }

  private async loadRows(): Promise<void> {
    const t = this.o.thresholds ?? {};
    const pending = [...this.states.values()].filter((s) => s.rows === null);
    await Promise.all(
      pending.map(async (state) => {
        try {
          state.rows = await this.limited(state.profile, (s) => s.rows(state.profile.id, t));
        } catch (e) {
          this.fail(state, e);
        }
      }),
    );
  }

  names(): Names {
    const orgNames = new Map<string, string>();
    for (const s of this.states.values()) for (const o of s.orgs) orgNames.set(`${s.profile.id}:${o.orgId}`, o.name);
    return {
      profile: (id) => {
        const p = this.states.get(id)?.profile;
        return { name: p?.name ?? `profile ${id}`, environment: p?.environment ?? 'sandbox' };
      },
      org: (profileId, orgId) => orgNames.get(`${profileId}:${orgId}`) ?? `org ${orgId}`,
    };
  }

  /** The search index over the whole inventory, (re)built after a refresh read it again. */
  private async searchIndex(): Promise<EstateSearchIndex> {
    await this.fresh();
    // Current: no refresh since it was built (a refresh is the only thing that drops rows).
    if (this.index?.generation === this.generation) return this.index.index;
    const all = await this.rows();
    if (this.index?.generation !== this.generation) {
      // Dropped first, so the old index and its haystack are not held while the new one is built.
      this.index = null;
      this.lastSelection = null;
      this.index = { generation: this.generation, index: new EstateSearchIndex(all, this.names()) };
    }
    return this.index.index;
  }

  private async select(q: EstateQuery): Promise<{ index: EstateSearchIndex; picked: Int32Array }> {
    const index = await this.searchIndex();
    const key = JSON.stringify([q.filter ?? {}, q.sort ?? null]);
    if (this.lastSelection?.key === key && this.lastSelection.index === index) return this.lastSelection;
    this.lastSelection = { key, index, picked: index.select(q.filter ?? {}, q.sort) };
    return this.lastSelection;
  }

  async query(q: EstateQuery): Promise<EstatePage> {
    const { index, picked } = await this.select(q);
    const offset = q.offset ?? 0;
    const names = this.names();
    const rows: EstatePage['rows'] = [];
    for (let j = offset; j < Math.min(picked.length, offset + (q.limit ?? 100)); j++)
      rows.push(toView(index.rows[picked[j]], names));
    return { total: picked.length, offset, rows };
  }

  async csv(q: { filter?: EstateFilter; sort?: EstateQuery['sort'] }): Promise<{ csv: string; rows: number }> {
    const { index, picked } = await this.select({ filter: q.filter, sort: q.sort });
    const names = this.names();
    const lines = [csvHeader()];
    for (const i of picked) lines.push(csvLine(toView(index.rows[i], names)));
    return { csv: `${lines.join('\r\n')}\r\n`, rows: picked.length };
  }

  /** A row by identity, from the inventory. */
  async row(profileId: number, keyId: number): Promise<EstateRow | undefined> {
    return (await this.rows()).find((r) => r.profileId === profileId && r.keyId === keyId);
  }

  profileState(id: number): { profile: StoredProfile; status: ProfileStatus } | undefined {
    return this.states.get(id);
  }

  profiles(): StoredProfile[] {
    return this.o.listProfiles();
  }

  /** The backend the estate reads a profile through, for bulk work and offboarding. */
  async backendOf(profile: StoredProfile): Promise<Backend> {
    return (await this.source(profile)).backend;
  }

  async close(): Promise<void> {
    const held = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(held.map((h) => h.source.then((s) => s.close()).catch(() => {})));
  }
}

function add(into: FindingCounts, more: FindingCounts): void {
  for (const c of FINDING_CODES) into[c] += more[c];
}
