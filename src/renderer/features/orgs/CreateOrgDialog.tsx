import { useState } from 'react';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';
import { useOrgs } from '../../stores/orgs';
import { notify } from '../../stores/toasts';

export function CreateOrgDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [allowUserKeys, setAllowUserKeys] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const org = await useOrgs.getState().create({ name: name.trim(), allowUserKeys });
      notify(`Org ${org.name} created.`);
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <Modal title="New org" onClose={onClose} size="sm">
      <form className="stack" onSubmit={submit}>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoComplete="off" />
        </label>
        <label className="check">
          <input type="checkbox" checked={allowUserKeys} onChange={(e) => setAllowUserKeys(e.target.checked)} /> Members may create and delete their own keys
        </label>
        <ErrorText>{error}</ErrorText>
        <div className="button-row">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>Create org</button>
        </div>
      </form>
    </Modal>
  );
}
