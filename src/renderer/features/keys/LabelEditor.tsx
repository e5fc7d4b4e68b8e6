// Edits a key's labels (docs/policies-and-labels.md): chips to remove, one `key:value` box to add, with the
// labels already used in the org suggested.
import { useId, useState } from 'react';
import type { Labels } from '../../../shared/domain';
import { LabelChips } from '../../components/LabelChips';
import { addLabel, labelSuggestions } from '../../lib/labelText';
import { useKeys } from '../../stores/keys';

export function LabelEditor({ value, onChange }: { value: Labels; onChange: (labels: Labels) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The store holds the org's keys: their labels are the suggestions.
  const items = useKeys((s) => s.items);
  const suggestions = labelSuggestions(items)
    .filter((t) => value[t.slice(0, t.indexOf(':'))] !== t.slice(t.indexOf(':') + 1))
    .slice(0, 50);

  const add = () => {
    if (!text.trim()) return;
    const next = addLabel(value, text.trim());
    if (typeof next === 'string') return setProblem(next);
    onChange(next);
    setText('');
    setProblem(null);
  };

  const remove = (key: string) => {
    const next = { ...value };
    delete next[key];
    onChange(next);
  };

  return (
    <div className="field label-editor">
      <label htmlFor={id}>
        Labels <small className="hint">(key:value, e.g. team:payments; at most 10)</small>
      </label>
      <LabelChips labels={value} onRemove={remove} />
      <div className="inline-form">
        <input
          id={id}
          list={`${id}-suggestions`}
          value={text}
          placeholder="team:payments"
          data-testid="label-input"
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="button" className="button button-small" onClick={add}>
          Add label
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="error-text" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
