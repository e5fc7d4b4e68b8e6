// The rotation of a rolled key (docs/usage-and-rotation.md): old → new, the old key's last
// use and its calls this hour, the time it has left, and "revoke old now". Refreshed like the
// rotation view (useRotationData), so a key revoked for going quiet is seen as such.
import type { KeyMeta } from '../../../shared/domain';
import { formatDateTime, relative, describeSeconds } from '../../lib/format';
import { deleteKey } from '../keys/keyActions';
import { useRotationData } from '../rotation/useRotationData';

export function RotationPanel({ k, now }: { k: KeyMeta; now: number }) {
  // The rotation view's own data, so the two never disagree; a new last use (seen by either)
  // reads the count again at once.
  const { thisHour } = useRotationData(k.id, k.lastUsedAt);

  const left = k.expiresAt === null ? null : Date.parse(k.expiresAt) - now;
  const state =
    k.revokedAt !== null
      ? 'revoked'
      : left !== null && left <= 0
        ? 'grace over'
        : k.lastUsedAt && now - Date.parse(k.lastUsedAt) < 3600_000
          ? 'in use'
          : 'quiet';
  return (
    <section className="rotation-panel" aria-label="Rotation" data-testid="rotation-panel">
      <h4>Rotation</h4>
      <p>
        key #{k.id} <span aria-hidden="true">→</span> key #{k.rolledTo}{' '}
        <span className={`tag rotation-${state.replace(' ', '-')}`} data-testid="rotation-state">
          old key {state}
        </span>
      </p>
      <dl className="details-list">
        <dt>Old key last used</dt>
        <dd>{k.lastUsedAt ? `${formatDateTime(k.lastUsedAt)} (${relative(k.lastUsedAt, now)})` : 'Never'}</dd>
        <dt>Calls this hour</dt>
        <dd data-testid="rotation-calls">{thisHour ?? '…'}</dd>
        {k.revokedAt === null ? (
          <>
            <dt>Time left</dt>
            <dd>{left === null ? 'no end' : left > 0 ? describeLeft(left) : 'none (expired)'}</dd>
          </>
        ) : (
          <>
            <dt>Revoked</dt>
            <dd>{formatDateTime(k.revokedAt)}</dd>
          </>
        )}
        {k.revokeWhenQuietSeconds !== null && (
          <>
            <dt>Revoked when quiet for</dt>
            <dd>{describeSeconds(k.revokeWhenQuietSeconds)}</dd>
          </>
        )}
      </dl>
      {k.revokedAt === null && (
        <button type="button" className="button button-danger" onClick={() => void deleteKey(k)}>
          Revoke old now…
        </button>
      )}
    </section>
  );
}

function describeLeft(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ${m % 60} min`;
  return `${Math.floor(h / 24)} days`;
}
