import type { Scope } from '../../../shared/domain';
import { SCOPE_LIST } from '../../lib/constants';
import { DEFAULT_FILTER, type OwnerFilter, type StatusFilter } from '../../lib/keyFilters';
import { labelSuggestions, parseLabelFilters } from '../../lib/labelText';
import { useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { useAccess } from '../../lib/useAccess';

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'live', label: 'All but revoked' },
  { value: 'all', label: 'All, incl. revoked' },
  { value: 'enabled', label: 'Enabled' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'expired', label: 'Expired' },
  { value: 'rolled', label: 'Rolled' },
  { value: 'revoked', label: 'Revoked' },
];

export function KeyFiltersBar() {
  const filter = useKeys((s) => s.filter);
  const orgId = useKeys((s) => s.orgId);
  const members = useMembers(membersSelectors.ofOrg(orgId));
  const set = useKeys((s) => s.setFilter);
  // A member's list holds only their own keys: an owner filter would have nothing to choose.
  const isAdmin = useAccess().power === 'admin';
  const changed = JSON.stringify(filter) !== JSON.stringify(DEFAULT_FILTER);
  const items = useKeys((s) => s.items);
  const labelProblem = parseLabelFilters(filter.label);

  const ownerValue = filter.owner === 'any' || filter.owner === 'org' ? filter.owner : String(filter.owner);

  return (
    <div className="filters" role="search" aria-label="Filter keys">
      <label className="field field-search">
        <span>Search</span>
        <input
          type="search"
          value={filter.query}
          onChange={(e) => set({ query: e.target.value })}
          placeholder="Name, start, owner…"
          data-testid="key-search"
        />
      </label>
      <label className="field">
        <span>Status</span>
        <select
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
          data-testid="status-filter"
        >
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Scope</span>
        <select value={filter.scope} onChange={(e) => set({ scope: e.target.value as Scope | 'any' })}>
          <option value="any">Any scope</option>
          {SCOPE_LIST.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {isAdmin && (
        <label className="field">
          <span>Owner</span>
          <select
            value={ownerValue}
            onChange={(e) => {
              const v = e.target.value;
              set({ owner: (v === 'any' || v === 'org' ? v : Number(v)) as OwnerFilter });
            }}
          >
            <option value="any">Anyone</option>
            <option value="org">Org-wide keys</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.user.email}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>Labels</span>
        <input
          type="search"
          value={filter.label}
          list="key-label-filter-suggestions"
          onChange={(e) => set({ label: e.target.value })}
          placeholder="team:payments env"
          data-testid="label-filter"
          aria-invalid={typeof labelProblem === 'string'}
          title={typeof labelProblem === 'string' ? labelProblem : 'key or key:value; several must all match'}
        />
        <datalist id="key-label-filter-suggestions">
          {labelSuggestions(items)
            .slice(0, 50)
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.expiringSoon}
          onChange={(e) => set({ expiringSoon: e.target.checked })}
        />{' '}
        Expiring within 7 days
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.neverUsed} onChange={(e) => set({ neverUsed: e.target.checked })} />{' '}
        Never used
      </label>
      {changed && (
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => useKeys.getState().resetFilter()}
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
