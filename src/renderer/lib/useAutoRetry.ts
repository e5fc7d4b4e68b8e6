// A remote server that was down comes back by itself, so a view whose load failed tries
// again every few seconds while its error is on screen and recovers without anyone
// pressing Refresh (issue 8 item 17). One mechanism for every view that loads from a
// profile: keys, members, audit.
import { useEffect, useRef } from 'react';

export const RETRY_MS = 5000;

/**
 * While `failed` and not `loading`, calls `retry` after RETRY_MS; each failed retry arms the
 * next one (loading goes true, then false again). `retry` may change between renders.
 */
export function useAutoRetry(failed: boolean, loading: boolean, retry: () => void): void {
  const latest = useRef(retry);
  latest.current = retry;
  useEffect(() => {
    if (!failed || loading) return;
    const timer = setTimeout(() => latest.current(), RETRY_MS);
    return () => clearTimeout(timer);
  }, [failed, loading]);
}
