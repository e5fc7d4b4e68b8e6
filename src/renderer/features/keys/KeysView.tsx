import { useEffect, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { countOf } from '../../lib/format';
import { keysSelectors, useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { useOrgs } from '../../stores/orgs';
import { useAccess } from '../../lib/useAccess';
import { useUi } from '../../stores/ui';
import { BulkBar } from './BulkBar';
import { KeyDetails } from './KeyDetails';
import { KeyFiltersBar } from './KeyFiltersBar';
import { KeysTable } from './KeysTable';
import { useKeyRows } from './useKeyRows';
import { RetryHint } from '../../components/RetryHint';
import { useAutoRetry } from '../../lib/useAutoRetry';

export function KeysView() {
  const orgId = useOrgs((s) => s.selectedId);
  const keysOrg = useKeys((s) => s.orgId);
  const loading = useKeys((s) => s.loading);
  const error = useKeys((s) => s.error);
  const selectedCount = useKeys(keysSelectors.selectedCount);
  const { rows, total, now, appliedQuery } = useKeyRows();
  const [openId, setOpenId] = useState<number | null>(null);

  const membersLoaded = useMembers(membersSelectors.isLoaded(orgId));
  const { power, mayCreate } = useAccess();
  // The member list is for admins; a member's own keys are labelled from the session.
  const isAdmin = power === 'admin';

  // Keyed on what the stores hold, not only the org id: another profile can have an org
  // with the same id, and switching profiles empties the stores.
  useEffect(() => {
    if (orgId === null) return;
    if (keysOrg !== orgId) void useKeys.getState().load(orgId);
  }, [orgId, keysOrg]);
  useEffect(() => {
    if (orgId !== null && isAdmin && !membersLoaded) useMembers.getState().ensureLoaded(orgId);
  }, [orgId, membersLoaded, isAdmin]);
  useEffect(() => setOpenId(null), [keysOrg]);
  useAutoRetry(!!error, loading, () => void useKeys.getState().reload());

  if (orgId === null) return <p className="empty-state">Choose an org.</p>;
  // Nothing loaded is not "0 keys": the org's keys are unknown until a load works.
  const notLoaded = !!error && total === 0;

  return (
    <section className="keys-view" aria-labelledby="keys-title">
      <div className="toolbar">
        <h2 id="keys-title">Keys</h2>
        <span className="count" aria-live="polite" data-testid="keys-count">
          {notLoaded
            ? 'not loaded'
            : rows.length === total
              ? countOf(total, 'key')
              : `${rows.length.toLocaleString()} of ${countOf(total, 'key')}`}
          {loading && <span className="loading-dot"> · loading…</span>}
        </span>
        <div className="toolbar-spacer" />
        {/* A remote server changes under us and can be down for a while: without this the
            only way to retry a failed load would be switching orgs or profiles. */}
        <button
          type="button"
          className="button"
          aria-disabled={loading}
          onClick={() => {
            if (!loading) {
              void useKeys.getState().reload();
              if (isAdmin) void useMembers.getState().load(orgId);
            }
          }}
        >
          Refresh
        </button>
        {mayCreate && (
          <button type="button" className="button button-primary" onClick={() => useUi.getState().openCreateKey(true)}>
            New key…
          </button>
        )}
      </div>
      {power === 'member' && !mayCreate && (
        <p className="callout callout-info" role="note" data-testid="member-note">
          This org’s admins manage its keys: members may not create or change their own keys here. Ask an admin to turn
          on “Members may manage their own keys”.
        </p>
      )}
      <KeyFiltersBar />
      {selectedCount > 0 && (isAdmin || mayCreate) && <BulkBar rows={rows} />}
      <ErrorText>{error}</ErrorText>
      <RetryHint failed={!!error} loading={loading} testId="keys-retrying" />
      <div className={`keys-body ${openId !== null ? 'with-details' : ''}`}>
        <KeysTable
          rows={rows}
          now={now}
          appliedQuery={appliedQuery}
          openId={openId}
          onOpen={setOpenId}
          loading={loading}
          empty={
            notLoaded ? (
              <p className="kt-empty" data-testid="keys-not-loaded">
                The keys could not be loaded (see above). Nothing was changed; they appear here once the server answers.
              </p>
            ) : total === 0 ? (
              <div className="kt-empty" data-testid="keys-empty">
                <p>This org has no keys yet.</p>
                {mayCreate && (
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => useUi.getState().openCreateKey(true)}
                  >
                    Create a key
                  </button>
                )}
              </div>
            ) : undefined
          }
        />
        {openId !== null && <KeyDetails id={openId} now={now} onClose={() => setOpenId(null)} />}
      </div>
    </section>
  );
}
