// Single-key flows shared by the details panel and the table: confirm as the environment
// requires, then the keys store's action, and say how it went.
import { describeSeconds } from '../../lib/format';
import type { KeyMeta } from '../../../shared/domain';
import { askConfirm } from '../../stores/confirm';
import { useExports } from '../../stores/exports';
import { useKeys } from '../../stores/keys';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { useOneTimeKey } from '../../stores/oneTimeKey';
import { useRotation } from '../../stores/rotation';
import { notify, notifyError } from '../../stores/toasts';
import { confirmDestructive } from '../common/destructive';

/** The consequence, named, when this key is the open remote profile's own credential (else null). */
export function ownCredentialWarning(k: Pick<KeyMeta, 'id'>, action: 'disable' | 'delete' | 'roll'): string | null {
  const state = useProfiles.getState();
  if (profilesSelectors.credentialKeyId(state) !== k.id) return null;
  const profile = profilesSelectors.profileName(state) ?? 'this profile';
  const what = {
    disable:
      'Disabling it locks this profile out of the server: every call from here fails with DISABLED, so you cannot enable it again from this profile. Another admin can.',
    delete: 'Deleting it locks this profile out for good: to use the profile again, edit it and paste another key.',
    roll: 'Rolling it replaces it: once the grace period ends, edit the profile and paste the new key, or it is locked out.',
  }[action];
  return `This is the key profile “${profile}” signs in with. ${what}`;
}

export async function setKeyStatus(k: KeyMeta, status: 'enabled' | 'disabled'): Promise<void> {
  const own = status === 'disabled' ? ownCredentialWarning(k, 'disable') : null;
  // Enabling takes nothing away, so it needs no confirmation even in production; disabling
  // the profile's own credential always asks, sandbox or not.
  const c =
    status === 'enabled'
      ? {}
      : await confirmDestructive({
          title: own ? `Disable “${k.name}”, your own credential?` : `Disable key “${k.name}”?`,
          message: own ?? 'Requests with this key fail with DISABLED until it is enabled again.',
          confirmLabel: own ? 'Disable and lock this profile out' : 'Disable key',
          targetName: k.name,
          reversible: own === null,
        });
  if (!c) return;
  try {
    await useKeys.getState().update({ id: k.id, patch: { status }, ...c });
    notify(`Key ${k.name} ${status}.`);
  } catch (e) {
    notifyError(e);
  }
}

export async function deleteKey(k: KeyMeta): Promise<boolean> {
  const own = ownCredentialWarning(k, 'delete');
  const saved = useExports.getState().byKeyId.get(k.id);
  const c = await confirmDestructive({
    title: own ? `Delete “${k.name}”, your own credential?` : `Delete key “${k.name}”?`,
    message: `Deleting revokes ${k.start}… for good: every request with it fails with REVOKED. This cannot be undone.${own ? ` ${own}` : ''}`,
    confirmLabel: own ? 'Delete and lock this profile out' : 'Delete key',
    targetName: k.name,
  });
  if (!c) return false;
  try {
    await useKeys.getState().remove({ id: k.id, ...c });
    notify(`Key ${k.name} deleted.`);
  } catch (e) {
    notifyError(e);
    return false;
  }
  // The README promises the keychain copy does not outlive the key: offer to remove it.
  if (saved) {
    const remove = await askConfirm({
      title: 'Remove the saved copy from the OS keychain?',
      message: `“${k.name}” was saved in the OS keychain as “${saved.account}” (${saved.service}). It no longer works; remove that entry too?`,
      confirmLabel: 'Remove from keychain',
    });
    if (remove !== null) {
      try {
        await useExports.getState().remove(k.id);
        notify('Removed from the keychain.');
      } catch (e) {
        notifyError(e);
      }
    }
  }
  return true;
}

/** Roll's "revoke the old key when quiet" choices; 0 = only the grace period ends it. */
export const QUIET_CHOICES: readonly [number, string][] = [
  [0, 'never (grace period only)'],
  [60, '1 minute'],
  [600, '10 minutes'],
  [3600, '1 hour'],
  [86400, '1 day'],
];

export async function rollKey(
  k: KeyMeta,
  gracePeriodSeconds: number,
  revokeWhenQuietSeconds?: number,
  /** The new key's own expiry (docs/policies-and-labels.md), when the copied one would break the org's policy. */
  expiresAt?: string,
): Promise<boolean> {
  const quiet =
    revokeWhenQuietSeconds && gracePeriodSeconds > 0
      ? `, or until it has gone unused for ${describeSeconds(revokeWhenQuietSeconds)}`
      : '';
  const grace =
    gracePeriodSeconds === 0
      ? 'stops working at once'
      : `keeps working for ${describeSeconds(gracePeriodSeconds)}${quiet}`;
  const own = ownCredentialWarning(k, 'roll');
  const c = await confirmDestructive({
    title: `Roll key “${k.name}”?`,
    message: `A new key with the same settings${expiresAt ? ` (expiring ${new Date(expiresAt).toLocaleString()})` : ''} replaces it; the old key ${grace}. The new key is shown once.${own ? ` ${own}` : ''}`,
    confirmLabel: 'Roll key',
    targetName: k.name,
  });
  if (!c) return false;
  try {
    const created = await useKeys.getState().roll({
      id: k.id,
      gracePeriodSeconds,
      ...(revokeWhenQuietSeconds ? { revokeWhenQuietSeconds } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...c,
    });
    useOneTimeKey.getState().show([created]);
    // Shown once the one-time display closes (docs/usage-and-rotation.md).
    useRotation.getState().open([{ oldKeyId: k.id, profileId: null }], 'roll');
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}
