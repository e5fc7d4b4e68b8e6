// The org's key policy (docs/policies-and-labels.md) in the Settings tab: admins edit it, members read it.
// Before saving, a dry run says how many existing keys would break it (they are never
// changed, only reported); in production the org's name must be typed to save.
import { describeSeconds } from '../../lib/format';
import { useEffect, useId, useState } from 'react';
import type { Policy, Scope } from '../../../shared/domain';
import { GRACE_MAX_SECONDS, POLICY_LIFETIME_MAX_DAYS } from '../../../shared/vocabulary';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../components/ErrorText';
import { SCOPE_HELP, SCOPE_LIST } from '../../lib/constants';
import { describePolicy } from '../../lib/policyRules';
import { useAction } from '../../lib/useAction';
import { askConfirm } from '../../stores/confirm';
import { policiesSelectors, usePolicies } from '../../stores/policies';
import { powerIn } from '../../lib/access';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { notify } from '../../stores/toasts';

interface Draft {
  maxLifetimeDays: string;
  requireExpiry: boolean;
  maxGraceSeconds: string;
  allowedScopes: Scope[];
  allowOrgKeys: boolean;
  allowImpersonation: boolean;
}

const toDraft = (p: Policy): Draft => ({
  maxLifetimeDays: p.maxLifetimeDays === null ? '' : String(p.maxLifetimeDays),
  requireExpiry: p.requireExpiry,
  maxGraceSeconds: p.maxGraceSeconds === null ? '' : String(p.maxGraceSeconds),
  allowedScopes: [...p.allowedScopes],
  allowOrgKeys: p.allowOrgKeys,
  allowImpersonation: p.allowImpersonation,
});

/** The grace field's seconds (null: no limit), or the sentence saying what is wrong with it. */
function graceOf(text: string): number | null | string {
  const grace = text.trim();
  if (grace && !/^\d{1,6}$/.test(grace)) return 'Maximum grace must be a whole number of seconds.';
  const graceS = grace ? Number(grace) : null;
  if (graceS !== null && graceS > GRACE_MAX_SECONDS)
    return `Maximum grace must be at most ${GRACE_MAX_SECONDS} seconds (7 days), or empty for no limit.`;
  return graceS;
}

/** The policy a draft stands for, or the sentence saying what is wrong with it. */
function fromDraft(d: Draft): Policy | string {
  const lifetime = d.maxLifetimeDays.trim();
  if (lifetime && !/^\d{1,4}$/.test(lifetime)) return 'Maximum lifetime must be a whole number of days.';
  const days = lifetime ? Number(lifetime) : null;
  if (days !== null && (days < 1 || days > POLICY_LIFETIME_MAX_DAYS))
    return `Maximum lifetime must be from 1 to ${POLICY_LIFETIME_MAX_DAYS} days, or empty for no limit.`;
  const graceS = graceOf(d.maxGraceSeconds);
  if (typeof graceS === 'string') return graceS;
  if (d.allowedScopes.length === 0) return 'Allow at least one scope.';
  return {
    maxLifetimeDays: days,
    requireExpiry: d.requireExpiry || days !== null,
    maxGraceSeconds: graceS,
    allowedScopes: SCOPE_LIST.filter((s) => d.allowedScopes.includes(s)),
    allowOrgKeys: d.allowOrgKeys,
    allowImpersonation: d.allowImpersonation,
  };
}

