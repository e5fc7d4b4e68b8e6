import type { InputHTMLAttributes, ReactNode } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the input, inside the label. */
  children?: ReactNode;
};

// Autofill off by default: these fields hold names, URLs and API keys the browser should
// neither remember nor suggest.
export function TextField({ label, value, onChange, children, autoComplete = 'off', ...input }: Props) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} value={value} onChange={(e) => onChange(e.target.value)} autoComplete={autoComplete} />
      {children}
    </label>
  );
}
