import { useState } from 'react';
import type { Environment } from '../../../shared/domain';
import { api } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { useAction } from '../../lib/useAction';
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
  const [tested, setTested] = useState<ConnectionInfo | null>(null);
  const [openAfter, setOpenAfter] = useState(true);
  const { busy, error, run } = useAction();

  const test = () => {
    setTested(null);
    return run(async () => setTested(await api.testConnection({ url, credential, environment })));
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const profile = await useProfiles
        .getState()
        .create(
          backend === 'local'
            ? { backend, name: typedName(name), environment, demoData }
            : { backend, name: typedName(name), environment, url, credential },
        );
      setCredential('');
      if (openAfter) await useProfiles.getState().switchTo(profile.id);
      notify(`Profile ${profile.name} created.`);
      onDone();
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <TextField label="Name" value={name} onChange={setName} required maxLength={80}>
        <NameProblem label="Name" value={name} />
      </TextField>
      <fieldset className="field-group">
        <legend>Environment</legend>
        <label className="check">
          <input
            type="radio"
            name="env"
            checked={environment === 'sandbox'}
            onChange={() => setEnvironment('sandbox')}
          />{' '}
          Sandbox
        </label>
        <label className="check">
          <input
            type="radio"
            name="env"
            checked={environment === 'production'}
            onChange={() => setEnvironment('production')}
          />{' '}
          Production
        </label>
      </fieldset>
      <fieldset className="field-group">
        <legend>Where keys live</legend>
        <label className="check">
          <input type="radio" name="backend" checked={backend === 'local'} onChange={() => setBackend('local')} /> Local
          database on this computer
        </label>
        <label className="check">
          <input type="radio" name="backend" checked={backend === 'remote'} onChange={() => setBackend('remote')} />{' '}
          Remote Keywarden Core server
        </label>
      </fieldset>
      {backend === 'local' ? (
        <label className="check">
          <input type="checkbox" checked={demoData} onChange={(e) => setDemoData(e.target.checked)} /> Fill with demo
          data
        </label>
      ) : (
        <>
          <TextField
            label="Server URL"
            type="url"
            value={url}
            onChange={(v) => {
              setUrl(v);
              setTested(null);
            }}
            required
            placeholder="https://core.example.com"
          />
          <TextField
            label="API key for the server"
            type="password"
            value={credential}
            onChange={(v) => {
              setCredential(v);
              setTested(null);
            }}
            required
          >
            <small className="hint">Stored only in the OS keychain.</small>
          </TextField>
          <div className="button-row">
            <button type="button" className="button" onClick={() => void test()} disabled={busy || !url || !credential}>
              Test connection
            </button>
          </div>
          {tested && <ConnectionSummary info={tested} />}
        </>
      )}
      {environment === 'production' && (
        <p className="warning-text">
          Production profiles manage live keys and ask for typed confirmation before destructive actions.
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={openAfter} onChange={(e) => setOpenAfter(e.target.checked)} /> Open it now
      </label>
      <ErrorText>{error}</ErrorText>
      <FormActions
        onCancel={onDone}
        submitLabel="Create profile"
        disabled={busy || !name.trim() || nameError('Name', name) !== null}
      />
    </form>
  );
}
