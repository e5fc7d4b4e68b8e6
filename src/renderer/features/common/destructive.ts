// The confirmation rule for destructive actions: in a production profile the target's
// name must be typed (main enforces it too); in a sandbox a plain confirmation, or none
// for reversible actions.
import { askConfirm } from '../../stores/confirm';
import { needsTypedConfirmation } from '../../stores/profiles';

export interface DestructiveRequest {
  title: string;
  message: string;
  confirmLabel: string;
  /** What must be typed in production: a key name, a user's email, the profile name. */
  targetName: string;
  /** Reversible actions (disable, role change) skip the sandbox dialog entirely. */
  reversible?: boolean;
  danger?: boolean;
}

/** null when cancelled; otherwise the `confirm` field to send (absent in a sandbox). */
export async function confirmDestructive(req: DestructiveRequest): Promise<{ confirm?: string } | null> {
  if (needsTypedConfirmation()) {
    const typed = await askConfirm({
      title: req.title,
      message: req.message,
      confirmLabel: req.confirmLabel,
      danger: req.danger ?? true,
      typedName: req.targetName,
    });
    return typed === null ? null : { confirm: typed };
  }
  if (req.reversible) return {};
  const ok = await askConfirm({
    title: req.title,
    message: req.message,
    confirmLabel: req.confirmLabel,
    danger: req.danger ?? true,
  });
  return ok === null ? null : {};
}
