import { selectProfileName, useProfiles } from '../../stores/profiles';

export function ProductionBanner() {
  const name = useProfiles(selectProfileName);
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
