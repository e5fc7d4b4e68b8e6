// The estate table (docs/estate.md): every key across profiles and orgs, paged from main
// as it scrolls, with filters, search, sort, multi-select, bulk actions with a result per key,
// and the CSV export of the inventory. This file holds the filters and the status line that
// the export and the bulk actions share; the grid (EstateGrid.tsx) and the bulk actions
// (EstateBulkBar.tsx) read the selection and pages from the estate store themselves.
import { useEffect, useState } from 'react';
import { FINDING_CODES, type FindingCode } from '../../../shared/findingCodes';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { downloadText } from '../../lib/download';
import { ESTATE_PAGE, useEstate } from '../../stores/estate';
import { useUi } from '../../stores/ui';
import { FilterBar } from '../../components/FilterBar';
import { EstateBulkBar } from './EstateBulkBar';
import { EstateGrid } from './EstateGrid';
import { FINDING_LABEL } from './labels';

export function EstateTable() {
  const overview = useEstate((s) => s.overview);
  const filter = useEstate((s) => s.filter);
  const sort = useEstate((s) => s.sort);
  const total = useEstate((s) => s.total);
  const error = useEstate((s) => s.error);
  const [search, setSearch] = useState(filter.q ?? '');
  const [owner, setOwner] = useState(filter.owner ?? '');
  const [result, setResult] = useState<string | null>(null);

  useEffect(() => {
    if (!useEstate.getState().overview) void useEstate.getState().loadOverview();
    useEstate.getState().want(0, ESTATE_PAGE);
  }, []);
  // Every keystroke asks main (its search index answers in milliseconds); the store sends
  // only the latest query when typing outruns the replies.
  const narrow = (patch: { q?: string; owner?: string }) => useEstate.getState().setFilter(patch);
  const profiles = overview?.profiles ?? [];

  const exportCsv = async () => {
    try {
      const { csv } = await api.estateExportCsv({ filter, sort });
      downloadText('keywarden-estate.csv', csv);
    } catch (e) {
      setResult(describeError(e));
    }
  };

  return (
    <section className="estate-view" aria-labelledby="estate-title" data-testid="estate-table-view">
      <div className="estate-head">
        <h1 id="estate-title">Estate: every key</h1>
        <button type="button" className="button button-ghost" onClick={() => useUi.getState().show('overview')}>
          ← Overview
        </button>
        <span className="tag" data-testid="estate-total">
          {total.toLocaleString()} keys
        </span>
      </div>
      <FilterBar
        label="Filter the estate"
        className="estate-filters"
        search={{
          value: search,
          placeholder: 'name or start',
          onChange: (v) => {
            setSearch(v);
            narrow({ q: v || undefined });
          },
        }}
        selects={[
          {
            label: 'Finding',
            value: filter.finding ?? '',
            options: [
              { value: '', label: 'Any' },
              ...FINDING_CODES.map((c) => ({ value: c, label: FINDING_LABEL[c] })),
            ],
            onChange: (v) => useEstate.getState().setFilter({ finding: (v || undefined) as FindingCode | undefined }),
            testId: 'filter-finding',
          },
          {
            label: 'Profile',
            value: String(filter.profileIds?.[0] ?? ''),
            options: [{ value: '', label: 'All' }, ...profiles.map((p) => ({ value: String(p.id), label: p.name }))],
            onChange: (v) => useEstate.getState().setFilter({ profileIds: v ? [Number(v)] : undefined }),
          },
          {
            label: 'Environment',
            value: filter.environment ?? '',
            options: [
              { value: '', label: 'Both' },
              { value: 'sandbox', label: 'Sandbox' },
              { value: 'production', label: 'Production' },
            ],
            onChange: (v) =>
              useEstate.getState().setFilter({ environment: (v || undefined) as 'sandbox' | 'production' | undefined }),
          },
        ]}
        filtered={Object.keys(filter).length > 0 || search !== '' || owner !== ''}
        onClear={() => {
          setSearch('');
          setOwner('');
          useEstate.getState().setFilter({
            finding: undefined,
            profileIds: undefined,
            environment: undefined,
            orgs: undefined,
            owner: undefined,
            label: undefined,
            q: undefined,
          });
        }}
        actions={
          <button type="button" className="button" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        }
      >
        <label className="field">
          <span>Owner</span>
          <input
            type="search"
            value={owner}
            onChange={(e) => {
              setOwner(e.target.value);
              narrow({ owner: e.target.value || undefined });
            }}
            placeholder="email"
          />
        </label>
      </FilterBar>
      <EstateBulkBar profiles={profiles} result={result} setResult={setResult} />
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <EstateGrid />
    </section>
  );
}
