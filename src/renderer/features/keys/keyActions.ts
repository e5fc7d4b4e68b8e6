// Single-key flows shared by the details panel and the table: confirm as the environment
// requires, then the keys store's action, and say how it went.
import type { KeyMeta } from '../../../shared/domain';
import { useKeys } from '../../stores/keys';
import { useOneTimeKey } from '../../stores/oneTimeKey';
import { notify, notifyError } from '../../stores/toasts';
import { confirmDestructive } from '../common/destructive';

export async function setKeyStatus(k: KeyMeta, status: 'enabled' | 'disabled'): Promise<void> {
  // Enabling takes nothing away, so it needs no confirmation even in production.
  const c =
    status === 'enabled'
      ? {}
      : await confirmDestructive({
          title: `Disable key “${k.name}”?`,
          message: 'Requests with this key fail with DISABLED until it is enabled again.',
          confirmLabel: 'Disable key',
          targetName: k.name,
          reversible: true,
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
  const c = await confirmDestructive({
    title: `Delete key “${k.name}”?`,
    message: `Deleting revokes ${k.start}… for good: every request with it fails with REVOKED. This cannot be undone.`,
    confirmLabel: 'Delete key',
    targetName: k.name,
  });
  if (!c) return false;
  try {
    await useKeys.getState().remove({ id: k.id, ...c });
    notify(`Key ${k.name} deleted.`);
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
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
): Promise<boolean> {
  const quiet =
    revokeWhenQuietSeconds && gracePeriodSeconds > 0
      ? `, or until it has gone unused for ${describeSeconds(revokeWhenQuietSeconds)}`
      : '';
  const grace =
    gracePeriodSeconds === 0
      ? 'stops working at once'
      : `keeps working for ${describeSeconds(gracePeriodSeconds)}${quiet}`;
  const c = await confirmDestructive({
    title: `Roll key “${k.name}”?`,
    message: `A new key with the same settings replaces it; the old key ${grace}. The new key is shown once.`,
    confirmLabel: 'Roll key',
    targetName: k.name,
  });
  if (!c) return false;
  try {
    const created = await useKeys.getState().roll({
      id: k.id,
      gracePeriodSeconds,
      ...(revokeWhenQuietSeconds ? { revokeWhenQuietSeconds } : {}),
      ...c,
    });
    useOneTimeKey.getState().show([created]);
    return true;
  } catch (e) {
    notifyError(e);
    return false;
  }
}

export function describeSeconds(s: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [n, name] of units) if (s >= n && s % n === 0) return `${s / n} ${name}${s / n === 1 ? '' : 's'}`;
  return `${s} seconds`;
}
