import { useState } from 'react';
import type { KeyMeta, Labels } from '../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { TextField } from '../../components/TextField';
import { FormActions } from '../../components/FormActions';
import { NameProblem, nameError } from '../../components/NameProblem';
import { typedName } from '../../../shared/text';
import { DESCRIPTION_MAX, NAME_MAX } from '../../lib/constants';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { labelsCell } from '../../lib/labelText';
import { expiryProblem, keyChoices } from '../../lib/policyRules';
import { useAction } from '../../lib/useAction';
import { useKeys } from '../../stores/keys';
import { policiesSelectors, usePolicies } from '../../stores/policies';
import { notify } from '../../stores/toasts';
import { LabelEditor } from './LabelEditor';

export function EditKeyForm({ k, onDone }: { k: KeyMeta; onDone: () => void }) {
  const [name, setName] = useState(k.name);
  const [description, setDescription] = useState(k.description);
  const [expires, setExpires] = useState(k.expiresAt ? isoToLocalInput(Date.parse(k.expiresAt)) : '');
  const [labels, setLabels] = useState<Labels>(k.labels);
  const policy = usePolicies(policiesSelectors.of(k.orgId));
  const choices = keyChoices(policy, Date.now());
  const { busy, error, setError, run } = useAction();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const expiresAt = expires ? localInputToIso(expires) : null;
    if (expires && !expiresAt) return setError('The expiry date is not valid.');
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return setError('The expiry must be in the future.');
    const patch: { name?: string; description?: string; expiresAt?: string | null; labels?: Labels } = {};
    if (typedName(name) !== k.name) patch.name = typedName(name);
    if (description !== k.description) patch.description = description;
    if (expiresAt !== k.expiresAt && !(expiresAt && k.expiresAt && Date.parse(expiresAt) === Date.parse(k.expiresAt)))
      patch.expiresAt = expiresAt;
    if (patch.expiresAt !== undefined) {
      // docs/policies-and-labels.md: a new expiry must follow the org's policy.
      const why = expiryProblem(keyChoices(policy, Date.now()), expiresAt === null ? null : Date.parse(expiresAt));
      if (why) return setError(why);
    }
    if (labelsCell(labels) !== labelsCell(k.labels)) patch.labels = labels;
    if (Object.keys(patch).length === 0) return onDone();
    void run(async () => {
      await useKeys.getState().update({ id: k.id, patch });
      notify('Key updated.');
      onDone();
    });
  };

  return (
    <form
      className="stack"
      onSubmit={submit}
      aria-label="Edit key"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <TextField label="Name" value={name} onChange={setName} required maxLength={NAME_MAX}>
        <NameProblem label="Name" value={name} />
      </TextField>
      <label className="field">
        <span>Description</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={DESCRIPTION_MAX}
          rows={3}
        />
      </label>
      <label className="field">
        <span>
          {choices.noExpiryReason
            ? `Expires (local time). ${choices.noExpiryReason}`
            : 'Expires (local time; empty = never)'}
        </span>
        <input
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          max={choices.latestExpiry === null ? undefined : isoToLocalInput(choices.latestExpiry)}
          required={choices.noExpiryReason !== null}
        />
      </label>
      <LabelEditor value={labels} onChange={setLabels} />
      <ErrorText>{error}</ErrorText>
      <FormActions
        onCancel={onDone}
        submitLabel="Save"
        disabled={busy || !name.trim() || nameError('Name', name) !== null}
      />
    </form>
  );
}
