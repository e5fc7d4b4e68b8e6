// "Is this key valid, and if not why?" The format and checksum are checked offline first
// (shared parser); only a well-formed key is sent to main for the lookup. The field is
// cleared once checked so the pasted secret does not linger on screen.
import { useState } from 'react';
import type { KeyCheck } from '../../../shared/domain';
import { parseKey } from '../../../shared/keyFormat';
import { api } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useAction } from '../../lib/useAction';
import { profilesSelectors, useProfiles } from '../../stores/profiles';

type Verdict = KeyCheck | { valid: false; code: string; reason: string; start: string | null; offline: true };

/**
 * What people paste: a header line ("Bearer kw_…", "x-api-key: kw_…") or a quoted string
 * from a config file. The key is what is left once those wrappers are taken off.
 */
function cleanPastedKey(raw: string): string {
  let s = raw.trim();
  s = s.replace(/^(authorization\s*:\s*)?bearer\s+/i, '').replace(/^x-api-key\s*:\s*/i, '');
  const q = /^(["'`])(.*)\1[,;]?$/s.exec(s.trim());
  return (q ? q[2] : s).trim();
}

export function KeyCheckView() {
  const environment = useProfiles(profilesSelectors.environment);
  const remote = useProfiles(profilesSelectors.isRemote);
  const [value, setValue] = useState('');
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const { busy, error, setError, run } = useAction();
  const key = cleanPastedKey(value);
  const local = key ? parseKey(key) : null;

  const check = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const parsed = parseKey(key);
    if (!parsed.ok) {
      setVerdict({ valid: false, code: parsed.code, reason: parsed.reason, start: null, offline: true });
      return;
    }
    void run(async () => {
      setVerdict(await api.checkKey({ key }));
      setValue('');
    });
  };

  return (
    <section className="panel keycheck" aria-labelledby="keycheck-title">
      <h1 id="keycheck-title">Check a key</h1>
      <p className="hint">
        Paste a key to see whether it works against this {environment === 'production' ? 'PRODUCTION' : 'sandbox'}{' '}
        profile, and why not. Only its start is ever shown.
        {remote &&
          ' On a remote profile the server is asked with the key itself (the Core API has no side-effect-free check), so a valid key records this check as a use in its last-used time and the audit log.'}
      </p>
      <form className="keycheck-form" onSubmit={check}>
        <label className="field field-wide">
          <span>API key</span>
          <input
            type="password"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setVerdict(null);
            }}
            autoComplete="off"
            spellCheck={false}
            placeholder="kw_test_…"
            data-testid="keycheck-input"
            autoFocus
            aria-describedby="keycheck-live"
          />
        </label>
        <button type="submit" className="button button-primary" disabled={busy || !value}>
          Check
        </button>
      </form>
      <p id="keycheck-live" className="hint" aria-live="polite">
        {local && (local.ok ? `Format and checksum look right (${local.env} key).` : `${local.reason}.`)}
      </p>
      <ErrorText>{error}</ErrorText>
      {verdict && (
        <div
          className={`verdict ${verdict.valid ? 'verdict-ok' : 'verdict-bad'}`}
          role="status"
          data-testid="keycheck-verdict"
        >
          {verdict.valid ? (
            <>
              <strong>Valid.</strong> <code>{verdict.start}…</code> is an enabled {verdict.environment} key.
            </>
          ) : (
            <>
              <strong>
                Not valid: <code>{verdict.code}</code>
              </strong>{' '}
              — {verdict.reason}
              {verdict.start && (
                <>
                  {' '}
                  (key <code>{verdict.start}…</code>)
                </>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
