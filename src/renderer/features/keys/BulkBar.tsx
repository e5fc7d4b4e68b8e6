// Actions on the selected keys, run as one job in main with progress and cancel.
import { describeSeconds } from '../../lib/format';
import { useState } from 'react';
import type { IndexedKey } from '../../lib/keyFilters';
import { bulkSelectors, type BulkAction, useBulk } from '../../stores/bulk';
import { askConfirm } from '../../stores/confirm';
import { useKeys } from '../../stores/keys';
import { profilesSelectors, needsTypedConfirmation, useProfiles } from '../../stores/profiles';
import { GraceInput, graceSeconds, type GraceValue } from './GraceInput';
import { ownCredentialWarning } from './keyActions';

const VERB: Record<BulkAction, string> = { disable: 'Disable', enable: 'Enable', delete: 'Delete', roll: 'Roll' };

const LISTED = 5;

export function BulkBar({ rows }: { rows: IndexedKey[] }) {
  const selected = useKeys((s) => s.selected);
  const items = useKeys((s) => s.items);
  const profileName = useProfiles(profilesSelectors.profileName);
  const running = useBulk(bulkSelectors.isRunning);
  const [grace, setGrace] = useState<GraceValue>({ amount: '0', unit: 'hours' });
  const graceS = graceSeconds(grace);
  const hidden = selected.size - rows.reduce((n, r) => n + (selected.has(r.key.id) ? 1 : 0), 0);

  const start = async (action: BulkAction) => {
    const n = selected.size;
    const what = `${n.toLocaleString()} key${n === 1 ? '' : 's'}`;
    const details: Record<BulkAction, string> = {
      disable: `Requests with ${n === 1 ? 'this key' : 'these keys'} fail with DISABLED until enabled again.`,
      enable: `${n === 1 ? 'This key works' : 'These keys work'} again (keys an admin disabled stay disabled for members).`,
      delete: `${n === 1 ? 'This key is' : 'These keys are'} revoked for good. This cannot be undone.`,
      roll: `Each key is replaced by a new one, shown once. The old keys ${typeof graceS === 'number' && graceS > 0 ? `keep working for ${describeSeconds(graceS)}` : 'stop working at once'}.`,
    };
    const production = needsTypedConfirmation();
    // Name what will be touched, shown rows first, so nobody acts on keys they never saw.
    const shown = rows.filter((r) => selected.has(r.key.id)).map((r) => r.key);
    const shownIds = new Set(shown.map((k) => k.id));
    const ordered = shown.concat(items.filter((k) => selected.has(k.id) && !shownIds.has(k.id)));
    const typed = await askConfirm({
      items: ordered.slice(0, LISTED).map((k) => `${k.name} (${k.start}…)`),
      more: Math.max(0, n - LISTED),
      title: `${VERB[action]} ${what}?`,
      message: [
        details[action],
        hidden > 0 ? `${hidden.toLocaleString()} of them are hidden by the current filters.` : '',
        // The open remote profile's own credential among them: name the lock-out.
        action === 'enable' ? '' : ownCredentialInSelection(selected, action),
      ]
        .filter(Boolean)
        .join(' '),
      confirmLabel: `${VERB[action]} ${what}`,
      danger: action !== 'enable',
      ...(production && profileName ? { typedName: profileName } : {}),
    });
    if (typed === null) return;
    await useBulk.getState().start({
      action,
      keyIds: [...selected],
      ...(action === 'roll' && typeof graceS === 'number' ? { gracePeriodSeconds: graceS } : {}),
      ...(production ? { confirm: typed } : {}),
    });
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{selected.size.toLocaleString()} selected</strong>
      {hidden > 0 && <span className="hint">({hidden.toLocaleString()} hidden by filters)</span>}
      <button type="button" className="button button-small" disabled={running} onClick={() => void start('disable')}>
        Disable
      </button>
      <button type="button" className="button button-small" disabled={running} onClick={() => void start('enable')}>
        Enable
      </button>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={running}
        onClick={() => void start('delete')}
      >
        Delete…
      </button>
      <span className="bulk-roll">
        <GraceInput value={grace} onChange={setGrace} />
        <button
          type="button"
          className="button button-small"
          disabled={running || typeof graceS === 'string'}
          onClick={() => void start('roll')}
        >
          Roll…
        </button>
      </span>
      {typeof graceS === 'string' && (
        <span className="error-text" role="alert">
          {graceS}
        </span>
      )}
      <div className="toolbar-spacer" />
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={() => useKeys.getState().clearSelection()}
      >
        Clear selection
      </button>
    </div>
  );
}

function ownCredentialInSelection(selected: ReadonlySet<number>, action: 'disable' | 'delete' | 'roll'): string {
  const id = profilesSelectors.credentialKeyId(useProfiles.getState());
  return id !== null && selected.has(id) ? (ownCredentialWarning({ id }, action) ?? '') : '';
}
