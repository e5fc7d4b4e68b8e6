// The rotation view's two actions (docs/usage-and-rotation.md): revoke the old key now, and
// extend its grace. Confirmation as the environment requires (typed in production).
import { describeSeconds } from '../../lib/format';
import type { KeyMeta } from '../../../shared/domain';
import { api } from '../../api/client';
import { useExports } from '../../stores/exports';
import { useKeys } from '../../stores/keys';
import { notify, notifyError } from '../../stores/toasts';
import { confirmDestructive } from '../common/destructive';

/** How much later the grace may end, offered in the view; the engine checks the bounds. */
export const EXTEND_CHOICES: readonly number[] = [3600, 6 * 3600, 86400, 3 * 86400];

export async function revokeOldNow(old: KeyMeta, next: KeyMeta | null): Promise<boolean> {
  const c = await confirmDestructive({
    title: `Revoke the old key “${old.name}” now?`,
    message: `${old.start}… stops working at once: every request with it fails with REVOKED. ${
      next ? `Its replacement ${next.start}… (key #${next.id}) keeps working.` : ''
    } This cannot be undone.`,
    confirmLabel: 'Revoke old key',
    targetName: old.name,
  });
  if (!c) return false;
  try {
    await useKeys.getState().remove({ id: old.id, ...c });
  } catch (e) {
    notifyError(e);
    return false;
  }
  // An entry still holding the old key (it could not follow the roll) would hold a dead key.
  const exports = useExports.getState();
  if (exports.byKeyId.has(old.id)) {
    try {
      await exports.remove(old.id);
      notify(`Old key ${old.name} revoked; its keychain entry, which still held it, was removed.`);
      return true;
    } catch (e) {
      notifyError(e);
    }
  }
  notify(`Old key ${old.name} revoked.`);
  return true;
}

export async function extendGrace(old: KeyMeta, bySeconds: number): Promise<KeyMeta | null> {
  if (old.expiresAt === null) return null;
  const graceEndsAt = new Date(Date.parse(old.expiresAt) + bySeconds * 1000).toISOString();
  try {
    const k = await api.extendGrace({ id: old.id, graceEndsAt });
    useKeys.getState().upsert(k);
    notify(`Grace of ${old.name} extended by ${describeSeconds(bySeconds)}.`);
    return k;
  } catch (e) {
    notifyError(e);
    return null;
  }
}
