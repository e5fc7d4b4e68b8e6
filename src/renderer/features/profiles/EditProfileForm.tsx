import { useState } from 'react';
import type { Profile } from '../../../shared/ipc/contract';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { useProfiles } from '../../stores/profiles';
import { notify } from '../../stores/toasts';

export function EditProfileForm({ profile, onDone }: { profile: Profile; onDone: () => void }) {
  const [name, setName] = useState(profile.name);
  const [url, setUrl] = useState(profile.url ?? '');
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await useProfiles.getState().update({
        id: profile.id,
        ...(name.trim() !== profile.name ? { name: name.trim() } : {}),
        ...(profile.backend === 'remote' && url !== (profile.url ?? '') ? { url } : {}),
        ...(profile.backend === 'remote' && credential ? { credential } : {}),
      });
      setCredential('');
      notify('Profile saved.');
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit}>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoComplete="off" />
      </label>
      <p className="hint">Environment: {profile.environment === 'production' ? 'PRODUCTION' : 'sandbox'} (fixed when the profile was created).</p>
      {profile.backend === 'remote' && (
        <>
          <label className="field">
            <span>Server URL</span>
            <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required autoComplete="off" />
          </label>
          <label className="field">
            <span>New API key for the server</span>
            <input type="password" value={credential} onChange={(e) => setCredential(e.target.value)} autoComplete="off" placeholder={profile.hasCredential ? 'Leave empty to keep the stored one' : ''} />
          </label>
        </>
      )}
      <ErrorText>{error}</ErrorText>
      <div className="button-row">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={busy}>Save</button>
      </div>
    </form>
  );
}
