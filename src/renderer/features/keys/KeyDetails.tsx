// The side panel for one key: its facts (KeyFacts.tsx), usage and rotation, and the
// single-key actions. The buttons share one action state (one action at a time, focus kept
// while busy), so they stay here together; the roll controls are RollBox.tsx.
import { useEffect, useRef, useState } from 'react';
import { keyActions, keyState } from '../../lib/keyState';
import { useAudit } from '../../stores/audit';
import { keysSelectors, useKeys } from '../../stores/keys';
import { policiesSelectors, usePolicies } from '../../stores/policies';
import { useUi } from '../../stores/ui';
import { keyPermissions } from '../../lib/access';
import { membersSelectors, useMembers } from '../../stores/members';
import { orgsSelectors, useOrgs } from '../../stores/orgs';
import { useProfiles } from '../../stores/profiles';
import { EditKeyForm } from './EditKeyForm';
import { KeyFacts } from './KeyFacts';
import { deleteKey, setKeyStatus } from './keyActions';
import { RollBox, useRollDraft } from './RollBox';
import { UsageChart } from '../usage/UsageChart';
import { RotationPanel } from '../usage/RotationPanel';

export function KeyDetails({ id, now, onClose }: { id: number; now: number; onClose: () => void }) {
  const k = useKeys(keysSelectors.keyById(id));
  const session = useProfiles((s) => s.session);
  const org = useOrgs(orgsSelectors.orgById(k?.orgId));
  const members = useMembers(membersSelectors.ofOrg(k?.orgId ?? null));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const policy = usePolicies(policiesSelectors.of(k?.orgId ?? null));

  useEffect(() => {
    headingRef.current?.focus();
    setEditing(false);
  }, [id]);
  const keyOrgId = k?.orgId ?? null;
  useEffect(() => {
    if (keyOrgId !== null) void usePolicies.getState().ensure(keyOrgId);
  }, [keyOrgId]);
  const rollDraft = useRollDraft(policy, id);

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
      <KeyFacts k={k} now={now} state={state} />

      {can.toggle === 'enable' && may.manage && !may.enable && (
        <p className="hint" data-testid="admin-disabled-note">
          An admin disabled this key: only an admin can enable it again.
        </p>
      )}
      {k.rolledTo !== null && <RotationPanel k={k} now={now} />}
      <UsageChart keyId={k.id} lastUsedAt={k.lastUsedAt} />

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
          {can.roll && may.roll && <RollBox k={k} now={now} policy={policy} draft={rollDraft} busy={busy} act={act} />}
        </div>
      )}
    </aside>
  );
}
