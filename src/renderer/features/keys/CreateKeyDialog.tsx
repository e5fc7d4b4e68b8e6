// Replaces the 28-step manual procedure: every setting of a new key in one form.
// The fields check each other (policy, owner, scopes, expiry), so their state stays here;
// the fields with logic of their own are components: OwnerPicker.tsx, ExpiryField.tsx.
import { useEffect, useState } from 'react';
import type { Labels, Scope } from '../../../shared/domain';
import type { Input } from '../../../shared/ipc/contract';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { DESCRIPTION_MAX, NAME_MAX, SCOPE_HELP, SCOPE_LIST } from '../../lib/constants';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { defaultExpiry, defaultScopes, expiryProblem, keyChoices } from '../../lib/policyRules';
import { useAction } from '../../lib/useAction';
import { useKeys } from '../../stores/keys';
import { useMembers } from '../../stores/members';
import { useOneTimeKey } from '../../stores/oneTimeKey';
import { useOrgs } from '../../stores/orgs';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { policiesSelectors, usePolicies } from '../../stores/policies';
import { useUi } from '../../stores/ui';
import { mayCreateKeys, powerIn } from '../../lib/access';
import { ExpiryField } from './ExpiryField';
import { LabelEditor } from './LabelEditor';
import { OwnerPicker } from './OwnerPicker';

