import { notify, notifyError } from '../../stores/toasts';
import { profilesSelectors, useProfiles } from '../../stores/profiles';

export function ProfileSwitcher() {
  const profiles = useProfiles((s) => s.profiles);
  const currentId = useProfiles((s) => s.currentId);
  const loading = useProfiles(profilesSelectors.isLoading);

  const onChange = async (e: React.ChangeEvent<HTMLSelectElement>) => {
    const id = Number(e.target.value);
    try {
      await useProfiles.getState().switchTo(id);
      const p = useProfiles.getState().session?.profile;
      if (p) notify(`Switched to ${p.name} (${p.environment}).`);
    } catch (err) {
      notifyError(err);
    }
  };

  if (profiles.length === 0) return null;
  return (
    <label className="profile-switcher">
      <span className="visually-hidden">Profile</span>
      <select value={currentId ?? ''} onChange={onChange} disabled={loading} data-testid="profile-switcher">
        {currentId === null && <option value="">Choose a profile…</option>}
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} — {p.environment === 'production' ? 'PRODUCTION' : 'sandbox'}
            {p.backend === 'remote' ? ' (remote)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
