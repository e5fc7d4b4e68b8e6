// What changes when the session changes (another profile, a deleted one): every
// profile-bound store starts over and the new profile's orgs and exports load.
import { notifyError } from './toasts';
import { useAudit } from './audit';
import { useExports } from './exports';
import { useKeys } from './keys';
import { useMembers } from './members';
import { useOrgs } from './orgs';
import { useUsage } from './usage';
import { usePolicies } from './policies';

export async function resetWorkspace(): Promise<void> {
  useKeys.getState().reset();
  useMembers.getState().reset();
  useAudit.getState().reset();
  useOrgs.getState().reset();
  useExports.getState().reset();
  useUsage.getState().reset();
  usePolicies.getState().reset();
  await Promise.all([
    useOrgs.getState().load(),
    // The keychain marker is a convenience; the table works without it.
    useExports.getState().load().catch(notifyError),
  ]);
}
