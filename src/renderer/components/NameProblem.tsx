// Rule 18 in the forms (docs/rules.md): the message the API would give, shown while the
// person types, from the same shared check. Forms send `typedName(value)`, the NFC form.
import { nameProblem, typedName } from '../../shared/text';

/** `label: why` when the typed value breaks rule 18, else null. */
export function nameError(label: string, value: string): string | null {
  const why = nameProblem(typedName(value));
  return why ? `${label}: ${why}` : null;
}

export function NameProblem({ label, value }: { label: string; value: string }) {
  const message = nameError(label, value);
  if (!message) return null;
  return (
    <span className="error-text" role="alert">
      {message}
    </span>
  );
}
