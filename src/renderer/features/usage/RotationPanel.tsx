// The rotation of a rolled key (docs/usage-and-rotation.md): old → new, the old key's last
// use and its calls this hour, the time it has left, and "revoke old now". Refreshed every
// 10 s while open, so a key revoked for going quiet is seen as such.
import { useEffect, useState } from 'react';
import type { KeyMeta } from '../../../shared/domain';
import { api } from '../../api/client';
import { formatDateTime, relative } from '../../lib/format';
import { useKeys } from '../../stores/keys';
import { deleteKey, describeSeconds } from '../keys/keyActions';

const REFRESH_MS = 10_000;

export function RotationPanel({ k, now }: { k: KeyMeta; now: number }) {
  const [thisHour, setThisHour] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = async () => {
      try {
        const u = await api.keyUsage({ id: k.id, granularity: 'hour' });
        const last = u.items[u.items.length - 1];
        if (live) setThisHour(last ? last.ok + last.denied : 0);
        // The key itself, fresh: its last use, and a revocation for going quiet.
        if (k.revokedAt === null) {
          const fresh = await api.getKey({ id: k.id });
          if (live) useKeys.getState().upsert(fresh);
        }
      } catch {
        // The panel shows what it has; the next refresh tries again.
      }
    };
    void refresh();
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
    // A new last use (from the rotation view, or this panel's own read) means new calls: the
    // count is read again then, so it never contradicts the rotation view beside it.
  }, [k.id, k.revokedAt, k.lastUsedAt]);

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