export function CreateKeyDialog() {
  const allOrgs = useOrgs((s) => s.orgs);
  const selectedOrg = useOrgs((s) => s.selectedId);
  const session = useProfiles((s) => s.session);
  const canImpersonate = useProfiles(profilesSelectors.canImpersonate);
  const close = () => useUi.getState().openCreateKey(false);
  // Only orgs where this credential may create a key (rule 2 for members).
  const orgs = allOrgs.filter((o) => mayCreateKeys(session, o));

  const [orgId, setOrgId] = useState<number | null>(
    orgs.some((o) => o.id === selectedOrg) ? selectedOrg : (orgs[0]?.id ?? null),
  );
  // A member's key can only be their own (rule 2): no member list (admins only), no org key.
  const asMember = powerIn(session, orgId) === 'member';
  const me = session?.me;
  const ownerFilter = useKeys((s) => s.filter.owner);
  const [owner, setOwner] = useState<string>(
    asMember && me?.orgUserId != null
      ? String(me.orgUserId)
      : typeof ownerFilter === 'number'
        ? String(ownerFilter)
        : '',
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const policy = usePolicies(policiesSelectors.of(orgId));
  const [scopes, setScopes] = useState<Scope[]>(defaultScopes(null));
  const [labels, setLabels] = useState<Labels>({});
  const [readOnly, setReadOnly] = useState(false);
  const [expires, setExpires] = useState('');
  const [impersonate, setImpersonate] = useState(false);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (orgId !== null && !asMember) useMembers.getState().ensureLoaded(orgId);
    if (orgId !== null) void usePolicies.getState().load(orgId);
  }, [orgId, asMember]);

  // docs/policies-and-labels.md: start from choices the org's policy allows (e.g. the longest expiry it allows).
  const now = Date.now();
  const choices = keyChoices(policy, now);
  useEffect(() => {
    setScopes(defaultScopes(policy));
    const expiry = defaultExpiry(policy, Date.now());
    setExpires(expiry === null ? '' : isoToLocalInput(expiry));
    if (policy && !policy.allowImpersonation) setImpersonate(false);
  }, [policy]);
  useEffect(() => {
    if (choices.orgKeyReason && owner === 'org') setOwner('');
  }, [choices.orgKeyReason, owner]);

  const orgWide = owner === 'org';

  // Create is never disabled without a word: the first thing still missing, in order.
  const why = disabledReason({ orgId, owner, name, scopes, busy });

  const toggleScope = (s: Scope, on: boolean) =>
    setScopes((cur) => (on ? SCOPE_LIST.filter((x) => x === s || cur.includes(x)) : cur.filter((x) => x !== s)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (orgId === null) return setError('Choose an org.');
    if (!owner) return setError('Choose who the key belongs to, or make it org-wide.');
    if (scopes.length === 0) return setError('Choose at least one scope.');
    const expiresAt = expires ? localInputToIso(expires) : null;
    if (expires && !expiresAt) return setError('The expiry date is not valid.');
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return setError('The expiry must be in the future.');
    const broken =
      expiryProblem(keyChoices(policy, Date.now()), expiresAt === null ? null : Date.parse(expiresAt)) ??
      scopes.map((s) => choices.scopeReason(s)).find((r) => r !== null) ??
      (orgWide ? choices.orgKeyReason : null) ??
      (impersonate && !orgWide ? choices.impersonationReason : null);
    if (broken) return setError(broken);
    const settings = {
      name: typedName(name),
      ...(description.trim() ? { description: description.trim() } : {}),
      scopes,
      readOnly,
      ...(expiresAt ? { expiresAt } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
    };
    const input: Input<'createKey'> = orgWide
      ? { kind: 'org', orgId, ...settings }
      : { orgUserId: Number(owner), ...settings, ...(impersonate && canImpersonate ? { canImpersonate: true } : {}) };
    void run(async () => {
      const created = await useKeys.getState().create(input);
      // Opened in the same tick as this dialog closes, so focus lands in the one-time modal.
      useOneTimeKey.getState().show([created]);
      close();
    });
  };

  return (
    <Modal title="New API key" onClose={close} size="lg" testId="create-key-dialog" initialFocus="#ck-name">
      <form className="create-key" onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="ck-org">Org</label>
            <select
              id="ck-org"
              value={orgId ?? ''}
              onChange={(e) => {
                const next = Number(e.target.value);
                setOrgId(next);
                setOwner(powerIn(session, next) === 'member' && me?.orgUserId != null ? String(me.orgUserId) : '');
              }}
            >
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ck-owner">Belongs to</label>
            <OwnerPicker
              orgId={orgId}
              owner={owner}
              setOwner={setOwner}
              asMember={asMember}
              orgKeyReason={choices.orgKeyReason}
            />
          </div>
        </div>
        {orgWide && (
          <div className="callout callout-warn" role="note">
            <strong>Org-wide keys act with full admin power in this org</strong> and belong to no one: they survive
            their creator leaving and cannot impersonate. Prefer a key for a specific member, so access follows that
            person’s role.
          </div>
        )}
        <TextField
          label="Name"
          id="ck-name"
          value={name}
          onChange={setName}
          required
          maxLength={NAME_MAX}
          placeholder="e.g. CI deploy, reporting integration"
        >
          <NameProblem label="Name" value={name} />
        </TextField>
        <label className="field">
          <span>
            Description <small className="hint">(optional)</small>
          </span>
          <textarea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={DESCRIPTION_MAX}
            rows={2}
          />
        </label>
        <fieldset className="field-group">
          <legend>Scopes</legend>
          {SCOPE_LIST.map((s) => {
            const reason = choices.scopeReason(s);
            return (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={scopes.includes(s)}
                  disabled={reason !== null}
                  onChange={(e) => toggleScope(s, e.target.checked)}
                />
                <span>
                  <strong>{s}</strong> <small className="hint">— {reason ?? SCOPE_HELP[s]}</small>
                </span>
              </label>
            );
          })}
        </fieldset>
        <fieldset className="field-group">
          <legend>Permissions</legend>
          <label className="check">
            <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
            <span>
              Read-only <small className="hint">— GET and HEAD requests only</small>
            </span>
          </label>
          {canImpersonate && !orgWide && (
            <label className="check">
              <input
                type="checkbox"
                checked={impersonate}
                disabled={choices.impersonationReason !== null}
                onChange={(e) => setImpersonate(e.target.checked)}
              />
              <span>
                Can impersonate users{' '}
                <small className="hint">
                  —{' '}
                  {choices.impersonationReason ??
                    'act as another active member of the org via the impersonate-user-id header'}
                </small>
              </span>
            </label>
          )}
        </fieldset>
        <ExpiryField value={expires} onChange={setExpires} choices={choices} policy={policy} now={now} />
        <LabelEditor value={labels} onChange={setLabels} />
        <ErrorText>{error}</ErrorText>
        <FormActions onCancel={close} submitLabel="Create key" disabled={why !== ''} describedBy="create-key-why">
          <p id="create-key-why" className="hint button-row-why" data-testid="create-key-why" aria-live="polite">
            {why}
          </p>
        </FormActions>
      </form>
    </Modal>
  );
}

function disabledReason(f: {
  orgId: number | null;
  owner: string;
  name: string;
  scopes: Scope[];
  busy: boolean;
}): string {
  if (f.busy) return 'Creating the key…';
  if (f.orgId === null) return 'Choose an org.';
  const noName = !f.name.trim();
  if (!f.owner)
    return noName ? 'Choose who the key belongs to, and give the key a name.' : 'Choose who the key belongs to.';
  if (noName) return 'Give the key a name.';
  const badName = nameError('Name', f.name);
  if (badName) return `${badName}.`;
  if (f.scopes.length === 0) return 'Choose at least one scope.';
  return '';
}
