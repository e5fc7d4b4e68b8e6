// Live data of one rotation in the open profile: the old key, its replacement and the old
// key's calls per hour, fetched on open and every REFRESH_MS while the view is open, so a key
// revoked for going quiet, or one still in use, is seen as such without a reload.
import { useCallback, useEffect, useState } from 'react';
import type { KeyMeta } from '../../../shared/domain';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { useKeys } from '../../stores/keys';

export const REFRESH_MS = 5_000;
const HOUR = 3_600_000;

export interface RotationData {
  old: KeyMeta | null;
  next: KeyMeta | null;
  /** Calls (ok and refused) of the old key in the current UTC hour and the one before. */
  thisHour: number | null;
  lastHour: number | null;
  error: string | null;
  refresh(): Promise<void>;
}

/**
 * `reloadOn`: a value whose change means there is news to fetch at once rather than at the
 * next tick (the key panel passes the old key's last use, which another view may have seen).
 */
export function useRotationData(oldKeyId: number, reloadOn?: unknown): RotationData {
  const [old, setOld] = useState<KeyMeta | null>(null);
  const [next, setNext] = useState<KeyMeta | null>(null);
  const [calls, setCalls] = useState<[number | null, number | null]>([null, null]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (live: () => boolean) => {
      try {
        const k = await api.getKey({ id: oldKeyId });
        const from = new Date(Math.floor((Date.now() - HOUR) / HOUR) * HOUR).toISOString();
        const [n, usage] = await Promise.all([
          k.rolledTo === null ? Promise.resolve(null) : api.getKey({ id: k.rolledTo }),
          api.keyUsage({ id: oldKeyId, granularity: 'hour', from }),
        ]);
        if (!live()) return;
        const buckets = usage.items.map((b) => b.ok + b.denied);
        setOld(k);
        setNext(n);
        setCalls([buckets[buckets.length - 1] ?? 0, buckets.length > 1 ? buckets[buckets.length - 2] : 0]);
        setError(null);
        // The keys table shows the same key: keep it in step (a quiet revocation, a new end).
        useKeys.getState().upsert(k);
      } catch (e) {
        if (live()) setError(describeError(e));
      }
    },
    [oldKeyId],
  );

  useEffect(() => {
    let live = true;
    void load(() => live);
    const t = setInterval(() => void load(() => live), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [load, reloadOn]);

  return { old, next, thisHour: calls[0], lastHour: calls[1], error, refresh: () => load(() => true) };
}
