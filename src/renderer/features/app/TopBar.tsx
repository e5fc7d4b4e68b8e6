import { KeyIcon } from '../../components/KeyIcon';
import { useUi } from '../../stores/ui';
import { useProfiles } from '../../stores/profiles';
import { ProfileSwitcher } from '../profiles/ProfileSwitcher';

export function TopBar() {
  const session = useProfiles((s) => s.session);
  const openProfiles = useUi((s) => s.openProfiles);
  const show = useUi((s) => s.show);
  const env = session?.profile.environment;
  const who = session?.me.email ?? (session ? 'org key' : null);
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
          {env === 'production' ? 'PRODUCTION' : 'Sandbox'}
        </span>
      )}
      <button type="button" className="button button-ghost" onClick={() => openProfiles(true)}>
        Profiles…
      </button>
      <div className="topbar-spacer" />
      {session && (
        <button type="button" className="button button-ghost" onClick={() => show('check')}>
          Check a key
        </button>
      )}
      {who && (
        <span className="whoami" title={session?.isSuperAdmin ? 'Super admin' : undefined}>
          {who}
          {session?.isSuperAdmin && <span className="tag">super admin</span>}
        </span>
      )}
    </header>
  );
}
