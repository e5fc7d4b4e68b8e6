// One rotation in the rotation view: old → new, the old key's last use and calls, the time
// its grace has left, and the actions this credential may take on it (rules 2, 4, 17).
import { useEffect, useId, useState } from 'react';
import type { KeyMeta } from '../../../shared/domain';
import { keyPermissions, powerIn } from '../../lib/access';
import { formatDateTime, relative, describeSeconds } from '../../lib/format';
import { useMembers } from '../../stores/members';
import { useOrgs } from '../../stores/orgs';
import { useProfiles } from '../../stores/profiles';
import type { Rotation } from '../../stores/rotation';
import { EXTEND_CHOICES, extendGrace, revokeOldNow } from './rotationActions';
import { useRotationData } from './useRotationData';

const HOUR = 3_600_000;

export function describeLeft(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}

type State = 'revoked' | 'grace over' | 'in use' | 'quiet';

export function rotationState(k: Pick<KeyMeta, 'revokedAt' | 'expiresAt' | 'lastUsedAt'>, now: number): State {
  if (k.revokedAt !== null) return 'revoked';
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= now) return 'grace over';
  return k.lastUsedAt && now - Date.parse(k.lastUsedAt) < HOUR ? 'in use' : 'quiet';
}

function StateTag({ state }: { state: State }) {
  return (
    <span className={`tag rotation-${state.replace(' ', '-')}`} data-testid="rotation-state">
      old key {state}
    </span>
  );
}

export function LiveRotation({ r, now }: { r: Rotation; now: number }) {
  const { old, next, thisHour, lastHour, error, refresh } = useRotationData(r.oldKeyId);
  const session = useProfiles((s) => s.session);
  const org = useOrgs((s) => (old ? (s.orgs.find((o) => o.id === old.orgId) ?? null) : null));
  const members = useMembers((s) => (old ? s.byOrg[old.orgId] : undefined));
  const [by, setBy] = useState(EXTEND_CHOICES[0]);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  // Rule 17: whether an org admin may act depends on the owner being a super admin, which only
  // the member list says; opened from the Overview, nothing may have loaded it yet.
  const orgId = old?.orgId ?? null;
  const ownerMatters = orgId !== null && powerIn(session, orgId) === 'admin' && !session?.me.isSuperAdmin;
  useEffect(() => {
    if (ownerMatters && orgId !== null) useMembers.getState().ensureLoaded(orgId);
  }, [ownerMatters, orgId]);

  if (!old)
    return (
      <li className="rotation-item" data-testid="rotation-item" aria-busy={error === null}>
        key #{r.oldKeyId}: {error ?? 'loading…'}
      </li>
    );
  const state = rotationState(old, now);
  const ownerIsSuperAdmin = (members ?? []).some((m) => m.id === old.orgUserId && m.user.isSuperAdmin);
  // Until the owner is known, nothing is offered: an action on a super admin's key would only fail.
  const may = keyPermissions(ownerMatters && !members ? null : session, org, old, ownerIsSuperAdmin);
  const open = state !== 'revoked' && state !== 'grace over';
  const left = old.expiresAt === null ? null : Date.parse(old.expiresAt) - now;
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="rotation-item" data-testid="rotation-item" data-old-key={old.id}>
      <h3 className="rotation-pair">
        <span data-testid="rotation-old">
          {old.name} <code>{old.start}…</code>
        </span>{' '}
        <span aria-label="replaced by">→</span>{' '}
        <span data-testid="rotation-new">
          {next ? (
            <>
              {next.name} <code>{next.start}…</code>
            </>
          ) : (
            `key #${old.rolledTo ?? '?'}`
          )}
        </span>{' '}
        <StateTag state={state} />
      </h3>
      <dl className="details-list rotation-facts">
        <dt>Old key last used</dt>
        <dd data-testid="rotation-last-used">
          {old.lastUsedAt ? `${formatDateTime(old.lastUsedAt)} (${relative(old.lastUsedAt, now)})` : 'never'}
          {old.lastUsedFrom && ` from ${old.lastUsedFrom.ip}`}
        </dd>
        <dt>Old key calls, last hour</dt>
        <dd data-testid="rotation-calls">
          {thisHour === null ? '…' : `${thisHour} this hour, ${lastHour ?? 0} the hour before`}
        </dd>
        {old.revokedAt !== null ? (
          <>
            <dt>Revoked</dt>
            <dd data-testid="rotation-left">{formatDateTime(old.revokedAt)}</dd>
          </>
        ) : (
          <>
            <dt>Grace left</dt>
            <dd data-testid="rotation-left">
              {left === null
                ? 'no end'
                : left > 0
                  ? `${describeLeft(left)} (until ${formatDateTime(old.expiresAt)})`
                  : 'none: expired'}
            </dd>
          </>
        )}
        {old.revokeWhenQuietSeconds !== null && open && (
          <>
            <dt>Revoked when quiet for</dt>
            <dd>{describeSeconds(old.revokeWhenQuietSeconds)}</dd>
          </>
        )}
      </dl>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {open && (may.roll || may.manage) && (
        <div className="button-row rotation-actions">
          {may.roll && (
            <>
              <label htmlFor={selectId}>Extend grace by</label>
              <select id={selectId} value={by} onChange={(e) => setBy(Number(e.target.value))} disabled={busy}>
                {EXTEND_CHOICES.map((s) => (
                  <option key={s} value={s}>
                    {describeSeconds(s)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void act(() => extendGrace(old, by))}
              >
                Extend grace
              </button>
            </>
          )}
          {may.manage && (
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void act(() => revokeOldNow(old, next))}
            >
              Revoke old now…
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** A rotation in another profile: what the estate read, without live data or actions. */
export function EstateRotation({ r, now }: { r: Rotation; now: number }) {
  const e = r.estate!;
  const left = e.expiresAt === null ? null : Date.parse(e.expiresAt) - now;
  return (
    <li className="rotation-item" data-testid="rotation-item">
      <h3 className="rotation-pair">
        <span data-testid="rotation-old">
          {e.name} <code>{e.start}…</code>
        </span>{' '}
        <span className="tag tag-muted">profile {e.profileName}</span>
      </h3>
      <dl className="details-list rotation-facts">
        <dt>Old key last used</dt>
        <dd>{e.lastUsedAt ? `${formatDateTime(e.lastUsedAt)} (${relative(e.lastUsedAt, now)})` : 'never'}</dd>
        <dt>Grace left</dt>
        <dd>{left === null ? 'no end' : left > 0 ? describeLeft(left) : 'none: expired'}</dd>
      </dl>
      <p className="muted">Switch to profile “{e.profileName}” to see its calls and act on it.</p>
    </li>
  );
}
