import { useState } from 'react';
import type { Environment } from '../../../shared/domain';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { useProfiles } from '../../stores/profiles';
import { notify } from '../../stores/toasts';
import { ConnectionSummary, type ConnectionInfo } from './ConnectionSummary';

export function CreateProfileForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('sandbox');
  const [backend, setBackend] = useState<'local' | 'remote'>('local');
  const [demoData, setDemoData] = useState(false);
  const [url, setUrl] = useState('');
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tested, setTested] = useState<ConnectionInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [openAfter, setOpenAfter] = useState(true);

  const test = async () => {
    setError(null);
    setTested(null);
    setBusy(true);
    try {
      setTested(await api.testConnection({ url, credential, environment }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const profile = await useProfiles.getState().create(
        backend === 'local' ? { backend, name, environment, demoData } : { backend, name, environment, url, credential },
      );
      setCredential('');
      if (openAfter) await useProfiles.getState().switchTo(profile.id);
      notify(`Profile ${profile.name} created.`);
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
      <fieldset className="field-group">
        <legend>Environment</legend>
        <label className="check"><input type="radio" name="env" checked={environment === 'sandbox'} onChange={() => setEnvironment('sandbox')} /> Sandbox</label>
        <label className="check"><input type="radio" name="env" checked={environment === 'production'} onChange={() => setEnvironment('production')} /> Production</label>
      </fieldset>
      <fieldset className="field-group">
        <legend>Where keys live</legend>
        <label className="check"><input type="radio" name="backend" checked={backend === 'local'} onChange={() => setBackend('local')} /> Local database on this computer</label>
        <label className="check"><input type="radio" name="backend" checked={backend === 'remote'} onChange={() => setBackend('remote')} /> Remote Keywarden Core server</label>
      </fieldset>
      {backend === 'local' ? (
        <label className="check"><input type="checkbox" checked={demoData} onChange={(e) => setDemoData(e.target.checked)} /> Fill with demo data</label>
      ) : (
        <>
          <label className="field">
            <span>Server URL</span>
            <input type="url" value={url} onChange={(e) => { setUrl(e.target.value); setTested(null); }} required placeholder="https://core.example.com" autoComplete="off" />
          </label>
          <label className="field">
            <span>API key for the server</span>
            <input type="password" value={credential} onChange={(e) => { setCredential(e.target.value); setTested(null); }} required autoComplete="off" />
            <small className="hint">Stored only in the OS keychain.</small>
          </label>
          <div className="button-row">
            <button type="button" className="button" onClick={() => void test()} disabled={busy || !url || !credential}>Test connection</button>
          </div>
          {tested && <ConnectionSummary info={tested} />}
        </>
      )}
      {environment === 'production' && <p className="warning-text">Production profiles manage live keys and ask for typed confirmation before destructive actions.</p>}
      <label className="check"><input type="checkbox" checked={openAfter} onChange={(e) => setOpenAfter(e.target.checked)} /> Open it now</label>
      <ErrorText>{error}</ErrorText>
      <div className="button-row">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>Create profile</button>
      </div>
    </form>
  );
}
