import { useState } from 'react';
import type { KeyMeta } from '../../../shared/domain';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { DESCRIPTION_MAX, NAME_MAX } from '../../lib/constants';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { useKeys } from '../../stores/keys';
import { notify } from '../../stores/toasts';

export function EditKeyForm({ k, onDone }: { k: KeyMeta; onDone: () => void }) {
  const [name, setName] = useState(k.name);
  const [description, setDescription] = useState(k.description);
  const [expires, setExpires] = useState(k.expiresAt ? isoToLocalInput(Date.parse(k.expiresAt)) : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const expiresAt = expires ? localInputToIso(expires) : null;
    if (expires && !expiresAt) return setError('The expiry date is not valid.');
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return setError('The expiry must be in the future.');
    const patch: { name?: string; description?: string; expiresAt?: string | null } = {};
    if (name.trim() !== k.name) patch.name = name.trim();
    if (description !== k.description) patch.description = description;
    if (expiresAt !== k.expiresAt && !(expiresAt && k.expiresAt && Date.parse(expiresAt) === Date.parse(k.expiresAt))) patch.expiresAt = expiresAt;
    if (Object.keys(patch).length === 0) return onDone();
    setBusy(true);
    setError(null);
    try {
      useKeys.getState().upsert(await api.updateKey({ id: k.id, patch }));
      notify('Key updated.');
      onDone();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Edit key"
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onDone(); } }}>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={NAME_MAX} autoComplete="off" />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={DESCRIPTION_MAX} rows={3} />
      </label>
      <label className="field">
        <span>Expires (local time; empty = never)</span>
        <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </label>
      <ErrorText>{error}</ErrorText>
      <div className="button-row">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>Save</button>
      </div>
    </form>
  );
}
