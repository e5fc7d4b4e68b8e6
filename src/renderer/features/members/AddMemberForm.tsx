import { useState } from 'react';
import type { Role } from '../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { useAction } from '../../lib/useAction';
import { useMembers } from '../../stores/members';
import { notify } from '../../stores/toasts';

export function AddMemberForm({ orgId, onDone }: { orgId: number; onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const { busy, error, run } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const m = await useMembers
        .getState()
        .add(orgId, { email: email.trim(), firstName: typedName(firstName), lastName: typedName(lastName), role });
      notify(`${m.user.email} added as ${m.role}.`);
      onDone();
    });
  };

  return (
    <form className="inline-form add-member" onSubmit={submit} aria-label="Add member">
      <TextField label="Email" type="email" value={email} onChange={setEmail} required autoFocus />
      <TextField label="First name" value={firstName} onChange={setFirstName} required>
        <NameProblem label="First name" value={firstName} />
      </TextField>
      <TextField label="Last name" value={lastName} onChange={setLastName} required>
        <NameProblem label="Last name" value={lastName} />
      </TextField>
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      <FormActions
        onCancel={onDone}
        submitLabel="Add"
        disabled={busy || nameError('First name', firstName) !== null || nameError('Last name', lastName) !== null}
      />
      <ErrorText>{error}</ErrorText>
    </form>
  );
}
