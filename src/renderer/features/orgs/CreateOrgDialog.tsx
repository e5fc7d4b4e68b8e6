import { useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { useAction } from '../../lib/useAction';
import { useOrgs } from '../../stores/orgs';
import { notify } from '../../stores/toasts';

export function CreateOrgDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [allowUserKeys, setAllowUserKeys] = useState(false);
  const { busy, error, run } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const org = await useOrgs.getState().create({ name: typedName(name), allowUserKeys });
      notify(`Org ${org.name} created.`);
      onClose();
    });
  };

  return (
    <Modal title="New org" onClose={onClose} size="sm">
      <form className="stack" onSubmit={submit}>
        <TextField label="Name" value={name} onChange={setName} required maxLength={200}>
          <NameProblem label="Name" value={name} />
        </TextField>
        <label className="check">
          <input type="checkbox" checked={allowUserKeys} onChange={(e) => setAllowUserKeys(e.target.checked)} /> Members
          may create and delete their own keys
        </label>
        <ErrorText>{error}</ErrorText>
        <FormActions
          onCancel={onClose}
          submitLabel="Create org"
          disabled={busy || !name.trim() || nameError('Name', name) !== null}
        />
      </form>
    </Modal>
  );
}
