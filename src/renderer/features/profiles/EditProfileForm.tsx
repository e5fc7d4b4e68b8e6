import { useState } from 'react';
import type { Profile } from '../../../shared/ipc/contract';
import { ErrorText } from '../../components/ErrorText';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { useAction } from '../../lib/useAction';
import { useProfiles } from '../../stores/profiles';
import { notify } from '../../stores/toasts';

export function EditProfileForm({ profile, onDone }: { profile: Profile; onDone: () => void }) {
  const [name, setName] = useState(profile.name);
  const [url, setUrl] = useState(profile.url ?? '');
  const [credential, setCredential] = useState('');
  const { busy, error, run } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await useProfiles.getState().update({
        id: profile.id,
        ...(typedName(name) !== profile.name ? { name: typedName(name) } : {}),
        ...(profile.backend === 'remote' && url !== (profile.url ?? '') ? { url } : {}),
        ...(profile.backend === 'remote' && credential ? { credential } : {}),
      });
      setCredential('');
      notify('Profile saved.');
      onDone();
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <TextField label="Name" value={name} onChange={setName} required maxLength={80}>
        <NameProblem label="Name" value={name} />
      </TextField>
      <p className="hint">
        Environment: {profile.environment === 'production' ? 'PRODUCTION' : 'sandbox'} (fixed when the profile was
        created).
      </p>
      {profile.backend === 'remote' && (
        <>
          <TextField label="Server URL" type="url" value={url} onChange={setUrl} required />
          <TextField
            label="New API key for the server"
            type="password"
            value={credential}
            onChange={setCredential}
            placeholder={profile.hasCredential ? 'Leave empty to keep the stored one' : ''}
          />
        </>
      )}
      <ErrorText>{error}</ErrorText>
      <FormActions onCancel={onDone} submitLabel="Save" disabled={busy || nameError('Name', name) !== null} />
    </form>
  );
}
