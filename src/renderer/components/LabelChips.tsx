// A key's labels (docs/policies-and-labels.md) as chips, `key: value`, in a stable order.
import type { Labels } from '../../shared/domain';

export function LabelChips({ labels, onRemove }: { labels: Labels; onRemove?: (key: string) => void }) {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return null;
  return (
    <ul className="label-chips" aria-label="Labels">
      {keys.map((k) => (
        <li key={k} className="label-chip" data-testid="label-chip">
          <span className="label-chip-key">{k}</span>
          <span className="label-chip-value">{labels[k]}</span>
          {onRemove && (
            <button
              type="button"
              className="label-chip-remove"
              aria-label={`Remove label ${k}`}
              onClick={() => onRemove(k)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
