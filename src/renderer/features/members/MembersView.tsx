import { useEffect, useState } from 'react';
import { Email } from '../../components/Email';
import type { Membership, Role } from '../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { RetryHint } from '../../components/RetryHint';
import { useAutoRetry } from '../../lib/useAutoRetry';
import { countOf, personMatches } from '../../lib/format';
import { useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { useOrgs } from '../../stores/orgs';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { notify, notifyError } from '../../stores/toasts';
import { useUi } from '../../stores/ui';
import { confirmDestructive } from '../common/destructive';
import { AddMemberForm } from './AddMemberForm';

export function MembersView() {
  const orgId = useOrgs((s) => s.selectedId);
  const members = useMembers(membersSelectors.ofOrg(orgId));
  const loading = useMembers(membersSelectors.isLoading(orgId));
  const error = useMembers(membersSelectors.error(orgId));
  const [adding, setAdding] = useState(false);
  // Orgs with a thousand people need a search; it belongs to this view and this org.
  const [query, setQuery] = useState('');
  useEffect(() => setQuery(''), [orgId]);
  const shown = query.trim() ? members.filter((m) => personMatches(m, query)) : members;

  const profileId = useProfiles(profilesSelectors.profileId);

  useEffect(() => {
    if (orgId !== null) void useMembers.getState().load(orgId);
  }, [orgId, profileId]);
  useAutoRetry(!!error, loading, () => {
    if (orgId !== null) void useMembers.getState().load(orgId);
  });

  if (orgId === null) return <p className="empty-state">Choose an org.</p>;

  return (
    <section className="panel" aria-labelledby="members-title">
      <div className="toolbar">
        <h2 id="members-title">Members</h2>
        <span className="count">
          {shown.length === members.length
            ? countOf(members.length, 'member')
            : `${shown.length.toLocaleString()} of ${countOf(members.length, 'member')}`}
        </span>
        <label className="field field-search">
          <span className="visually-hidden">Search members</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search by name or email"
            data-testid="member-search"
          />
        </label>
        <div className="toolbar-spacer" />
        <button
          type="button"
          className="button button-primary"
          onClick={() => setAdding((a) => !a)}
          aria-expanded={adding}
        >
          Add member
        </button>
      </div>
      {adding && <AddMemberForm orgId={orgId} onDone={() => setAdding(false)} />}
      <ErrorText>{error}</ErrorText>
      <RetryHint failed={!!error} loading={loading} testId="members-retrying" />
      {loading && members.length === 0 ? (
        <p className="hint">Loading members…</p>
      ) : (
        <table className="simple-table members-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Membership</th>
              <th scope="col">User</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <MemberRow key={m.id} orgId={orgId} m={m} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MemberRow({ orgId, m }: { orgId: number; m: Membership }) {
  const isSuperAdmin = useProfiles(profilesSelectors.isSuperAdmin);
  const myId = useProfiles(profilesSelectors.myUserId);
  const [busy, setBusy] = useState(false);
  const label = `${m.user.firstName} ${m.user.lastName}`;
  // Rule 17: only a super admin may demote, deactivate or remove a super admin.
  const protectedRow = m.user.isSuperAdmin && !isSuperAdmin;

  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      notify(done);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  // Either direction changes who controls the org's keys: in production both need the email typed.
  const changeRole = async (role: Role) => {
    const c = await confirmDestructive(
      role === 'admin'
        ? {
            title: `Make ${m.user.email} an admin?`,
            message: 'They gain admin power over every key and member of this org, and so do their keys, at once.',
            confirmLabel: 'Make admin',
            targetName: m.user.email,
            reversible: true,
            danger: false,
          }
        : {
            title: `Make ${m.user.email} a member?`,
            message: 'They lose admin power in this org, and so do their keys, at once.',
            confirmLabel: 'Change role',
            targetName: m.user.email,
            reversible: true,
            danger: false,
          },
    );
    if (c)
      await run(
        () => useMembers.getState().update(orgId, m.userId, { role }, c.confirm),
        `${m.user.email} is now ${role === 'admin' ? 'an admin' : 'a member'}.`,
      );
  };

  const toggleMembership = async () => {
    const status = m.status === 'active' ? 'inactive' : 'active';
    const c =
      status === 'active'
        ? {}
        : await confirmDestructive({
            title: `Deactivate ${m.user.email} in this org?`,
            message: 'Every key of this membership stops working (INACTIVE_USER) until it is activated again.',
            confirmLabel: 'Deactivate',
            targetName: m.user.email,
            reversible: true,
          });
    if (c)
      await run(() => useMembers.getState().update(orgId, m.userId, { status }, c.confirm), `Membership ${status}.`);
  };

  const toggleUser = async () => {
    const status = m.user.status === 'active' ? 'disabled' : 'active';
    const c =
      status === 'active'
        ? {}
        : await confirmDestructive({
            title: `Disable the user ${m.user.email}?`,
            message:
              'This affects every org they belong to: all their keys stop working until the user is enabled again.',
            confirmLabel: 'Disable user',
            targetName: m.user.email,
            reversible: true,
          });
    if (c)
      await run(
        () => useMembers.getState().updateUser(orgId, m.userId, { status }, c.confirm),
        `User ${status === 'disabled' ? 'disabled' : 'enabled'}.`,
      );
  };

  const remove = async () => {
    const c = await confirmDestructive({
      title: `Remove ${m.user.email} from this org?`,
      message: 'Their keys in this org stop working. The user stays in other orgs.',
      confirmLabel: 'Remove member',
      targetName: m.user.email,
    });
    if (c) await run(() => useMembers.getState().remove(orgId, m.userId, c.confirm), `${m.user.email} removed.`);
  };

  const showKeys = () => {
    // Load this org's keys first: a load for another org starts with fresh filters.
    if (useKeys.getState().orgId !== orgId) void useKeys.getState().load(orgId);
    useKeys.getState().setFilter({ owner: m.id, status: 'live' });
    useUi.getState().show('keys');
  };

  return (
    <tr className={m.status !== 'active' || m.user.status !== 'active' ? 'row-muted' : undefined}>
      <th scope="row" className="cell-wrap">
        {label}
        {m.user.isSuperAdmin && <span className="tag">super admin</span>}
      </th>
      <td className="cell-wrap">
        <Email address={m.user.email} />
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${m.id}`}>
          Role of {m.user.email}
        </label>
        <select
          id={`role-${m.id}`}
          value={m.role}
          disabled={busy || protectedRow}
          onChange={(e) => void changeRole(e.target.value as Role)}
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td>
        <div className="status-cell">
          <span className={`badge ${m.status === 'active' ? 'badge-enabled' : 'badge-disabled'}`}>
            {m.status === 'active' ? 'Active' : 'Inactive'}
          </span>
          {!protectedRow && (
            <button
              type="button"
              className="button button-small button-ghost"
              disabled={busy}
              onClick={() => void toggleMembership()}
              aria-label={`${m.status === 'active' ? 'Deactivate' : 'Activate'} the membership of ${m.user.email}`}
            >
              {m.status === 'active' ? 'Deactivate' : 'Activate'}
            </button>
          )}
        </div>
      </td>
      <td>
        <div className="status-cell">
          <span className={`badge ${m.user.status === 'active' ? 'badge-enabled' : 'badge-revoked'}`}>
            {m.user.status === 'active' ? 'Active' : 'Disabled'}
          </span>
          {isSuperAdmin && m.user.id !== myId && (
            <button
              type="button"
              className="button button-small button-ghost"
              disabled={busy}
              onClick={() => void toggleUser()}
              aria-label={`${m.user.status === 'active' ? 'Disable' : 'Enable'} the user ${m.user.email} in every org`}
            >
              {m.user.status === 'active' ? 'Disable user' : 'Enable user'}
            </button>
          )}
        </div>
      </td>
      <td className="actions">
        <button type="button" className="button button-small" onClick={showKeys} aria-label={`Keys of ${m.user.email}`}>
          Keys
        </button>
        {!protectedRow && (
          <button
            type="button"
            className="button button-small button-danger-ghost"
            disabled={busy}
            onClick={() => void remove()}
            aria-label={`Remove ${m.user.email}`}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
