import { useState } from 'react';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { useOrgs } from '../../stores/orgs';
import { useUi } from '../../stores/ui';
import { CreateOrgDialog } from './CreateOrgDialog';

export function OrgSidebar() {
  const session = useProfiles((s) => s.session);
  const isSuperAdmin = useProfiles(profilesSelectors.isSuperAdmin);
  const orgs = useOrgs((s) => s.orgs);
  const selectedId = useOrgs((s) => s.selectedId);
  const loading = useOrgs((s) => s.loading);
  const error = useOrgs((s) => s.error);
  const view = useUi((s) => s.view);
  const [creating, setCreating] = useState(false);

  if (!session) return <nav className="sidebar" aria-label="Orgs" />;

  // On the Overview and the other estate views no one org is being looked at.
  const elsewhere = view === 'check' || view === 'overview' || view === 'estate' || view === 'offboard';
  const pick = (id: number) => {
    useOrgs.getState().select(id);
    if (elsewhere) useUi.getState().show('keys');
  };

  return (
    <nav className="sidebar" aria-label="Orgs">
      <div className="sidebar-heading">
        <h2>Orgs</h2>
        {isSuperAdmin && (
          <button type="button" className="button button-small" onClick={() => setCreating(true)}>
            New org
          </button>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {loading && orgs.length === 0 && <p className="hint">Loading…</p>}
      <ul className="org-list">
        {orgs.map((o) => (
          <li key={o.id}>
            <button
              type="button"
              className="org-item"
              aria-current={o.id === selectedId && !elsewhere ? 'true' : undefined}
              onClick={() => pick(o.id)}
            >
              <span className="org-name" title={o.name}>
                {o.name}
              </span>
              {o.allowUserKeys && (
                <span className="tag tag-muted" title="Members may manage their own keys">
                  user keys
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <button
          type="button"
          className="org-item"
          aria-current={view === 'check' ? 'true' : undefined}
          onClick={() => useUi.getState().show('check')}
        >
          Check a key
        </button>
      </div>
      {creating && <CreateOrgDialog onClose={() => setCreating(false)} />}
    </nav>
  );
}
