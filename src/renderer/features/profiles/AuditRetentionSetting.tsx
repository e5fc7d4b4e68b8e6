// How long local profiles keep per-call audit events (docs/usage-and-rotation.md "Bounded
// audit storage"): the same default as `keywarden serve --audit-retention-days`, 90 days.
// A remote profile's retention is its server's, set where the server runs.
import { useEffect, useId, useState } from 'react';
import { AUDIT_RETENTION_DAYS_DEFAULT, APP_AUDIT_RETENTION_MAX_DAYS } from '../../../shared/vocabulary';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

export function AuditRetentionSetting() {
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();

  useEffect(() => {
    api.appSettings().then(
      (s) => {
        setDays(String(s.auditRetentionDays));
        setSaved(s.auditRetentionDays);
      },
      (e) => setNote(describeError(e)),
    );
  }, []);

  const n = Number(days);
  const valid = /^\d+$/.test(days.trim()) && n >= 1 && n <= APP_AUDIT_RETENTION_MAX_DAYS;
  const save = async () => {
    if (!valid) return;
    try {
      const s = await api.setAppSettings({ auditRetentionDays: n });
      setSaved(s.auditRetentionDays);
      setDays(String(s.auditRetentionDays));
      setNote('Saved');
    } catch (e) {
      setNote(describeError(e));
    }
  };

  return (
    <section className="app-setting" aria-labelledby={`${inputId}-h`} data-testid="audit-retention-setting">
      <h3 id={`${inputId}-h`}>Audit retention (local profiles)</h3>
      <div className="field">
        <label htmlFor={inputId}>Keep per-call audit events for (days)</label>
        <div className="input-with-button">
          <input
            id={inputId}
            inputMode="numeric"
            value={days}
            aria-describedby={hintId}
            aria-invalid={days !== '' && !valid}
            onChange={(e) => {
              setDays(e.target.value);
              setNote(null);
            }}
          />
          <button
            type="button"
            className="button button-small"
            disabled={!valid || n === saved}
            onClick={() => void save()}
          >
            Save
          </button>
        </div>
      </div>
      <p id={hintId} className="hint">
        1 to {APP_AUDIT_RETENTION_MAX_DAYS} days; default {AUDIT_RETENTION_DAYS_DEFAULT}, as{' '}
        <code>keywarden serve --audit-retention-days</code>. Events that changed data are kept for ever. A remote
        profile keeps what its server is set to.
      </p>
      {days !== '' && !valid && (
        <p className="error-text" role="alert">
          Enter a whole number of days from 1 to {APP_AUDIT_RETENTION_MAX_DAYS}.
        </p>
      )}
      {note && <p role="status">{note}</p>}
    </section>
  );
}
