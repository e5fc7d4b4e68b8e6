import { ENVIRONMENT_LABELS } from '../../../shared/vocabulary';
import { KeyIcon } from '../../components/KeyIcon';
import { useUi } from '../../stores/ui';
import { useProfiles } from '../../stores/profiles';
import { useOrgs } from '../../stores/orgs';
import { estateSelectors, useEstate } from '../../stores/estate';
import { roleLabel } from '../../lib/access';
import { ProfileSwitcher } from '../profiles/ProfileSwitcher';

export function TopBar() {
  const session = useProfiles((s) => s.session);
  const openProfiles = useUi((s) => s.openProfiles);
  const show = useUi((s) => s.show);
  const view = useUi((s) => s.view);
  const onEstate = view === 'overview' || view === 'estate' || view === 'offboard';
  const env = session?.profile.environment;
  const who = session?.me.email ?? (session ? (session.me.key ? `org key ${session.me.key.start}…` : 'org key') : null);
  const orgId = useOrgs((s) => s.selectedId);
  const role = roleLabel(session, orgId);
  const notifications = useEstate(estateSelectors.notificationCount);
  return (
    <header className="topbar">
      <div className="brand" aria-label="Keywarden">
        <span className="brand-mark">
          <KeyIcon size={20} />
        </span>
        <span className="brand-name">Keywarden</span>
      </div>
      <ProfileSwitcher />
      {env && (
        <span className={`env-badge env-badge-${env}`} data-testid="env-badge">
          {ENVIRONMENT_LABELS[env]}
        </span>
      )}
      <button type="button" className="button button-ghost" onClick={() => openProfiles(true)}>
        Profiles…
      </button>
      <nav className="topbar-nav" aria-label="Views">
        <button
          type="button"
          className="button button-ghost"
          data-testid="open-overview"
          aria-current={onEstate ? 'page' : undefined}
          onClick={() => show('overview')}
        >
          Overview{notifications > 0 ? ` (${notifications})` : ''}
        </button>
        {session && (
          <button
            type="button"
            className="button button-ghost"
            data-testid="open-keys"
            aria-current={onEstate || view === 'check' ? undefined : 'page'}
            title="The open profile's orgs: keys, members, settings, audit"
            onClick={() => show('keys')}
          >
            Orgs
          </button>
        )}
      </nav>
      <div className="topbar-spacer" />
      {session && (
        <button type="button" className="button button-ghost" onClick={() => show('check')}>
          Check a key
        </button>
      )}
      {who && (
        <span className="whoami" data-testid="whoami">
          <span className="whoami-name" title={who}>
            {who}
          </span>
          {role && role !== 'org key' && <span className="tag">{role}</span>}
        </span>
      )}
    </header>
  );
}
