import { useEffect } from 'react';
import { ConfirmHost } from '../../components/ConfirmHost';
import { Toasts } from '../../components/Toasts';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { viewsFor } from '../../lib/access';
import { useAccess } from '../../lib/useAccess';
import { useUi, type View } from '../../stores/ui';
import { AuditView } from '../audit/AuditView';
import { EstateTable } from '../estate/EstateTable';
import { OffboardView } from '../estate/OffboardView';
import { OverviewView } from '../estate/OverviewView';
import { useNotificationClicks } from '../estate/NotificationSettings';
import { BulkProgressDialog } from '../bulk/BulkProgressDialog';
import { KeyCheckView } from '../keycheck/KeyCheckView';
import { CreateKeyDialog } from '../keys/CreateKeyDialog';
import { KeysView } from '../keys/KeysView';
import { MembersView } from '../members/MembersView';
import { OneTimeKeyModal } from '../oneTimeKey/OneTimeKeyModal';
import { OrgSettingsView } from '../orgs/OrgSettingsView';
import { OrgSidebar } from '../orgs/OrgSidebar';
import { RotationView } from '../rotation/RotationView';
import { ProfilesDialog } from '../profiles/ProfilesDialog';
import { OrgTabs } from './OrgTabs';
import { ProductionBanner } from './ProductionBanner';
import { TopBar } from './TopBar';
import { useWindowTitle } from './useWindowTitle';

export function App() {
  const status = useProfiles((s) => s.status);
  const session = useProfiles((s) => s.session);
  const error = useProfiles((s) => s.error);
  const isProduction = useProfiles(profilesSelectors.isProduction);
  const profilesOpen = useUi((s) => s.profilesOpen);
  const createKeyOpen = useUi((s) => s.createKeyOpen);
  const chosen = useUi((s) => s.view);
  // The estate's views span every profile: they need no open profile.
  const estateView = chosen === 'overview' || chosen === 'estate' || chosen === 'offboard' ? chosen : null;

  useEffect(() => {
    void useProfiles.getState().load();
  }, []);
  useWindowTitle();
  useNotificationClicks();

  return (
    <div
      className={`app ${isProduction ? 'env-production' : 'env-sandbox'}`}
      data-environment={session?.profile.environment ?? 'none'}
    >
      {isProduction && <ProductionBanner />}
      <TopBar />
      <div className="layout">
        <OrgSidebar />
        <main id="main" className="main" tabIndex={-1}>
          {estateView ? (
            <EstateArea view={estateView} />
          ) : session ? (
            <MainArea />
          ) : (
            <NoSession status={status} error={error} />
          )}
        </main>
      </div>
      {profilesOpen && <ProfilesDialog />}
      {createKeyOpen && session && <CreateKeyDialog />}
      <BulkProgressDialog />
      <OneTimeKeyModal />
      <RotationView />
      <ConfirmHost />
      <Toasts />
    </div>
  );
}

function MainArea() {
  const chosen = useUi((s) => s.view);
  const allowed = viewsFor(useAccess().power) as readonly View[];
  const profileId = useProfiles(profilesSelectors.profileId);
  // Keyed by profile: a verdict about one profile's key means nothing in another.
  if (chosen === 'check') return <KeyCheckView key={profileId} />;
  // A view this credential may not open (another profile's, say) shows the keys instead.
  const view = allowed.includes(chosen) ? chosen : 'keys';
  return (
    <>
      <OrgTabs />
      {view === 'keys' && <KeysView />}
      {view === 'members' && <MembersView />}
      {view === 'settings' && <OrgSettingsView />}
      {view === 'audit' && <AuditView />}
    </>
  );
}

function EstateArea({ view }: { view: 'overview' | 'estate' | 'offboard' }) {
  if (view === 'estate') return <EstateTable />;
  if (view === 'offboard') return <OffboardView />;
  return <OverviewView />;
}

function NoSession({ status, error }: { status: string; error: string | null }) {
  const openProfiles = useUi((s) => s.openProfiles);
  if (status === 'loading' || status === 'idle')
    return (
      <p className="empty-state" aria-busy="true">
        Opening your profile…
      </p>
    );
  return (
    <section className="empty-state">
      <h1>No profile is open</h1>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p>Create a profile, or pick one, to start managing keys.</p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => openProfiles(true)}>
          Manage profiles
        </button>
        <button type="button" className="button" onClick={() => void useProfiles.getState().load()}>
          Retry
        </button>
      </div>
    </section>
  );
}
