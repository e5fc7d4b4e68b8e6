import type { KeyState } from '../lib/keyState';

const LABEL: Record<KeyState, string> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  expired: 'Expired',
  rolled: 'Rolled',
  revoked: 'Revoked',
};

export function StatusBadge({ state }: { state: KeyState }) {
  return <span className={`badge badge-${state}`}>{LABEL[state]}</span>;
}
