import type { ReactNode } from 'react';

type Props = {
  onCancel: () => void;
  submitLabel: ReactNode;
  disabled: boolean;
  /** The id of the text that says why the submit button is disabled, if the form shows one. */
  describedBy?: string;
  /** Shown in the row before the buttons (e.g. that reason). */
  children?: ReactNode;
};

// The row that ends every form, so they all put Cancel first and submit with the primary button.
export function FormActions({ onCancel, submitLabel, disabled, describedBy, children }: Props) {
  return (
    <div className="button-row">
      {children}
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={disabled} aria-describedby={describedBy}>
        {submitLabel}
      </button>
    </div>
  );
}
