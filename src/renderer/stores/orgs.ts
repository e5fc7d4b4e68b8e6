// The orgs the acting user can see, and which one the main area is about.
import { create } from 'zustand';
import type { Org } from '../../shared/domain';
import type { Input } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';

interface OrgsState {
  orgs: Org[];
  selectedId: number | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  select(id: number): void;
  create(input: Input<'createOrg'>): Promise<Org>;
  update(orgId: number, patch: Input<'updateOrg'>['patch']): Promise<Org>;
  reset(): void;
}

export const useOrgs = create<OrgsState>()((set, get) => ({
  orgs: [],
  selectedId: null,
  loading: false,
  error: null,

  async load() {
    set({ loading: true, error: null });
    try {
      const orgs = await api.listOrgs();
      const keep = orgs.some((o) => o.id === get().selectedId);
      set({ orgs, loading: false, selectedId: keep ? get().selectedId : (orgs[0]?.id ?? null) });
    } catch (e) {
      set({ loading: false, error: describeError(e) });
    }
  },

  select(id) {
    set({ selectedId: id });
  },

  async create(input) {
    const org = await api.createOrg(input);
    set({ orgs: [...get().orgs, org], selectedId: org.id });
    return org;
  },

  async update(orgId, patch) {
    const org = await api.updateOrg({ orgId, patch });
    set({ orgs: get().orgs.map((o) => (o.id === org.id ? org : o)) });
    return org;
  },

  reset() {
    set({ orgs: [], selectedId: null, loading: false, error: null });
  },
}));

export const orgsSelectors = {
  selectedOrg: (s: OrgsState): Org | null => s.orgs.find((o) => o.id === s.selectedId) ?? null,
  orgById:
    (id: number | null | undefined) =>
    (s: OrgsState): Org | null =>
      s.orgs.find((o) => o.id === id) ?? null,
};
