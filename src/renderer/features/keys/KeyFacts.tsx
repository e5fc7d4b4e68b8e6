// Everything known about one key (never the key itself), as the key panel's list of facts.
// Apart from the panel's buttons because it only reads the key: its one action (removing the
// keychain copy) does not take part in the panel's one-action-at-a-time state.
import { LabelChips } from '../../components/LabelChips';
import { StatusBadge } from '../../components/StatusBadge';
import type { KeyMeta } from '../../../shared/domain';
import { formatDateTime, relative, describeSeconds } from '../../lib/format';
import type { KeyState } from '../../lib/keyState';
import { exportsSelectors, useExports } from '../../stores/exports';
import { notify, notifyError } from '../../stores/toasts';
import { useEmailOf } from './useKeyRows';

export function KeyFacts({ k, now, state }: { k: KeyMeta; now: number; state: KeyState }) {
  const exp = useExports(exportsSelectors.ofKey(k.id));
  const emailOf = useEmailOf(k.orgId);
  const owner = k.kind === 'org' ? 'Org-wide key (no user)' : (emailOf(k.orgUserId ?? 0) ?? `member #${k.orgUserId}`);

  const removeExport = async () => {
    try {
      await useExports.getState().remove(k.id);
      notify('Removed from the keychain.');
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <dl className="details-list">
      <dt>Start</dt>
      <dd>
        <code>{k.start}…</code>
      </dd>
      <dt>Status</dt>
      <dd>
        <StatusBadge state={state} />
      </dd>
      <dt>Owner</dt>
      <dd>{owner}</dd>
      <dt>Scopes</dt>
      <dd>
        {k.scopes.join(', ')}
        {k.readOnly ? ' · read-only' : ''}
      </dd>
      <dt>Labels</dt>
      <dd>{Object.keys(k.labels).length ? <LabelChips labels={k.labels} /> : 'None'}</dd>
      <dt>Impersonation</dt>
      <dd>{k.canImpersonate ? 'Can impersonate users' : 'No'}</dd>
      <dt>Created</dt>
      <dd>{formatDateTime(k.createdAt)}</dd>
      <dt>Last used</dt>
      <dd>{k.lastUsedAt ? `${formatDateTime(k.lastUsedAt)} (${relative(k.lastUsedAt, now)})` : 'Never'}</dd>
      {k.lastUsedFrom && (
        <>
          <dt>Last used from</dt>
          <dd data-testid="last-used-from">
            {k.lastUsedFrom.ip || 'unknown address'}
            {k.lastUsedFrom.userAgent ? ` · ${k.lastUsedFrom.userAgent}` : ''}
          </dd>
        </>
      )}
      <dt>Expires</dt>
      <dd>{k.expiresAt ? `${formatDateTime(k.expiresAt)} (${relative(k.expiresAt, now)})` : 'No expiry'}</dd>
      {k.rolledTo !== null && (
        <>
          <dt>Replaced by</dt>
          <dd>key #{k.rolledTo}</dd>
        </>
      )}
      {k.rolledFrom !== null && (
        <>
          <dt>Replaces</dt>
          <dd>key #{k.rolledFrom}</dd>
        </>
      )}
      {k.revokeWhenQuietSeconds !== null && !k.revokedAt && (
        <>
          <dt>Revoke when quiet</dt>
          <dd data-testid="revoke-when-quiet">
            after {describeSeconds(k.revokeWhenQuietSeconds)} without use (or when its grace ends)
          </dd>
        </>
      )}
      {k.revokedAt && (
        <>
          <dt>Revoked</dt>
          <dd>{formatDateTime(k.revokedAt)}</dd>
        </>
      )}
      <dt>Keychain</dt>
      <dd>
        {exp ? (
          <>
            Saved as “{exp.account}” in {exp.service}{' '}
            <button type="button" className="link-button" onClick={() => void removeExport()}>
              Remove
            </button>
          </>
        ) : (
          'Not saved'
        )}
      </dd>
      {k.description && (
        <>
          <dt>Description</dt>
          <dd className="pre-wrap">{k.description}</dd>
        </>
      )}
      <dt>ID</dt>
      <dd>#{k.id}</dd>
    </dl>
  );
}
