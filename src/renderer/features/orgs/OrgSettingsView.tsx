import { useEffect, useState } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { TextField } from '../../components/TextField';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { formatDateTime } from '../../lib/format';
import { useAccess } from '../../lib/useAccess';
import { useAction } from '../../lib/useAction';
import { orgsSelectors, useOrgs } from '../../stores/orgs';
import { notify } from '../../stores/toasts';
import { PolicyEditor } from './PolicyEditor';

export function OrgSettingsView() {
  const org = useOrgs(orgsSelectors.selectedOrg);
  const [name, setName] = useState(org?.name ?? '');
  const { busy, error, run } = useAction();
  const isAdmin = useAccess().power === 'admin';
  // The switch shows the choice at once; it falls back to the org's value if saving fails.
  const [pendingAllow, setPendingAllow] = useState<boolean | null>(null);

  useEffect(() => setName(org?.name ?? ''), [org?.id, org?.name]);

  if (!org) return <p className="empty-state">Choose an org.</p>;
  // A member may read the org's key policy, and change nothing here.
  if (!isAdmin)
    return (
      <section className="panel settings" aria-labelledby="org-settings-title">
        <h2 id="org-settings-title">Org settings</h2>
        <p className="hint">
          {org.allowUserKeys
            ? 'Members may manage their own keys in this org.'
            : 'Only admins manage keys in this org.'}
        </p>
        <PolicyEditor orgId={org.id} orgName={org.name} />
      </section>
    );

  const save = async (patch: { name?: string; allowUserKeys?: boolean }) => {
    await run(async () => {
      await useOrgs.getState().update(org.id, patch);
      notify('Org settings saved.');
    });
    setPendingAllow(null);
  };

  return (
    <section className="panel settings" aria-labelledby="org-settings-title">
      <h2 id="org-settings-title">Org settings</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && typedName(name) !== org.name && !nameError('Name', name))
            void save({ name: typedName(name) });
        }}
      >
        <TextField label="Name" value={name} onChange={setName} maxLength={200} required>
          <NameProblem label="Name" value={name} />
        </TextField>
        <button
          type="submit"
          className="button"
          disabled={busy || !name.trim() || typedName(name) === org.name || nameError('Name', name) !== null}
        >
          Rename
        </button>
      </form>
      <div className="setting-row">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={pendingAllow ?? org.allowUserKeys}
            aria-disabled={busy}
            onChange={(e) => {
              if (busy) return;
              setPendingAllow(e.target.checked);
              void save({ allowUserKeys: e.target.checked });
            }}
            aria-describedby="allow-user-keys-hint"
          />
          <span>Members may manage their own keys</span>
        </label>
        <p id="allow-user-keys-hint" className="hint">
          When on, a member (not only an admin) can create, disable, enable, roll and delete keys for their own
          membership. A member cannot re-enable a key an admin disabled.
        </p>
      </div>
      <p className="hint">
        Org #{org.id}, created {formatDateTime(org.createdAt)}.
      </p>
      <ErrorText>{error}</ErrorText>
      <PolicyEditor orgId={org.id} orgName={org.name} />
    </section>
  );
}
