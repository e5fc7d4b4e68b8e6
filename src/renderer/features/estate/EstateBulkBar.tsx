// The estate's bulk actions on the selected keys, across profiles: the confirmations they
// need (a typed name per production profile, a warning when a profile's own credential is
// among the keys), then one result per key. The status line is the view's (the CSV export
// reports its errors there too), so it comes in as a prop.
import { useState } from 'react';
import type { EstateOverview } from '../../../shared/estate';
import { describeError } from '../../api/errors';
import { askConfirm } from '../../stores/confirm';
import { useEstate } from '../../stores/estate';

type Action = 'disable' | 'delete' | 'setExpiry' | 'roll';

export function EstateBulkBar({
  profiles,
  result,
  setResult,
}: {
  profiles: EstateOverview['profiles'];
  result: string | null;
  setResult: (result: string | null) => void;
}) {
  const selected = useEstate((s) => s.selected);
  const [expiry, setExpiry] = useState('');
  const [graceHours, setGraceHours] = useState('24');
  const [failures, setFailures] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  // An action is offered when every selected key allows it: a bulk run never includes a key
  // its profile's credential may not change (shared/estateActions.ts).
  const allows = (a: Action) => selected.size > 0 && [...selected.values()].every((s) => s.actions.includes(a));

  const runBulk = async (action: Action) => {
    const ids = [...selected.keys()];
    if (ids.length === 0) return;
    const items = ids.map((id) => {
      const [profileId, keyId] = id.split(':').map(Number);
      return { profileId, keyId };
    });
    const involved = profiles.filter((p) => items.some((i) => i.profileId === p.id));
    // Issue 8 item 15, as in the keys view: a profile's own credential among the keys is named.
    const lockedOut =
      action === 'setExpiry'
        ? []
        : [...new Set([...selected.values()].flatMap((s) => (s.credentialOf === null ? [] : [s.credentialOf])))];
    const lockOut = lockedOut.length
      ? ` Among them is the key ${lockedOut.map((n) => `profile “${n}”`).join(' and ')} signs in with: this locks ${lockedOut.length === 1 ? 'that profile' : 'those profiles'} out.`
      : '';
    const confirm: string[] = [];
    for (const p of involved.filter((x) => x.environment === 'production')) {
      const typed = await askConfirm({
        title: `${action} keys in production profile ${p.name}`,
        message: `Type the profile's name to confirm the production keys of "${p.name}".${lockOut}`,
        confirmLabel: 'Confirm',
        danger: true,
        typedName: p.name,
      });
      if (typed === null) return;
      confirm.push(typed);
    }
    if (involved.every((x) => x.environment !== 'production')) {
      const ok = await askConfirm({
        title: `${action} ${items.length} key${items.length === 1 ? '' : 's'}`,
        message: `Across ${involved.length} profile${involved.length === 1 ? '' : 's'}.${lockOut}`,
        confirmLabel: lockOut ? `${action} and lock out` : 'Go',
        danger: action === 'delete' || lockOut !== '',
      });
      if (ok === null) return;
    }
    setBusy(true);
    setResult(null);
    setFailures([]);
    try {
      const job = await useEstate.getState().runBulk({
        action,
        items,
        confirm,
        ...(action === 'setExpiry' ? { expiresAt: expiry ? new Date(expiry).toISOString() : null } : {}),
        ...(action === 'roll' ? { gracePeriodSeconds: Math.round(Number(graceHours || 0) * 3600) } : {}),
      });
      const done = job.results.filter((r) => r.state === 'done').length;
      const failed = job.results.filter((r) => r.state === 'failed');
      setResult(`${done} done, ${failed.length} failed`);
      setFailures(failed.map((r) => `${r.profileName} key ${r.keyId}: ${r.code} ${r.message ?? ''}`));
    } catch (e) {
      setResult(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="estate-bulk" aria-label="Bulk actions">
        <span data-testid="estate-selected">{selected.size} selected</span>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('disable')}
          onClick={() => void runBulk('disable')}
        >
          Disable
        </button>
        <label className="field field-inline">
          <span>Expiry</span>
          <input type="datetime-local" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('setExpiry')}
          onClick={() => void runBulk('setExpiry')}
        >
          Set expiry
        </button>
        <label className="field field-inline">
          <span>Grace (hours)</span>
          <input type="number" min={0} max={168} value={graceHours} onChange={(e) => setGraceHours(e.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('roll')}
          onClick={() => void runBulk('roll')}
        >
          Roll
        </button>
        <button
          type="button"
          className="button button-danger-ghost"
          disabled={busy || !allows('delete')}
          onClick={() => void runBulk('delete')}
        >
          Delete
        </button>
        {result && (
          <span role="status" data-testid="estate-bulk-result">
            {result}
          </span>
        )}
      </div>
      {failures.length > 0 && (
        <ul className="estate-failures">
          {failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </>
  );
}
