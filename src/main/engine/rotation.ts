// Extending a rolled key's grace (docs/usage-and-rotation.md): the bounds a new grace end must
// keep, checked in one place so HTTP and IPC callers (both through the engine) get the same
// refusals. Pure: the caller has read the rows and holds the transaction.
import type { Policy } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import { GRACE_MAX_SECONDS } from '../../shared/vocabulary';
import { expiryViolations, graceViolation, policyError } from './policy';

export interface GraceState {
  id: number;
  revokedAt: number | null;
  rolledTo: number | null;
  /** When the roll happened; null for keys rolled before it was recorded. */
  rolledAt: number | null;
  /** The old key's current end: its grace end, or its own expiry if that came first. */
  expiresAt: number | null;
}

export interface Replacement {
  revokedAt: number | null;
  expiresAt: number | null;
}

const conflict = (message: string): never => {
  throw new KeywardenError('CONFLICT', message);
};
const bad = (message: string): never => {
  throw new KeywardenError('BAD_REQUEST', message);
};

/** The new grace end in epoch ms, or a refusal naming the bound it breaks. */
export function newGraceEnd(
  old: GraceState,
  replacement: Replacement,
  policy: Policy,
  graceEndsAt: string,
  now: number,
): number {
  // Checked here too, not only by the input schema: every caller goes through the engine.
  const end = typeof graceEndsAt === 'string' ? parseInstant(graceEndsAt) : null;
  if (end === null) bad('graceEndsAt must be an ISO 8601 date-time with a zone and at most millisecond precision');
  if (old.revokedAt !== null) conflict(`key ${old.id} was revoked; its grace cannot be extended`);
  if (old.rolledTo === null) conflict(`key ${old.id} was not rolled; only a rolled key's grace period can be extended`);
  const current = old.expiresAt as number;
  if (current <= now) conflict(`key ${old.id}'s grace period is over (the key has expired); roll a live key instead`);
  if (replacement.revokedAt !== null)
    conflict(`key ${old.id}'s replacement, key ${old.rolledTo}, was revoked; the old key's grace cannot be extended`);
  const at = end as number;
  if (at <= current) bad(`graceEndsAt must be later than the current grace end, ${new Date(current).toISOString()}`);
  const from = old.rolledAt ?? now;
  if (at - from > GRACE_MAX_SECONDS * 1000)
    bad(
      `a grace period lasts at most ${GRACE_MAX_SECONDS} seconds from the roll (until ${new Date(from + GRACE_MAX_SECONDS * 1000).toISOString()})`,
    );
  if (replacement.expiresAt !== null && at > replacement.expiresAt)
    bad(
      `the old key may not outlive its replacement, which expires at ${new Date(replacement.expiresAt).toISOString()}`,
    );
  // The org's policy, as for a roll: the grace it may give, and the lifetime any key may have.
  const found = expiryViolations(policy, at, now);
  const grace = graceViolation(policy, Math.ceil((at - from) / 1000));
  if (grace) found.push(grace);
  if (found.length) throw policyError(found);
  return at;
}
