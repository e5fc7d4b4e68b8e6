// The key panel's roll controls: grace, revoke-when-quiet, and a new expiry when the copied
// one would break the org's policy, with the reason a roll cannot go ahead yet.
// The draft lives in the panel (useRollDraft) rather than here, so what was typed survives
// the box being hidden while the key is edited; the action state is the panel's too, shared
// with its other buttons.
import { useEffect, useState } from 'react';
import type { KeyMeta, Policy } from '../../../shared/domain';
import { isoToLocalInput, localInputToIso, describeSeconds } from '../../lib/format';
import { defaultExpiry, expiryProblem, keyChoices, rollPlan } from '../../lib/policyRules';
import { GraceInput, graceSeconds, type GraceValue } from './GraceInput';
import { QUIET_CHOICES, rollKey } from './keyActions';

export interface RollDraft {
  grace: GraceValue;
  setGrace: (v: GraceValue) => void;
  quiet: number;
  setQuiet: (s: number) => void;
  newExpiry: string;
  setNewExpiry: (v: string) => void;
}

export function useRollDraft(policy: Policy | null, keyId: number): RollDraft {
  const [grace, setGrace] = useState<GraceValue>({ amount: '0', unit: 'hours' });
  const [quiet, setQuiet] = useState(0);
  const [newExpiry, setNewExpiry] = useState('');
  // A roll whose copied expiry would break the policy starts from the longest it allows.
  useEffect(() => {
    const d = defaultExpiry(policy, Date.now());
    setNewExpiry(d === null ? '' : isoToLocalInput(d));
  }, [policy, keyId]);
  return { grace, setGrace, quiet, setQuiet, newExpiry, setNewExpiry };
}

export function RollBox({
  k,
  now,
  policy,
  draft,
  busy,
  act,
}: {
  k: KeyMeta;
  now: number;
  policy: Policy | null;
  draft: RollDraft;
  busy: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { grace, setGrace, quiet, setQuiet, newExpiry, setNewExpiry } = draft;
  const choices = keyChoices(policy, now);
  const plan = rollPlan(policy, k, now);
  const rawGrace = graceSeconds(grace);
  const graceS =
    typeof rawGrace === 'number' && choices.maxGraceSeconds !== null && rawGrace > choices.maxGraceSeconds
      ? `The org’s policy allows at most ${describeSeconds(choices.maxGraceSeconds)} of grace.`
      : rawGrace;
  const newExpiryIso = plan.needsNewExpiry ? localInputToIso(newExpiry) : null;
  const rollProblem =
    plan.blocked ??
    (typeof graceS === 'string' ? graceS : null) ??
    (plan.needsNewExpiry
      ? newExpiryIso === null
        ? 'Give the new key an expiry: the copied one breaks the org’s policy.'
        : expiryProblem(choices, Date.parse(newExpiryIso))
      : null);

  return (
    <div className="roll-box">
      <GraceInput value={grace} onChange={setGrace} />
      <label className="roll-quiet">
        Revoke old key when quiet for{' '}
        <select value={quiet} onChange={(e) => setQuiet(Number(e.target.value))} data-testid="revoke-when-quiet-select">
          {QUIET_CHOICES.map(([s, label]) => (
            <option key={s} value={s}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {plan.needsNewExpiry && !plan.blocked && (
        <label className="field">
          <span>New key expires (the current expiry breaks the org’s policy)</span>
          <input
            type="datetime-local"
            value={newExpiry}
            onChange={(e) => setNewExpiry(e.target.value)}
            min={isoToLocalInput(now)}
            max={choices.latestExpiry === null ? undefined : isoToLocalInput(choices.latestExpiry)}
            data-testid="roll-new-expiry"
          />
        </label>
      )}
      <button
        type="button"
        className="button"
        aria-disabled={busy || rollProblem !== null}
        onClick={() =>
          rollProblem === null &&
          typeof graceS === 'number' &&
          void act(() => rollKey(k, graceS, quiet || undefined, newExpiryIso ?? undefined))
        }
      >
        Roll…
      </button>
      {rollProblem !== null && (
        <p className="error-text" role="alert">
          {rollProblem}
        </p>
      )}
    </div>
  );
}
