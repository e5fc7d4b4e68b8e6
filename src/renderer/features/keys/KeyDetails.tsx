// The side panel for one key: everything known about it (never the key itself), and the
// single-key actions.
// Over ~300 lines for now: every section reads the one key and shares its action state; the next
// seam to extract is a section with its own state.
import { useEffect, useRef, useState } from 'react';
import { LabelChips } from '../../components/LabelChips';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, isoToLocalInput, localInputToIso, relative } from '../../lib/format';
import { defaultExpiry, expiryProblem, keyChoices, rollPlan } from '../../lib/policyRules';
import { keyActions, keyState } from '../../lib/keyState';
import { useAudit } from '../../stores/audit';
import { exportsSelectors, useExports } from '../../stores/exports';
import { keysSelectors, useKeys } from '../../stores/keys';
import { policiesSelectors, usePolicies } from '../../stores/policies';
import { notify, notifyError } from '../../stores/toasts';
import { useUi } from '../../stores/ui';
import { keyPermissions } from '../../lib/access';
import { membersSelectors, useMembers } from '../../stores/members';
import { orgsSelectors, useOrgs } from '../../stores/orgs';
import { useProfiles } from '../../stores/profiles';
import { EditKeyForm } from './EditKeyForm';
import { GraceInput, graceSeconds, type GraceValue } from './GraceInput';
import { deleteKey, describeSeconds, rollKey, setKeyStatus } from './keyActions';
import { useEmailOf } from './useKeyRows';
import { UsageChart } from '../usage/UsageChart';
import { RotationPanel } from '../usage/RotationPanel';
import { QUIET_CHOICES } from './keyActions';

