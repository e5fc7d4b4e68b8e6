// Org key policies (docs/policies-and-labels.md) as the app last read them, per org of the current profile.
import { create } from 'zustand';
import type { Policy, PolicyPreview } from '../../shared/domain';
import { api } from '../api/client';
import { describeError } from '../api/errors';

interface PoliciesState {
  byOrg: Record<number, Policy>;
  errors: Record<number, string>;
  load(orgId: number): Promise<Policy | null>;
  /** Loads unless already known. */
  ensure(orgId: number): Promise<void>;
  preview(orgId: number, policy: Policy): Promise<PolicyPreview>;
  save(orgId: number, policy: Policy, confirm?: string): Promise<Policy>;
  reset(): void;
}

export const usePolicies = create<PoliciesState>()((set, get) => ({
  byOrg: {},
  errors: {},

  async load(orgId) {
    try {
      const policy = await api.getPolicy({ orgId });
      set({ byOrg: { ...get().byOrg, [orgId]: policy }, errors: without(get().errors, orgId) });
      return policy;
    } catch (e) {
      set({ errors: { ...get().errors, [orgId]: describeError(e) } });
      return null;
    }
  },

  async ensure(orgId) {
    if (get().byOrg[orgId] === undefined) await get().load(orgId);
  },

  preview(orgId, policy) {
    return api.previewPolicy({ orgId, policy });
  },

  async save(orgId, policy, confirm) {
    const saved = await api.putPolicy({ orgId, policy, ...(confirm === undefined ? {} : { confirm }) });
    set({ byOrg: { ...get().byOrg, [orgId]: saved } });
    return saved;
  },

  reset() {
    set({ byOrg: {}, errors: {} });
  },
}));

function without(r: Record<number, string>, orgId: number): Record<number, string> {
  if (!(orgId in r)) return r;
  const next = { ...r };
  delete next[orgId];
  return next;
}

export const policiesSelectors = {
  /** The org's policy, or null until it is loaded (or when it could not be read). */
  of:
    (orgId: number | null) =>
    (s: PoliciesState): Policy | null =>
      orgId === null ? null : (s.byOrg[orgId] ?? null),
  error:
    (orgId: number | null) =>
    (s: PoliciesState): string | null =>
      orgId === null ? null : (s.errors[orgId] ?? null),
};
