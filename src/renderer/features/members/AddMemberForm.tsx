import { useState } from 'react';
import type { Role } from '../../../shared/domain';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { useMembers } from '../../stores/members';
import { notify } from '../../stores/toasts';

export function AddMemberForm({ orgId, onDone }: { orgId: number; onDone: () => void }) {
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const m = await useMembers.getState().add(orgId, { email: email.trim(), firstName: firstName.trim(), lastName: lastName.trim(), role });
      notify(`${m.user.email} added as ${m.role}.`);
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form add-member" onSubmit={submit} aria-label="Add member">
      <label className="field">
        <span>Email</span>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" />
      </label>
      <label className="field">
        <span>First name</span>
        <input value={firstName} onChange={(e) => setFirstName(e.target.value)} required autoComplete="off" />
      </label>
      <label className="field">
        <span>Last name</span>
        <input value={lastName} onChange={(e) => setLastName(e.target.value)} required autoComplete="off" />
      </label>
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      <div className="button-row">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={busy}>Add</button>
      </div>
      <ErrorText>{error}</ErrorText>
    </form>
  );
}
