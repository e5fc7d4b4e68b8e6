// Audit events for the selected org (or everything, for a super admin), newest first,
// a page at a time; filters map one to one onto listAudit's query.
import { create } from 'zustand';
import type { AuditEvent, AuditOutcome } from '../../shared/domain';
import type { Input } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';
import { localInputToIso } from '../lib/format';
import { pages } from '../lib/pages';

export interface AuditFilter {
  /** 'all' = the whole log (super admins only). */
  scope: 'org' | 'all';
  action: string;
  outcome: '' | AuditOutcome;
  keyId: string;
  actorUserId: string;
  /** datetime-local values, as typed. */
  since: string;
  until: string;
}

export const DEFAULT_AUDIT_FILTER: AuditFilter = {
  scope: 'org',
  action: '',
  outcome: '',
  keyId: '',
  actorUserId: '',
  since: '',
  until: '',
};
const PAGE = 200;
export const EXPORT_MAX = 100_000;

/** The listAudit query for a filter, or an error message for a field that cannot be sent. */
export function auditQuery(f: AuditFilter, orgId: number | null): { query: Input<'listAudit'> } | { error: string } {
  const q: Input<'listAudit'> = {};
  if (f.scope === 'org') {
    if (orgId === null) return { error: 'Choose an org first.' };
    q.orgId = orgId;
  }
  if (f.action.trim()) q.action = f.action.trim();
  if (f.outcome) q.outcome = f.outcome;
  // The Key field asks for everything about the key: calls made with it and its own
  // lifecycle (created, disabled, rolled…), not only the former.
  for (const [field, param, label] of [
    ['keyId', 'aboutKeyId', 'Key ID'],
    ['actorUserId', 'actorUserId', 'Actor user ID'],
  ] as const) {
    const raw = f[field].trim();
    if (!raw) continue;
    if (!/^[1-9]\d{0,14}$/.test(raw)) return { error: `${label} must be a positive whole number.` };
    q[param] = Number(raw);
  }
  for (const field of ['since', 'until'] as const) {
    if (!f[field]) continue;
    const iso = localInputToIso(f[field]);
    if (!iso) return { error: `The ${field === 'since' ? '“from”' : '“to”'} date is not valid.` };
    q[field] = iso;
  }
  if (q.since && q.until && q.since >= q.until) return { error: 'The “from” date must be before the “to” date.' };
  return { query: q };
}

interface AuditState {
  filter: AuditFilter;
  events: AuditEvent[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
  /** The error is a failed read (worth retrying), not a filter that cannot be sent. */
  failed: boolean;
  setFilter(patch: Partial<AuditFilter>): void;
  load(orgId: number | null): Promise<void>;
  loadMore(orgId: number | null): Promise<void>;
  fetchAll(orgId: number | null, onProgress?: (n: number) => void): Promise<AuditEvent[]>;
  reset(): void;
}

export const useAudit = create<AuditState>()((set, get) => {
  // A newer load or a reset makes older in-flight requests drop their answer.
  let generation = 0;

  return {
    filter: DEFAULT_AUDIT_FILTER,
    events: [],
    nextCursor: null,
    loading: false,
    error: null,
    failed: false,

    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },

    async load(orgId) {
      const gen = ++generation;
      const built = auditQuery(get().filter, orgId);
      if ('error' in built) {
        set({ error: built.error, failed: false, events: [], nextCursor: null, loading: false });
        return;
      }
      // A retry of a failed read keeps its error on screen until a read succeeds (lib/useAutoRetry).
      set(get().failed ? { loading: true } : { loading: true, error: null });
      try {
        const page = await api.listAudit({ ...built.query, limit: PAGE });
        if (gen === generation)
          set({ events: page.items, nextCursor: page.nextCursor, loading: false, error: null, failed: false });
      } catch (e) {
        if (gen === generation)
          set({ loading: false, error: describeError(e), failed: true, events: [], nextCursor: null });
      }
    },

    async loadMore(orgId) {
      const { nextCursor } = get();
      const built = auditQuery(get().filter, orgId);
      if (!nextCursor || 'error' in built) return;
      const gen = generation;
      set({ loading: true });
      try {
        const page = await api.listAudit({ ...built.query, limit: PAGE, cursor: nextCursor });
        if (gen === generation)
          set({ events: get().events.concat(page.items), nextCursor: page.nextCursor, loading: false });
      } catch (e) {
        if (gen === generation) set({ loading: false, error: describeError(e), failed: true });
      }
    },

    async fetchAll(orgId, onProgress) {
      const built = auditQuery(get().filter, orgId);
      if ('error' in built) throw new Error(built.error);
      const out: AuditEvent[] = [];
      for await (const items of pages((after) => api.listAudit({ ...built.query, limit: 1000, ...after }))) {
        out.push(...items);
        onProgress?.(out.length);
        if (out.length >= EXPORT_MAX) break;
      }
      return out;
    },

    reset() {
      generation++;
      set({ filter: DEFAULT_AUDIT_FILTER, events: [], nextCursor: null, loading: false, error: null, failed: false });
    },
  };
});
