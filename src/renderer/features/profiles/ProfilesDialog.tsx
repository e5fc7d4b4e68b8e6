import { useState } from 'react';
import type { Profile } from '../../../shared/ipc/contract';
import { ENVIRONMENT_LABELS } from '../../../shared/vocabulary';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { AuditRetentionSetting } from './AuditRetentionSetting';
import { Modal } from '../../components/Modal';
import { askConfirm } from '../../stores/confirm';
import { useProfiles } from '../../stores/profiles';
import { notify, notifyError } from '../../stores/toasts';
import { useUi } from '../../stores/ui';
import { CreateProfileForm } from './CreateProfileForm';
import { EditProfileForm } from './EditProfileForm';

export function ProfilesDialog() {
  const profiles = useProfiles((s) => s.profiles);
  const currentId = useProfiles((s) => s.currentId);
  const close = () => useUi.getState().openProfiles(false);
  const [mode, setMode] = useState<{ kind: 'list' } | { kind: 'create' } | { kind: 'edit'; profile: Profile }>({
    kind: 'list',
  });
  const [error, setError] = useState<string | null>(null);

  const switchTo = async (p: Profile) => {
    setError(null);
    try {
      await useProfiles.getState().switchTo(p.id);
      notify(`Switched to ${p.name}.`);
      close();
    } catch (e) {
      setError(describeError(e));
    }
  };

  const remove = async (p: Profile) => {
    const typed = await askConfirm({
      title: `Delete profile “${p.name}”?`,
      message:
        p.backend === 'local'
          ? 'The profile and its local database are deleted for good, with every org, member, key and audit entry in it.'
          : 'The profile and its stored credential are removed. The remote server is not touched.',
      confirmLabel: 'Delete profile',
      danger: true,
      typedName: p.name,
      // Every profile asks for its name, sandbox or not: the dialog says why without calling it production.
      typedReason:
        p.environment === 'production'
          ? 'This is a production profile: the name must match exactly.'
          : 'Deleting a profile cannot be undone, so its name must match exactly.',
    });
    if (typed === null) return;
    try {
      await useProfiles.getState().remove(p.id, typed);
      notify(`Profile ${p.name} deleted.`);
    } catch (e) {
      notifyError(e);
    }
  };

  if (mode.kind === 'create') {
    return (
      <Modal key="create" title="New profile" onClose={() => setMode({ kind: 'list' })} testId="profiles-dialog">
        <CreateProfileForm onDone={() => setMode({ kind: 'list' })} />
      </Modal>
    );
  }
  if (mode.kind === 'edit') {
    return (
      <Modal
        key="edit"
        title={`Edit profile “${mode.profile.name}”`}
        onClose={() => setMode({ kind: 'list' })}
        testId="profiles-dialog"
      >
        <EditProfileForm profile={mode.profile} onDone={() => setMode({ kind: 'list' })} />
      </Modal>
    );
  }
  return (
    <Modal
      key="list"
      title="Profiles"
      onClose={close}
      size="lg"
      testId="profiles-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
          <button type="button" className="button button-primary" onClick={() => setMode({ kind: 'create' })}>
            New profile…
          </button>
        </>
      }
    >
      <ErrorText>{error}</ErrorText>
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Environment</th>
            <th scope="col">Backend</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id} className={p.environment === 'production' ? 'row-production' : undefined}>
              <th scope="row" className="cell-wrap">
                {p.name}
                {p.id === currentId && <span className="tag">open</span>}
              </th>
              <td>
                <span className={`env-badge env-badge-${p.environment}`}>{ENVIRONMENT_LABELS[p.environment]}</span>
              </td>
              <td className="cell-wrap">
                {p.backend === 'local' ? 'Local database' : <span title={p.url ?? ''}>Remote: {p.url}</span>}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={p.id === currentId}
                  onClick={() => void switchTo(p)}
                >
                  Open
                </button>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setMode({ kind: 'edit', profile: p })}
                >
                  Edit…
                </button>
                <button
                  type="button"
                  className="button button-small button-danger-ghost"
                  onClick={() => void remove(p)}
                >
                  Delete…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AuditRetentionSetting />
    </Modal>
  );
}
