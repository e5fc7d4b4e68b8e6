// Grace period for a roll: a number and a unit, kept within the engine's 0–7 days.
import { useId } from 'react';
import { GRACE_MAX_SECONDS } from '../../lib/constants';

const GRACE_UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
export type GraceUnit = keyof typeof GRACE_UNITS;

export interface GraceValue {
  amount: string;
  unit: GraceUnit;
}

/** Seconds for the input, or an error message. */
export function graceSeconds(v: GraceValue): number | string {
  if (!/^\d{1,7}$/.test(v.amount.trim())) return 'The grace period must be a whole number.';
  const s = Number(v.amount) * GRACE_UNITS[v.unit];
  return s > GRACE_MAX_SECONDS ? 'The grace period can be at most 7 days.' : s;
}

export function GraceInput({ value, onChange }: { value: GraceValue; onChange: (v: GraceValue) => void }) {
  const id = useId();
  return (
    <span className="grace-input">
      <label htmlFor={id}>Grace period</label>
      <input
        id={id}
        inputMode="numeric"
        size={4}
        value={value.amount}
        onChange={(e) => onChange({ ...value, amount: e.target.value })}
      />
      <select
        aria-label="Grace period unit"
        value={value.unit}
        onChange={(e) => onChange({ ...value, unit: e.target.value as GraceUnit })}
      >
        {Object.keys(GRACE_UNITS).map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </span>
  );
}
