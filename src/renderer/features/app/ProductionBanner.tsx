import { profilesSelectors, useProfiles } from '../../stores/profiles';

export function ProductionBanner() {
  const name = useProfiles(profilesSelectors.profileName);
  return (
    <div className="production-banner" role="note" data-testid="production-banner">
      <strong>PRODUCTION</strong>
      <span>
        Profile “{name}” manages live keys. Changes take effect immediately; destructive actions ask you to type the
        target’s name.
      </span>
    </div>
  );
}
