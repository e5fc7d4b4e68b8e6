// 30-day usage per key for the keys table's sparklines: one batched request per page of
// visible keys, never one per row. Cached per key for the profile; cleared on switch.
import { create } from 'zustand';
import { USAGE_BATCH_MAX } from '../../shared/vocabulary';
import { api } from '../api/client';

export interface Spark {
  /** Calls per day, oldest first: ok and refused together. */
  calls: number[];
  total: number;
}

interface UsageState {
  sparks: ReadonlyMap<number, Spark>;
  /** Asks for the keys not loaded or loading yet, in batches of at most USAGE_BATCH_MAX. */
  want(ids: readonly number[]): void;
  reset(): void;
}

export const useUsage = create<UsageState>()((set, get) => {
  const inFlight = new Set<number>();
  // A reset (profile switch) makes batches still in flight drop their answer.
  let generation = 0;

  return {
    sparks: new Map(),
    want(ids) {
      const have = get().sparks;
      const missing = ids.filter((id) => !have.has(id) && !inFlight.has(id));
      if (missing.length === 0) return;
      const gen = generation;
      for (let i = 0; i < missing.length; i += USAGE_BATCH_MAX) {
        const batch = missing.slice(i, i + USAGE_BATCH_MAX);
        for (const id of batch) inFlight.add(id);
        api.keysUsage({ ids: batch, granularity: 'day' }).then(
          (reply) => {
            // After a switch the same ids may be in flight for the new profile: not ours to clear.
            if (gen !== generation) return;
            for (const id of batch) inFlight.delete(id);
            const next = new Map(get().sparks);
            for (const u of reply.items) {
              const calls = u.items.map((b) => b.ok + b.denied);
              next.set(u.keyId, { calls, total: u.total.ok + u.total.denied });
            }
            set({ sparks: next });
          },
          () => {
            // A sparkline is a nicety: a failed batch leaves its rows blank (retried on next scroll).
            if (gen === generation) for (const id of batch) inFlight.delete(id);
          },
        );
      }
    },
    reset() {
      generation += 1;
      inFlight.clear();
      set({ sparks: new Map() });
    },
  };
});

export const usageSelectors = {
  sparkOf:
    (keyId: number) =>
    (s: UsageState): Spark | undefined =>
      s.sparks.get(keyId),
};
