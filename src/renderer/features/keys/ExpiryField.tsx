// The create dialog's expiry: a local date and time, with presets and "No expiry" offered
// only when the org's policy allows them (docs/policies-and-labels.md). The form checks the
// value against the policy again on submit, since the field alone cannot stop a typed date.
import type { Policy } from '../../../shared/domain';
import { isoToLocalInput } from '../../lib/format';
import type { KeyChoices } from '../../lib/policyRules';

const DAY = 86_400_000;
const PRESETS: { label: string; days: number }[] = [
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

export function ExpiryField({
  value,
  onChange,
  choices,
  policy,
  now,
}: {
  /** The datetime-local value, '' for no expiry. */
  value: string;
  onChange: (value: string) => void;
  choices: KeyChoices;
  policy: Policy | null;
  now: number;
}) {
  return (
    <div className="field">
      <label htmlFor="ck-expires">
        Expires{' '}
        <small className="hint">
          {choices.noExpiryReason
            ? `(local time) ${choices.noExpiryReason}`
            : '(local time; leave empty for no expiry)'}
        </small>
      </label>
      <div className="expiry-row">
        <input
          id="ck-expires"
          type="datetime-local"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          min={isoToLocalInput(Date.now())}
          max={choices.latestExpiry === null ? undefined : isoToLocalInput(choices.latestExpiry)}
          required={choices.noExpiryReason !== null}
          data-testid="key-expires"
        />
        {PRESETS.map((p) => {
          const tooLong = choices.latestExpiry !== null && now + p.days * DAY > choices.latestExpiry;
          return (
            <button
              key={p.days}
              type="button"
              className="button button-small button-ghost"
              disabled={tooLong}
              title={tooLong ? (choices.noExpiryReason ?? undefined) : undefined}
              onClick={() => onChange(isoToLocalInput(Date.now() + p.days * DAY))}
            >
              {p.label}
            </button>
          );
        })}
        {policy?.maxLifetimeDays != null && !PRESETS.some((p) => p.days === policy.maxLifetimeDays) && (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => onChange(isoToLocalInput(Date.now() + (policy.maxLifetimeDays as number) * DAY))}
          >
            Longest allowed ({policy.maxLifetimeDays} days)
          </button>
        )}
        {value && !choices.noExpiryReason && (
          <button type="button" className="button button-small button-ghost" onClick={() => onChange('')}>
            No expiry
          </button>
        )}
      </div>
    </div>
  );
}
