// The keys table's filters, in the filter bar it shares with the estate table.
import type { Scope } from '../../../shared/domain';
import { SCOPE_LIST } from '../../lib/constants';
import { DEFAULT_FILTER, type OwnerFilter, type StatusFilter } from '../../lib/keyFilters';
import { labelSuggestions, parseLabelFilters } from '../../lib/labelText';
import { useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { useAccess } from '../../lib/useAccess';
import { FilterBar, type FilterSelect } from '../../components/FilterBar';

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

  const selects: FilterSelect[] = [
    {
      label: 'Status',
      value: filter.status,
      options: STATUS_OPTIONS,
      onChange: (v) => set({ status: v as StatusFilter }),
      testId: 'status-filter',
    },
    {
      label: 'Scope',
      value: filter.scope,
      options: [{ value: 'any', label: 'Any scope' }, ...SCOPE_LIST.map((s) => ({ value: s, label: s }))],
      onChange: (v) => set({ scope: v as Scope | 'any' }),
    },
  ];
  if (isAdmin)
    selects.push({
      label: 'Owner',
      value: ownerValue,
      options: [
        { value: 'any', label: 'Anyone' },
        { value: 'org', label: 'Org-wide keys' },
        ...members.map((m) => ({ value: String(m.id), label: m.user.email })),
      ],
      onChange: (v) => set({ owner: (v === 'any' || v === 'org' ? v : Number(v)) as OwnerFilter }),
    });

  return (
    <FilterBar
      label="Filter keys"
      search={{
        value: filter.query,
        placeholder: 'Name, start, owner…',
        onChange: (query) => set({ query }),
        testId: 'key-search',
      }}
      selects={selects}
      filtered={changed}
      onClear={() => useKeys.getState().resetFilter()}
    >
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
    </FilterBar>
  );
}
