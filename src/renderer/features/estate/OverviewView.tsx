// The Overview (docs/estate.md): every finding's count over the whole estate, each
// profile's status (one failing profile never hides the others) and the breakdown by
// profile and org. A card opens the estate table filtered to its finding.
import { useEffect, useState } from 'react';
import type { EstateProfile } from '../../../shared/estate';
import { FINDING_CODES, type FindingCode } from '../../../shared/findingCodes';
import { estateSelectors, useEstate } from '../../stores/estate';
import { useUi } from '../../stores/ui';
import { useProfiles } from '../../stores/profiles';
import { useRotation } from '../../stores/rotation';
import { FINDING_LABEL, STATUS_LABEL } from './labels';
import { NotificationSettings } from './NotificationSettings';

export function OverviewView() {
  const overview = useEstate((s) => s.overview);
  const loading = useEstate((s) => s.overviewLoading);
  const error = useEstate((s) => s.error);
  const notifications = useEstate(estateSelectors.notificationCount);
  useEffect(() => {
    void useEstate.getState().loadOverview();
  }, []);

  const open = (finding: FindingCode) => {
    // Keys in their grace period open the rotation view (docs/usage-and-rotation.md).
    if (finding === 'IN_GRACE')
      return void useRotation.getState().openInGrace(useProfiles.getState().session?.profile.id ?? null);
    useEstate.getState().setFilter({ finding });
    useUi.getState().show('estate');
  };

  return (
    <section className="estate-view" aria-labelledby="overview-title" data-testid="overview">
      <div className="estate-head">
        <h1 id="overview-title">Overview</h1>
        <span className="tag" data-testid="notification-count">
          {notifications} new notification{notifications === 1 ? '' : 's'}
        </span>
        <div className="button-row">
          <button type="button" className="button" onClick={() => useUi.getState().show('estate')}>
            All keys
          </button>
          <button type="button" className="button" onClick={() => useUi.getState().show('offboard')}>
            Offboard…
          </button>
          <button
            type="button"
            className="button"
            disabled={loading}
            onClick={() => void useEstate.getState().loadOverview(true)}
          >
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <NotificationSettings />
      {!overview ? (
        <p aria-busy="true">Reading every profile…</p>
      ) : (
        <>
          <div className="finding-cards">
            {FINDING_CODES.map((code) => (
              <button
                key={code}
                type="button"
                className={`finding-card${overview.totals[code] > 0 ? ' has-count' : ''}`}
                data-testid={`card-${code}`}
                onClick={() => open(code)}
              >
                <span className="finding-count">{overview.totals[code].toLocaleString()}</span>
                <span className="finding-label">{FINDING_LABEL[code]}</span>
              </button>
            ))}
          </div>
          <h2>Profiles</h2>
          {/* Eleven finding columns: on a narrow window the table scrolls, the page does not. */}
          <div className="estate-breakdown-wrap" role="region" aria-label="Findings by profile and org" tabIndex={0}>
            <table className="estate-breakdown">
              <thead>
                <tr>
                  <th scope="col">Profile / org</th>
                  <th scope="col">Status</th>
                  {FINDING_CODES.map((c) => (
                    <th key={c} scope="col" className="count" title={FINDING_LABEL[c]}>
                      {c.replace(/_/g, ' ').toLowerCase()}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {overview.profiles.map((p) => (
                  <ProfileRows key={p.id} profile={p} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * A profile's row, its orgs' rows and, when the profile could not be read, why: the
 * reason on the status line cut to one line with an ellipsis (a long error never makes a
 * tall row or a wide column), its whole text in the tooltip and, behind "More", in a row
 * of its own under the profile.
 */
function ProfileRows({ profile: p }: { profile: EstateProfile }) {
  const [open, setOpen] = useState(false);
  const detailId = `profile-status-detail-${p.id}`;
  return (
    <>
      <tr className={`env-row-${p.environment}`} data-testid={`profile-${p.name}`}>
        <th scope="row">
          <span className="one-line" title={p.name}>
            <span className={`env-dot env-dot-${p.environment}`} aria-hidden="true" />
            {p.name} <span className="tag tag-muted">{p.environment}</span>
          </span>
        </th>
        <td data-testid="profile-status" data-status={p.status} className="status-cell">
          <div className="status-cell-line">
            <span className="one-line status-line" title={p.message ?? undefined} data-testid="profile-status-line">
              <span className={p.status === 'ok' ? 'tag' : 'tag tag-warn'}>{STATUS_LABEL[p.status]}</span>
              {p.message && (
                <>
                  {' '}
                  <span className="status-message" data-testid="profile-status-message">
                    {p.message}
                  </span>
                </>
              )}
            </span>
            {p.message && (
              <button
                type="button"
                className="button button-small button-ghost status-more"
                aria-expanded={open}
                aria-controls={detailId}
                onClick={() => setOpen(!open)}
              >
                {open ? 'Less' : 'More'}
              </button>
            )}
          </div>
        </td>
        {FINDING_CODES.map((c) => (
          <td key={c} className="count">
            {p.counts[c] || ''}
          </td>
        ))}
      </tr>
      {p.message && open && (
        <tr className="status-detail-row">
          <td id={detailId} colSpan={2 + FINDING_CODES.length} data-testid="profile-status-detail">
            {p.message}
          </td>
        </tr>
      )}
      {p.orgs.map((o) => (
        <tr key={o.orgId} className="org-row">
          <th scope="row" className="org-cell">
            <span className="one-line" title={o.name}>
              {o.name}
            </span>
          </th>
          <td />
          {FINDING_CODES.map((c) => (
            <td key={c} className="count">
              {o.counts[c] || ''}
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