export function PolicyEditor({ orgId, orgName }: { orgId: number; orgName: string }) {
  const policy = usePolicies(policiesSelectors.of(orgId));
  const loadError = usePolicies(policiesSelectors.error(orgId));
  const isAdmin = useProfiles((s) => powerIn(s.session, orgId) === 'admin');
  const production = useProfiles(profilesSelectors.isProduction);
  const [draft, setDraft] = useState<Draft | null>(policy ? toDraft(policy) : null);
  const [preview, setPreview] = useState<{ for: string; violating: number } | null>(null);
  const { busy, error, setError, run } = useAction();
  const ids = useId();

  useEffect(() => {
    void usePolicies.getState().load(orgId);
  }, [orgId]);
  useEffect(() => {
    setDraft(policy ? toDraft(policy) : null);
    setPreview(null);
  }, [policy]);

  if (!policy || !draft)
    return (
      <section className="policy" aria-labelledby={`${ids}-title`}>
        <h3 id={`${ids}-title`}>Key policy</h3>
        {loadError ? <ErrorText>{loadError}</ErrorText> : <p className="hint">Loading the policy…</p>}
      </section>
    );

  if (!isAdmin)
    return (
      <section className="policy" aria-labelledby={`${ids}-title`} data-testid="policy-readonly">
        <h3 id={`${ids}-title`}>Key policy</h3>
        <p className="hint">Only the org’s admins change the policy. It says:</p>
        <ul className="policy-summary">
          {describePolicy(policy).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    );

  const parsed = fromDraft(draft);
  const grace = graceOf(draft.maxGraceSeconds);
  const key = typeof parsed === 'string' ? null : JSON.stringify(parsed);
  const dirty = key !== null && key !== JSON.stringify(policy);
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setError(null);
  };

  const runPreview = async (p: Policy): Promise<number | null> => {
    try {
      const r = await usePolicies.getState().preview(orgId, p);
      setPreview({ for: JSON.stringify(p), violating: r.violating });
      return r.violating;
    } catch (e) {
      setError(describeError(e));
      return null;
    }
  };

  const save = async () => {
    if (typeof parsed === 'string') return setError(parsed);
    const violating = preview?.for === key ? preview.violating : await runPreview(parsed);
    if (violating === null) return;
    const breaking =
      violating === 0
        ? 'No existing key breaks it.'
        : `${violating} existing key${violating === 1 ? '' : 's'} break${violating === 1 ? 's' : ''} this policy; they keep working and are reported as POLICY_VIOLATION.`;
    const typed = await askConfirm({
      title: `Change the key policy of “${orgName}”?`,
      message: `${breaking} New keys, rolls and expiry changes must follow it.`,
      confirmLabel: 'Save policy',
      danger: false,
      ...(production ? { typedName: orgName } : {}),
    });
    if (typed === null) return;
    await run(async () => {
      await usePolicies.getState().save(orgId, parsed, production ? typed : undefined);
      notify('Key policy saved.');
    });
  };

  const lifetimeId = `${ids}-lifetime`;
  const graceId = `${ids}-grace`;
  return (
    <section className="policy" aria-labelledby={`${ids}-title`} data-testid="policy-editor">
      <h3 id={`${ids}-title`}>Key policy</h3>
      <p className="hint">
        Rules every new key, roll and expiry change in this org must follow. Existing keys are never changed by the
        policy; the ones that break it are reported.
      </p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label htmlFor={lifetimeId}>Maximum lifetime (days)</label>
          <input
            id={lifetimeId}
            inputMode="numeric"
            value={draft.maxLifetimeDays}
            placeholder="No limit"
            onChange={(e) => edit({ maxLifetimeDays: e.target.value })}
            aria-describedby={`${lifetimeId}-hint`}
          />
          <p id={`${lifetimeId}-hint`} className="hint">
            Every key must expire within this many days of being made or changed (1–{POLICY_LIFETIME_MAX_DAYS}). Empty:
            no limit. A limit also means every key needs an expiry.
          </p>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.requireExpiry || draft.maxLifetimeDays.trim() !== ''}
            disabled={draft.maxLifetimeDays.trim() !== ''}
            onChange={(e) => edit({ requireExpiry: e.target.checked })}
          />
          <span>
            Every key must have an expiry <small className="hint">— keys that never expire are refused</small>
          </span>
        </label>
        <div className="field">
          <label htmlFor={graceId}>Maximum grace when rolling (seconds)</label>
          <input
            id={graceId}
            inputMode="numeric"
            value={draft.maxGraceSeconds}
            placeholder="No limit (up to 7 days)"
            onChange={(e) => edit({ maxGraceSeconds: e.target.value })}
            aria-describedby={`${graceId}-hint`}
          />
          <p id={`${graceId}-hint`} className="hint">
            {typeof grace === 'number' && grace > 0 && (
              <strong data-testid="policy-grace-as">= {describeSeconds(grace)}. </strong>
            )}
            How long an old key may keep working after a roll, in seconds (3600 = 1 hour). 0: it stops at once. Empty:
            up to 7 days.
          </p>
        </div>
        <fieldset className="field-group">
          <legend>Allowed scopes</legend>
          {SCOPE_LIST.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={draft.allowedScopes.includes(s)}
                onChange={(e) =>
                  edit({
                    allowedScopes: e.target.checked
                      ? [...draft.allowedScopes, s]
                      : draft.allowedScopes.filter((x) => x !== s),
                  })
                }
              />
              <span>
                <strong>{s}</strong> <small className="hint">— {SCOPE_HELP[s]}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.allowOrgKeys}
            onChange={(e) => edit({ allowOrgKeys: e.target.checked })}
          />
          <span>
            Allow org-wide keys <small className="hint">— keys with admin power that belong to no one</small>
          </span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.allowImpersonation}
            onChange={(e) => edit({ allowImpersonation: e.target.checked })}
          />
          <span>
            Allow keys that can impersonate <small className="hint">— when off, super admins are refused too</small>
          </span>
        </label>
        {typeof parsed === 'string' && <p className="error-text">{parsed}</p>}
        {preview && preview.for === key && (
          <p className="callout" role="status" data-testid="policy-preview">
            {preview.violating === 0
              ? 'No existing key breaks this policy.'
              : `${preview.violating} existing key${preview.violating === 1 ? '' : 's'} break${preview.violating === 1 ? 's' : ''} this policy.`}
          </p>
        )}
        <ErrorText>{error}</ErrorText>
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={!dirty || busy}
            onClick={() => {
              setDraft(toDraft(policy));
              setPreview(null);
            }}
          >
            Undo changes
          </button>
          <button
            type="button"
            className="button"
            disabled={typeof parsed === 'string' || busy}
            onClick={() => typeof parsed !== 'string' && void runPreview(parsed)}
          >
            Preview
          </button>
          <button type="submit" className="button button-primary" disabled={!dirty || busy}>
            Save policy…
          </button>
        </div>
      </form>
    </section>
  );
}
