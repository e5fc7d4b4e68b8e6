// Memberships per org. Keys show their owner's email from here.
import { create } from 'zustand';
import type { Membership, User } from '../../shared/domain';
import type { Input } from '../../shared/ipc/contract';
import { api } from '../api/client';
import { describeError } from '../api/errors';

interface MembersState {
  byOrg: Record<number, Membership[] | undefined>;
  loading: Record<number, boolean | undefined>;
  error: Record<number, string | undefined>;
  load(orgId: number): Promise<void>;
  /** Loads the org's members unless they are loaded or loading. */
  ensureLoaded(orgId: number): void;
  add(orgId: number, member: Input<'addMember'>['member']): Promise<Membership>;
  update(orgId: number, userId: number, patch: Input<'updateMember'>['patch'], confirm?: string): Promise<Membership>;
  remove(orgId: number, userId: number, confirm?: string): Promise<void>;
  updateUser(orgId: number, userId: number, patch: Input<'updateUser'>['patch'], confirm?: string): Promise<User>;
  reset(): void;
}

const replace = (list: Membership[] | undefined, m: Membership): Membership[] =>
  (list ?? []).some((x) => x.id === m.id) ? (list ?? []).map((x) => (x.id === m.id ? m : x)) : [...(list ?? []), m];

export const useMembers = create<MembersState>()((set, get) => ({
  byOrg: {},
  loading: {},
  error: {},

  async load(orgId) {
    // A retry keeps the last error on screen until a load succeeds (lib/useAutoRetry).
    set({ loading: { ...get().loading, [orgId]: true } });
    try {
      const list = await api.listMembers({ orgId });
      set({
        byOrg: { ...get().byOrg, [orgId]: list },
        loading: { ...get().loading, [orgId]: false },
        error: { ...get().error, [orgId]: undefined },
      });
    } catch (e) {
      set({ loading: { ...get().loading, [orgId]: false }, error: { ...get().error, [orgId]: describeError(e) } });
    }
  },

  ensureLoaded(orgId) {
    const s = get();
    if (!membersSelectors.isLoaded(orgId)(s) && !membersSelectors.isLoading(orgId)(s)) void s.load(orgId);
  },

  async add(orgId, member) {
    const m = await api.addMember({ orgId, member });
    set({ byOrg: { ...get().byOrg, [orgId]: replace(get().byOrg[orgId], m) } });
    return m;
  },

  async update(orgId, userId, patch, confirm) {
    const m = await api.updateMember({ orgId, userId, patch, ...(confirm === undefined ? {} : { confirm }) });
    set({ byOrg: { ...get().byOrg, [orgId]: replace(get().byOrg[orgId], m) } });
    return m;
  },

  async remove(orgId, userId, confirm) {
    await api.removeMember({ orgId, userId, ...(confirm === undefined ? {} : { confirm }) });
    set({ byOrg: { ...get().byOrg, [orgId]: (get().byOrg[orgId] ?? []).filter((m) => m.userId !== userId) } });
  },

  async updateUser(orgId, userId, patch, confirm) {
    const user = await api.updateUser({ userId, patch, orgId, ...(confirm === undefined ? {} : { confirm }) });
    // A user appears in every org they belong to.
    const byOrg: MembersState['byOrg'] = {};
    for (const [orgId, list] of Object.entries(get().byOrg)) {
      byOrg[Number(orgId)] = list?.map((m) => (m.userId === userId ? { ...m, user } : m));
    }
    set({ byOrg });
    return user;
  },

  reset() {
    set({ byOrg: {}, loading: {}, error: {} });
  },
}));

const EMPTY: Membership[] = [];
export const membersSelectors = {
  ofOrg:
    (orgId: number | null) =>
    (s: MembersState): Membership[] =>
      (orgId === null ? undefined : s.byOrg[orgId]) ?? EMPTY,
  isLoaded:
    (orgId: number | null) =>
    (s: MembersState): boolean =>
      orgId !== null && s.byOrg[orgId] !== undefined,
  isLoading:
    (orgId: number | null) =>
    (s: MembersState): boolean =>
      orgId !== null && s.loading[orgId] === true,
  error:
    (orgId: number | null) =>
    (s: MembersState): string | undefined =>
      orgId === null ? undefined : s.error[orgId],
};