export function KeyDetails({ id, now, onClose }: { id: number; now: number; onClose: () => void }) {
  const k = useKeys(keysSelectors.keyById(id));
  const exp = useExports(exportsSelectors.ofKey(id));
  const emailOf = useEmailOf(k?.orgId ?? null);
  const session = useProfiles((s) => s.session);
  const org = useOrgs(orgsSelectors.orgById(k?.orgId));
  const members = useMembers(membersSelectors.ofOrg(k?.orgId ?? null));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  const [grace, setGrace] = useState<GraceValue>({ amount: '0', unit: 'hours' });
  const [busy, setBusy] = useState(false);
  const [quiet, setQuiet] = useState(0);
  const policy = usePolicies(policiesSelectors.of(k?.orgId ?? null));
  const [newExpiry, setNewExpiry] = useState('');

  useEffect(() => {
    headingRef.current?.focus();
    setEditing(false);
  }, [id]);
  const keyOrgId = k?.orgId ?? null;
  useEffect(() => {
    if (keyOrgId !== null) void usePolicies.getState().ensure(keyOrgId);
  }, [keyOrgId]);
  // A roll whose copied expiry would break the policy starts from the longest it allows.
  useEffect(() => {
    const d = defaultExpiry(policy, Date.now());
    setNewExpiry(d === null ? '' : isoToLocalInput(d));
  }, [policy, id]);

  if (!k) return null;
  const state = keyState(k, now);
  const ownerIsSuperAdmin = members.some((m) => m.id === k.orgUserId && m.user.isSuperAdmin);
  // What the key's state allows, narrowed to what this credential may do (rules 2, 4, 17).
  const may = keyPermissions(session, org, k, ownerIsSuperAdmin);
  const can = keyActions(k, now);
  const toggle =
    can.toggle === 'disable'
      ? may.manage
        ? 'disable'
        : null
      : can.toggle === 'enable' && may.enable
        ? 'enable'
        : null;
  const choices = keyChoices(policy, now);
  const plan = rollPlan(policy, k, now);
  const rawGrace = graceSeconds(grace);
  const graceS =
    typeof rawGrace === 'number' && choices.maxGraceSeconds !== null && rawGrace > choices.maxGraceSeconds
      ? `The org’s policy allows at most ${choices.maxGraceSeconds} seconds of grace.`
      : rawGrace;
  const newExpiryIso = plan.needsNewExpiry ? localInputToIso(newExpiry) : null;
  const rollProblem =
    plan.blocked ??
    (typeof graceS === 'string' ? graceS : null) ??
    (plan.needsNewExpiry
      ? newExpiryIso === null
        ? 'Give the new key an expiry: the copied one breaks the org’s policy.'
        : expiryProblem(choices, Date.parse(newExpiryIso))
      : null);
  const owner = k.kind === 'org' ? 'Org-wide key (no user)' : (emailOf(k.orgUserId ?? 0) ?? `member #${k.orgUserId}`);

  // Buttons are aria-disabled, not disabled, while busy: a disabled button drops keyboard
  // focus to <body>, and the confirmation dialog returns focus to the button it came from.
  const act = async (fn: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  const showAudit = () => {
    useAudit.getState().setFilter({ keyId: String(k.id) });
    useUi.getState().show('audit');
  };

  const removeExport = async () => {
    try {
      await useExports.getState().remove(k.id);
      notify('Removed from the keychain.');
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <aside
      className="key-details"
      aria-labelledby="key-details-title"
      data-testid="key-details"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !editing) {
          e.stopPropagation();
          onClose();
          (document.querySelector('[data-testid="keys-table"]') as HTMLElement | null)?.focus();
        }
      }}
    >
      <header className="details-header">
        <h3 id="key-details-title" ref={headingRef} tabIndex={-1}>
          {k.name}
        </h3>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="details-list">
        <dt>Start</dt>
        <dd>
          <code>{k.start}…</code>
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge state={state} />
        </dd>
        <dt>Owner</dt>
        <dd>{owner}</dd>
        <dt>Scopes</dt>
        <dd>
          {k.scopes.join(', ')}
          {k.readOnly ? ' · read-only' : ''}
        </dd>
        <dt>Labels</dt>
        <dd>{Object.keys(k.labels).length ? <LabelChips labels={k.labels} /> : 'None'}</dd>
        <dt>Impersonation</dt>
        <dd>{k.canImpersonate ? 'Can impersonate users' : 'No'}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(k.createdAt)}</dd>
        <dt>Last used</dt>
        <dd>{k.lastUsedAt ? `${formatDateTime(k.lastUsedAt)} (${relative(k.lastUsedAt, now)})` : 'Never'}</dd>
        {k.lastUsedFrom && (
          <>
            <dt>Last used from</dt>
            <dd data-testid="last-used-from">
              {k.lastUsedFrom.ip || 'unknown address'}
              {k.lastUsedFrom.userAgent ? ` · ${k.lastUsedFrom.userAgent}` : ''}
            </dd>
          </>
        )}
        <dt>Expires</dt>
        <dd>{k.expiresAt ? `${formatDateTime(k.expiresAt)} (${relative(k.expiresAt, now)})` : 'No expiry'}</dd>
        {k.rolledTo !== null && (
          <>
            <dt>Replaced by</dt>
            <dd>key #{k.rolledTo}</dd>
          </>
        )}
        {k.rolledFrom !== null && (
          <>
            <dt>Replaces</dt>
            <dd>key #{k.rolledFrom}</dd>
          </>
        )}
        {k.revokeWhenQuietSeconds !== null && !k.revokedAt && (
          <>
            <dt>Revoke when quiet</dt>
            <dd data-testid="revoke-when-quiet">
              after {describeSeconds(k.revokeWhenQuietSeconds)} without use (or when its grace ends)
            </dd>
          </>
        )}
        {k.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>{formatDateTime(k.revokedAt)}</dd>
          </>
        )}
        <dt>Keychain</dt>
        <dd>
          {exp ? (
            <>
              Saved as “{exp.account}” in {exp.service}{' '}
              <button type="button" className="link-button" onClick={() => void removeExport()}>
                Remove
              </button>
            </>
          ) : (
            'Not saved'
          )}
        </dd>
        {k.description && (
          <>
            <dt>Description</dt>
            <dd className="pre-wrap">{k.description}</dd>
          </>
        )}
        <dt>ID</dt>
        <dd>#{k.id}</dd>
      </dl>

      {can.toggle === 'enable' && may.manage && !may.enable && (
        <p className="hint" data-testid="admin-disabled-note">
          An admin disabled this key: only an admin can enable it again.
        </p>
      )}
      {k.rolledTo !== null && <RotationPanel k={k} now={now} />}
      <UsageChart keyId={k.id} />

      {editing ? (
        <EditKeyForm k={k} onDone={() => setEditing(false)} />
      ) : (
        <div className="details-actions">
          {may.manage && state !== 'revoked' && state !== 'rolled' && (
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit…
            </button>
          )}
          {toggle && (
            <button
              type="button"
              className={`button ${toggle === 'disable' ? 'button-warn' : ''}`}
              aria-disabled={busy}
              onClick={() => void act(() => setKeyStatus(k, toggle === 'disable' ? 'disabled' : 'enabled'))}
            >
              {toggle === 'disable' ? 'Disable' : 'Enable'}
            </button>
          )}
          {can.delete && may.manage && (
            <button
              type="button"
              className="button button-danger"
              aria-disabled={busy}
              onClick={() => void act(() => deleteKey(k))}
            >
              Delete…
            </button>
          )}
          {may.audit && (
            <button type="button" className="button button-ghost" onClick={showAudit}>
              Audit entries
            </button>
          )}
          {can.roll && may.roll && (
            <div className="roll-box">
              <GraceInput value={grace} onChange={setGrace} />
              <label className="field-inline">
                Revoke old key when quiet for{' '}
                <select
                  value={quiet}
                  onChange={(e) => setQuiet(Number(e.target.value))}
                  data-testid="revoke-when-quiet-select"
                >
                  {QUIET_CHOICES.map(([s, label]) => (
                    <option key={s} value={s}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              {plan.needsNewExpiry && !plan.blocked && (
                <label className="field">
                  <span>New key expires (the current expiry breaks the org’s policy)</span>
                  <input
                    type="datetime-local"
                    value={newExpiry}
                    onChange={(e) => setNewExpiry(e.target.value)}
                    min={isoToLocalInput(now)}
                    max={choices.latestExpiry === null ? undefined : isoToLocalInput(choices.latestExpiry)}
                    data-testid="roll-new-expiry"
                  />
                </label>
              )}
              <button
                type="button"
                className="button"
                aria-disabled={busy || rollProblem !== null}
                onClick={() =>
                  rollProblem === null &&
                  typeof graceS === 'number' &&
                  void act(() => rollKey(k, graceS, quiet || undefined, newExpiryIso ?? undefined))
                }
              >
                Roll…
              </button>
              {rollProblem !== null && (
                <p className="error-text" role="alert">
                  {rollProblem}
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
