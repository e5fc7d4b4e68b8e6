// The acting credential's power in the selected org, for components.
import { orgsSelectors, useOrgs } from '../stores/orgs';
import { useProfiles } from '../stores/profiles';
import { mayCreateKeys, powerIn, type Power } from './access';

export function useAccess(): { power: Power; mayCreate: boolean } {
  const session = useProfiles((s) => s.session);
  const org = useOrgs(orgsSelectors.selectedOrg);
  return { power: powerIn(session, org?.id ?? null), mayCreate: mayCreateKeys(session, org) };
}
