import { orgsSelectors, useOrgs } from '../../stores/orgs';
import { viewsFor } from '../../lib/access';
import { useAccess } from '../../lib/useAccess';
import { useUi, type View } from '../../stores/ui';

const TABS: { view: View; label: string }[] = [
  { view: 'keys', label: 'Keys' },
  { view: 'members', label: 'Members' },
  { view: 'settings', label: 'Settings' },
  { view: 'audit', label: 'Audit log' },
];

export function OrgTabs() {
  const org = useOrgs(orgsSelectors.selectedOrg);
  const view = useUi((s) => s.view);
  const show = useUi((s) => s.show);
  // A member sees only the keys: the member list, settings and audit are for admins.
  const allowed = viewsFor(useAccess().power) as readonly View[];
  return (
    <div className="org-header">
      <h1 className="org-title" title={org?.name}>
        {org ? org.name : 'No org selected'}
      </h1>
      <nav className="tabs" aria-label="Org sections">
        {TABS.filter((t) => allowed.includes(t.view)).map((t) => (
          <button
            key={t.view}
            type="button"
            className="tab"
            aria-current={view === t.view ? 'page' : undefined}
            onClick={() => show(t.view)}
          >
            {t.label}
          </button>
        ))}
      </nav>
    </div>
  );
}
