// Offboard everywhere (docs/estate.md): type an email, see that person's memberships and
// keys in every profile and org with last use, then deactivate and disable them in one
// run with a result per item. Production needs the email typed.
import { useState } from 'react';
import type { Output } from '../../../shared/ipc/contract';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { askConfirm } from '../../stores/confirm';
import { useEstate } from '../../stores/estate';
import { useUi } from '../../stores/ui';
import { STATUS_LABEL } from './labels';

export function OffboardView() {
  const [email, setEmail] = useState('');
  const [preview, setPreview] = useState<Output<'offboardPreview'> | null>(null);
  const [results, setResults] = useState<Output<'offboardRun'>['results'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const look = async () => {
    setBusy(true);
    setError(null);
    setResults(null);
    try {
      setPreview(await api.offboardPreview({ email }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    if (!preview) return;
    const production = preview.profiles.some(
      (p) => p.environment === 'production' && p.memberships.some((m) => m.blocked === null),
    );
    const typed = await askConfirm({
      title: `Offboard ${preview.email} everywhere`,
      message: 'Every membership shown is deactivated and every key disabled, in every profile.',
      confirmLabel: 'Offboard',
      danger: true,
      ...(production ? { typedName: preview.email } : {}),
    });
    if (typed === null) return;
    setBusy(true);
    try {
      const out = await useEstate.getState().offboard({
        email: preview.email,
        ...(production ? { confirm: typed } : {}),
      });
      setResults(out.results);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const found = preview?.profiles.filter((p) => p.memberships.length > 0) ?? [];
  // What the run would change: memberships this profile's credential may offboard (rule 17).
  const actionable = found.some((p) => p.memberships.some((m) => m.blocked === null));
  return (
    <section className="estate-view" aria-labelledby="offboard-title" data-testid="offboard-view">
      <div className="estate-head">
        <h1 id="offboard-title">Offboard everywhere</h1>
        <button type="button" className="button button-ghost" onClick={() => useUi.getState().show('overview')}>
          ← Overview
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void look();
        }}
      >
        <label className="field offboard-email">
          <span>Email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy || !email}>
          Preview
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <div data-testid="offboard-preview">
          <p>
            {found.length === 0
              ? `${preview.email} has no membership in any profile that could be read.`
              : `${preview.email}: ${found.reduce((n, p) => n + p.memberships.length, 0)} memberships in ${found.length} profiles.`}
          </p>
          <ul className="offboard-list">
            {preview.profiles.map((p) => (
              <li key={p.profileId} data-testid={`offboard-profile-${p.profileName}`}>
                <strong>
                  <span className={`env-dot env-dot-${p.environment}`} aria-hidden="true" />
                  {p.profileName}
                </strong>{' '}
                {p.status !== 'ok' && <span className="tag tag-warn">{STATUS_LABEL[p.status]}</span>}
                {p.note && <span className="hint"> — {p.note}</span>}
                {p.status === 'ok' && !p.note && p.memberships.length === 0 && (
                  <span className="hint"> — no membership here</span>
                )}
                <ul>
                  {p.memberships.map((m) => (
                    <li key={m.orgId}>
                      {m.orgName} — {m.role}, {m.status}; keys:{' '}
                      {m.keys.length === 0
                        ? 'none'
                        : m.keys
                            .map((k) => `${k.name} (${k.status}, last used ${k.lastUsedAt?.slice(0, 10) ?? 'never'})`)
                            .join('; ')}
                      {m.blocked && <strong className="offboard-blocked"> Not offered: {m.blocked}.</strong>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {actionable && (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void run()}>
              Deactivate memberships and disable keys
            </button>
          )}
        </div>
      )}
      {results && (
        <ul className="offboard-results" data-testid="offboard-results">
          {results.map((r) => (
            <li key={`${r.profileId}-${r.target}-${r.orgId}-${r.id}`} data-state={r.state}>
              {r.profileName}: {r.target} {r.name} — {r.state}
              {r.code ? ` (${r.code})` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
