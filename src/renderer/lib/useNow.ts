import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` so "expired" and "expiring soon" stay true without a reload. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
