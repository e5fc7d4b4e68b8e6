// The rotation view's list (docs/usage-and-rotation.md): which old → new pairs it shows, and
// when. After a roll (single or bulk) the pairs wait until the one-time display and the bulk
// dialog have closed, so the new key is secured before anything else asks for attention.
import { create } from 'zustand';
import { api } from '../api/client';
import { describeError } from '../api/errors';

export interface Rotation {
  /** The old (rolled) key. */
  oldKeyId: number;
  /** The profile it lives in; null for the open profile. */
  profileId: number | null;
  /** From an estate row, for keys of another profile (no live data across profiles). */
  estate?: { profileName: string; name: string; start: string; expiresAt: string | null; lastUsedAt: string | null };
}

/** One page of the estate (its ESTATE_PAGE_MAX; src/shared/estate.ts holds zod, kept out of the renderer). */
const IN_GRACE_MAX = 500;

export type RotationSource = 'roll' | 'bulk' | 'grace';

interface RotationState {
  items: Rotation[];
  source: RotationSource | null;
  loading: boolean;
  error: string | null;
  /** Shows these rotations (replacing any shown). */
  open(items: Rotation[], source: RotationSource): void;
  /**
   * Every key in its grace period across the estate (the Overview's IN_GRACE card), or
   * only `rolled` ones (an estate roll, which may span profiles).
   */
  openInGrace(activeProfileId: number | null, rolled?: { profileId: number; keyId: number }[]): Promise<void>;
  close(): void;
}

export const useRotation = create<RotationState>()((set) => ({
  items: [],
  source: null,
  loading: false,
  error: null,
  open(items, source) {
    if (items.length) set({ items, source, error: null, loading: false });
  },
  async openInGrace(activeProfileId, rolled) {
    if (rolled?.length === 0) return;
    set({ items: [], source: rolled ? 'bulk' : 'grace', error: null, loading: true });
    const wanted = rolled && new Set(rolled.map((r) => `${r.profileId}:${r.keyId}`));
    try {
      const page = await api.estateKeys({
        filter: { finding: 'IN_GRACE' },
        sort: { by: 'expiresAt', dir: 'asc' },
        limit: IN_GRACE_MAX,
      });
      const rows = wanted ? page.rows.filter((r) => wanted.has(`${r.profileId}:${r.keyId}`)) : page.rows;
      set({
        items: rows.map((r) =>
          r.profileId === activeProfileId
            ? { oldKeyId: r.keyId, profileId: null }
            : {
                oldKeyId: r.keyId,
                profileId: r.profileId,
                estate: {
                  profileName: r.profileName,
                  name: r.name,
                  start: r.start,
                  expiresAt: r.expiresAt,
                  lastUsedAt: r.lastUsedAt,
                },
              },
        ),
        loading: false,
      });
    } catch (e) {
      set({ error: describeError(e), loading: false });
    }
  },
  close() {
    set({ items: [], source: null, error: null, loading: false });
  },
}));
