// The filter bar the keys table and the estate table share: a search box, selects, any
// extra fields the table needs, and "Clear filters" once something is set. One shape, one
// landmark (role="search"), so both tables filter the same way for mouse, keyboard and
// screen reader.
import type { ReactNode } from 'react';

export interface FilterSelect {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange(value: string): void;
  testId?: string;
}

export interface FilterBarProps {
  /** Names the search landmark ("Filter keys"). */
  label: string;
  /** Extra class names for the bar (the table's own layout). */
  className?: string;
  search: { label?: string; value: string; placeholder: string; onChange(value: string): void; testId?: string };
  selects?: readonly FilterSelect[];
  /** Fields that are neither the search nor a select (a label filter, checkboxes), after the selects. */
  children?: ReactNode;
  /** Shown only when a filter is set. */
  onClear?: () => void;
  filtered: boolean;
  /** Actions at the bar's end (an export button), after "Clear filters". */
  actions?: ReactNode;
}

export function FilterBar(p: FilterBarProps) {
  return (
    <div className={`filters${p.className ? ` ${p.className}` : ''}`} role="search" aria-label={p.label}>
      <label className="field field-search">
        <span>{p.search.label ?? 'Search'}</span>
        <input
          type="search"
          value={p.search.value}
          onChange={(e) => p.search.onChange(e.target.value)}
          placeholder={p.search.placeholder}
          data-testid={p.search.testId}
        />
      </label>
      {p.selects?.map((s) => (
        <label key={s.label} className="field">
          <span>{s.label}</span>
          <select value={s.value} onChange={(e) => s.onChange(e.target.value)} data-testid={s.testId}>
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      {p.children}
      {p.filtered && p.onClear && (
        <button type="button" className="button button-small button-ghost" onClick={p.onClear}>
          Clear filters
        </button>
      )}
      {p.actions}
    </div>
  );
}
