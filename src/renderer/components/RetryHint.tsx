import { RETRY_MS } from '../lib/useAutoRetry';

/** Says, under a failed load's error, that the view is trying again by itself (lib/useAutoRetry). */
export function RetryHint({ failed, loading, testId }: { failed: boolean; loading: boolean; testId: string }) {
  if (!failed) return null;
  return (
    <p className="hint" data-testid={testId}>
      Trying again every {RETRY_MS / 1000} seconds{loading ? ' (now)…' : '.'}
    </p>
  );
}
