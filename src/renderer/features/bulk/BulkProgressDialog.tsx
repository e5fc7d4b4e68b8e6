import { Modal } from '../../components/Modal';
import { useBulk } from '../../stores/bulk';
import { useKeys } from '../../stores/keys';

const TITLE = { disable: 'Disabling', enable: 'Enabling', delete: 'Deleting', roll: 'Rolling' } as const;
const DONE = { disable: 'disabled', enable: 'enabled', delete: 'deleted', roll: 'rolled' } as const;
const SHOWN_MAX = 500;
const ORDER = { failed: 0, cancelled: 1, pending: 2, done: 3 } as const;

// Failures first: they are what the user has to act on.
const ordered = <T extends { state: keyof typeof ORDER; keyId: number }>(results: T[]): T[] =>
  [...results].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.keyId - b.keyId);

export function BulkProgressDialog() {
  const open = useBulk((s) => s.open);
  const job = useBulk((s) => s.job);
  const error = useBulk((s) => s.error);
  const items = useKeys((s) => s.items);
  if (!open) return null;
  const { cancel, dismiss } = useBulk.getState();
  const running = job?.running ?? !error;
  const names = new Map(items.map((k) => [k.id, k.name]));
  const failed = job?.results.filter((r) => r.state === 'failed') ?? [];
  const done = job?.results.filter((r) => r.state === 'done').length ?? 0;
  const cancelled = job?.results.filter((r) => r.state === 'cancelled').length ?? 0;

  return (
    <Modal
      title={
        job
          ? `${running ? TITLE[job.action] : 'Finished'}: ${job.total.toLocaleString()} key${job.total === 1 ? '' : 's'}`
          : 'Starting…'
      }
      onClose={running ? () => void cancel() : dismiss}
      testId="bulk-dialog"
      footer={
        running ? (
          <button
            type="button"
            className="button button-warn"
            onClick={() => void cancel()}
            disabled={!job || job.cancelled}
          >
            {job?.cancelled ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={dismiss}>
            Close
          </button>
        )
      }
    >
      {job && (
        <div className="stack">
          <label className="progress-label">
            <span>
              {job.finished.toLocaleString()} of {job.total.toLocaleString()} done
            </span>
            <progress max={job.total} value={job.finished} data-testid="bulk-progress" />
          </label>
          <p role="status">
            {done.toLocaleString()} {DONE[job.action]}
            {failed.length > 0 && `, ${failed.length.toLocaleString()} failed`}
            {cancelled > 0 && `, ${cancelled.toLocaleString()} cancelled`}.
          </p>
          {job.results.length > 0 && (
            <ul className="result-list" data-testid="bulk-results" aria-label="Results per key" tabIndex={0}>
              {ordered(job.results)
                .slice(0, SHOWN_MAX)
                .map((r) => (
                  <li key={r.keyId} className={`result-${r.state}`}>
                    <span className={`badge badge-result-${r.state}`}>{r.state}</span>{' '}
                    <strong>{names.get(r.keyId) ?? `key #${r.keyId}`}</strong>
                    {r.state === 'failed' && (
                      <>
                        {' '}
                        — {r.message ?? 'failed'} {r.code && <code>{r.code}</code>}
                      </>
                    )}
                  </li>
                ))}
              {job.results.length > SHOWN_MAX && <li>…and {(job.results.length - SHOWN_MAX).toLocaleString()} more</li>}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
