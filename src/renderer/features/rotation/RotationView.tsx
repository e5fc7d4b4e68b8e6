// The rotation view (docs/usage-and-rotation.md): every old → new pair of a roll, a bulk roll,
// or the estate's keys in their grace period, each with the old key's last use, its calls,
// the time it has left, and revoke-old-now / extend-grace where this credential may.
// After a roll it waits for the one-time display (and the bulk dialog) to close.
import { Modal } from '../../components/Modal';
import { useNow } from '../../lib/useNow';
import { useBulk } from '../../stores/bulk';
import { useOneTimeKey } from '../../stores/oneTimeKey';
import { useRotation, type RotationSource } from '../../stores/rotation';
import { EstateRotation, LiveRotation } from './RotationItem';
import { REFRESH_MS } from './useRotationData';

const TITLE: Record<RotationSource, string> = {
  roll: 'Rotation',
  bulk: 'Rotations of this bulk roll',
  grace: 'Keys in their grace period',
};

export function RotationView() {
  const items = useRotation((s) => s.items);
  const source = useRotation((s) => s.source);
  const error = useRotation((s) => s.error);
  const loading = useRotation((s) => s.loading);
  const secretShowing = useOneTimeKey((s) => s.entries.length > 0);
  const bulkShowing = useBulk((s) => s.open);
  const now = useNow(REFRESH_MS);
  if (source === null || secretShowing || bulkShowing) return null;
  const close = () => useRotation.getState().close();

  return (
    <Modal
      title={TITLE[source]}
      onClose={close}
      size="lg"
      testId="rotation-view"
      footer={
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      }
    >
      <p className="muted">
        The old key keeps working until its grace ends or it is revoked. Watch its calls fall to zero, then revoke it;
        or give its callers more time. Updated every {REFRESH_MS / 1000} seconds.
      </p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {loading ? (
        <p aria-busy="true">Reading every profile…</p>
      ) : items.length === 0 && !error ? (
        <p data-testid="rotation-empty">{source === 'grace' ? 'No key is in its grace period.' : 'Nothing rolled.'}</p>
      ) : (
        <ul className="rotation-list" aria-label="Rotations" data-testid="rotation-list">
          {items.map((r) =>
            r.profileId === null ? (
              <LiveRotation key={r.oldKeyId} r={r} now={now} />
            ) : (
              <EstateRotation key={`${r.profileId}:${r.oldKeyId}`} r={r} now={now} />
            ),
          )}
        </ul>
      )}
    </Modal>
  );
}
