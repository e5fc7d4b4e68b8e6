import { memo } from 'react';
import { KeyIcon } from '../../components/KeyIcon';
import { LabelChips } from '../../components/LabelChips';
import { StatusBadge } from '../../components/StatusBadge';
import type { IndexedKey } from '../../lib/keyFilters';
import { formatDate, formatDateTime, relative } from '../../lib/format';
import { isExpiringSoon, keyState } from '../../lib/keyState';
import { useKeys } from '../../stores/keys';
import { usageSelectors, useUsage } from '../../stores/usage';
import { Sparkline } from '../usage/Sparkline';

interface Props {
  row: IndexedKey;
  index: number;
  top: number;
  now: number;
  selected: boolean;
  active: boolean;
  open: boolean;
  exported: boolean;
  onActivate: () => void;
}

export const KeyRow = memo(function KeyRow({
  row,
  index,
  top,
  now,
  selected,
  active,
  open,
  exported,
  onActivate,
}: Props) {
  const k = row.key;
  const spark = useUsage(usageSelectors.sparkOf(k.id));
  const state = keyState(k, now);
  const soon = isExpiringSoon(k, now);
  const cls = ['kt-row', `state-${state}`, selected && 'is-selected', active && 'is-active', open && 'is-open']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={`key-row-${k.id}`}
      className={cls}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-key-id={k.id}
      // The virtualiser positions rows; this is the one inline style in the app (set through
      // the CSSOM by React, which CSP's style-src does not restrict).
      style={{ transform: `translateY(${top}px)` }}
      onClick={onActivate}
    >
      <div role="gridcell" className="kt-cell kt-check">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={`Select ${k.name}`}
          onClick={(e) => e.stopPropagation()}
          onChange={() => useKeys.getState().toggle(k.id)}
        />
      </div>
      <div role="gridcell" className="kt-cell kt-name">
        <span className="key-name" title={k.name}>
          {k.name}
        </span>
        {k.readOnly && <span className="tag tag-muted">read-only</span>}
        {k.canImpersonate && <span className="tag tag-warn">impersonate</span>}
        {exported && (
          <span className="keychain-mark" data-testid="keychain-mark">
            <KeyIcon size={14} title="Saved to the OS keychain" />
          </span>
        )}
        <LabelChips labels={k.labels} />
      </div>
      <div role="gridcell" className="kt-cell kt-start">
        <code>{k.start}…</code>
      </div>
      <div role="gridcell" className={`kt-cell kt-owner ${k.kind === 'org' ? 'owner-org' : ''}`} title={row.owner}>
        {row.owner}
      </div>
      <div role="gridcell" className="kt-cell kt-scopes">
        {k.scopes.map((s) => (
          <span key={s} className="scope">
            {s}
          </span>
        ))}
      </div>
      <div role="gridcell" className="kt-cell kt-status">
        <StatusBadge state={state} />
      </div>
      <div role="gridcell" className="kt-cell kt-createdAt" title={formatDateTime(k.createdAt)}>
        {formatDate(k.createdAt)}
      </div>
      <div
        role="gridcell"
        className="kt-cell kt-lastUsedAt"
        title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}
      >
        <span className={k.lastUsedAt ? 'kt-lastUsedText' : 'kt-lastUsedText muted'}>
          {k.lastUsedAt ? relative(k.lastUsedAt, now) : 'never'}
        </span>
        <Sparkline spark={spark} />
      </div>
      <div
        role="gridcell"
        className={`kt-cell kt-expiresAt ${soon ? 'expiring-soon' : ''}`}
        title={k.expiresAt ? relative(k.expiresAt, now) : undefined}
      >
        {k.expiresAt ? formatDateTime(k.expiresAt) : <span className="muted">no expiry</span>}
      </div>
    </div>
  );
});
