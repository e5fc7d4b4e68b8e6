// Electron shows document.title as the window title, so the environment is visible even
// when the window is in the background or listed in the task switcher.
import { useEffect } from 'react';
import { profilesSelectors, useProfiles } from '../../stores/profiles';

function windowTitle(profile: { name: string; environment: string } | null | undefined): string {
  if (!profile) return 'Keywarden';
  const env = profile.environment === 'production' ? 'PRODUCTION' : 'sandbox';
  return `Keywarden — ${profile.name} [${env}]`;
}

export function useWindowTitle(): void {
  const profile = useProfiles(profilesSelectors.profile);
  useEffect(() => {
    document.title = windowTitle(profile);
  }, [profile]);
}
