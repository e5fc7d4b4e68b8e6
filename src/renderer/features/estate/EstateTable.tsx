// The estate table (docs/estate.md): every key across profiles and orgs, paged from main
// as it scrolls (virtualised: only the visible rows exist), with filters, search, sort,
// multi-select, bulk actions with a result per key, and the CSV export of the inventory.
// Over ~300 lines for now: windowing, selection and the bulk actions share one selection and
// page state; rows are already their own memoised component.
import { memo, useEffect, useRef, useState } from 'react';
import { FINDING_CODES, type FindingCode } from '../../../shared/findingCodes';
import type { EstateRowView, EstateSort } from '../../../shared/estate';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';
import { downloadText } from '../../lib/download';
import { askConfirm } from '../../stores/confirm';
import { ESTATE_PAGE, estateSelectors, rowId, useEstate } from '../../stores/estate';
import { useUi } from '../../stores/ui';
import { FilterBar } from '../../components/FilterBar';
import { LabelChips } from '../../components/LabelChips';
import { FINDING_LABEL, KEY_STATE } from './labels';
import { useRowWindow } from './rowWindow';

const ROW = 40;
// `status` is shown, not sorted by (main sorts by the columns of EstateSort).
const COLUMNS: { id: EstateSort | 'status'; label: string }[] = [
  { id: 'profile', label: 'Profile' },
  { id: 'org', label: 'Org' },
  { id: 'name', label: 'Name / start' },
  { id: 'status', label: 'Status' },
  { id: 'owner', label: 'Owner' },
  { id: 'findings', label: 'Findings' },
  { id: 'lastUsedAt', label: 'Last used' },
  { id: 'expiresAt', label: 'Expires' },
];
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

type Action = 'disable' | 'delete' | 'setExpiry' | 'roll';

export function EstateTable() {
  const overview = useEstate((s) => s.overview);
  const filter = useEstate((s) => s.filter);
  const sort = useEstate((s) => s.sort);
  const total = useEstate((s) => s.total);
  const pages = useEstate((s) => s.pages);
  const shown = useEstate((s) => s.shown);
  const selected = useEstate((s) => s.selected);
  const error = useEstate((s) => s.error);
  const [search, setSearch] = useState(filter.q ?? '');
  const [owner, setOwner] = useState(filter.owner ?? '');
  const [expiry, setExpiry] = useState('');
  const [graceHours, setGraceHours] = useState('24');
  const [result, setResult] = useState<string | null>(null);
  const [failures, setFailures] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!useEstate.getState().overview) void useEstate.getState().loadOverview();
    useEstate.getState().want(0, ESTATE_PAGE);
  }, []);
  // Every keystroke asks main (its search index answers in milliseconds); the store sends
  // only the latest query when typing outruns the replies.
  const narrow = (patch: { q?: string; owner?: string }) => useEstate.getState().setFilter(patch);
  // A new query's rows start from the top; a reload of the same query keeps the scroll.
  const shownQuery = JSON.stringify([shown.filter, shown.sort]);
  const lastShownQuery = useRef(shownQuery);
  useEffect(() => {
    if (lastShownQuery.current !== shownQuery && scrollRef.current) scrollRef.current.scrollTop = 0;
    lastShownQuery.current = shownQuery;
  }, [shownQuery]);

  const { first, last } = useRowWindow(scrollRef, total, ROW, 8);
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);
  useEffect(() => {
    useEstate.getState().want(first, last + 1);
  }, [first, last, pages]);

  // An action is offered when every selected key allows it: a bulk run never includes a key
  // its profile's credential may not change (shared/estateActions.ts).
  const allows = (a: Action) => selected.size > 0 && [...selected.values()].every((s) => s.actions.includes(a));

  const rowAt = (i: number): EstateRowView | undefined => estateSelectors.rowAt(i)(useEstate.getState());
  const profiles = overview?.profiles ?? [];

  const runBulk = async (action: Action) => {
    const ids = [...selected.keys()];
    if (ids.length === 0) return;
    const items = ids.map((id) => {
      const [profileId, keyId] = id.split(':').map(Number);
      return { profileId, keyId };
    });
    const involved = profiles.filter((p) => items.some((i) => i.profileId === p.id));
    // Issue 8 item 15, as in the keys view: a profile's own credential among the keys is named.
    const lockedOut =
      action === 'setExpiry'
        ? []
        : [...new Set([...selected.values()].flatMap((s) => (s.credentialOf === null ? [] : [s.credentialOf])))];
    const lockOut = lockedOut.length
      ? ` Among them is the key ${lockedOut.map((n) => `profile “${n}”`).join(' and ')} signs in with: this locks ${lockedOut.length === 1 ? 'that profile' : 'those profiles'} out.`
      : '';
    const confirm: string[] = [];
    for (const p of involved.filter((x) => x.environment === 'production')) {
      const typed = await askConfirm({
        title: `${action} keys in production profile ${p.name}`,
        message: `Type the profile's name to confirm the production keys of "${p.name}".${lockOut}`,
        confirmLabel: 'Confirm',
        danger: true,
        typedName: p.name,
      });
      if (typed === null) return;
      confirm.push(typed);
    }
    if (involved.every((x) => x.environment !== 'production')) {
      const ok = await askConfirm({
        title: `${action} ${items.length} key${items.length === 1 ? '' : 's'}`,
        message: `Across ${involved.length} profile${involved.length === 1 ? '' : 's'}.${lockOut}`,
        confirmLabel: lockOut ? `${action} and lock out` : 'Go',
        danger: action === 'delete' || lockOut !== '',
      });
      if (ok === null) return;
    }
    setBusy(true);
    setResult(null);
    setFailures([]);
    try {
      const job = await useEstate.getState().runBulk({
        action,
        items,
        confirm,
        ...(action === 'setExpiry' ? { expiresAt: expiry ? new Date(expiry).toISOString() : null } : {}),
        ...(action === 'roll' ? { gracePeriodSeconds: Math.round(Number(graceHours || 0) * 3600) } : {}),
      });
      const done = job.results.filter((r) => r.state === 'done').length;
      const failed = job.results.filter((r) => r.state === 'failed');
      setResult(`${done} done, ${failed.length} failed`);
      setFailures(failed.map((r) => `${r.profileName} key ${r.keyId}: ${r.code} ${r.message ?? ''}`));
    } catch (e) {
      setResult(describeError(e));
    } finally {
      setBusy(false);
    }
  };

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
      <div className="estate-bulk" aria-label="Bulk actions">
        <span data-testid="estate-selected">{selected.size} selected</span>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('disable')}
          onClick={() => void runBulk('disable')}
        >
          Disable
        </button>
        <label className="field field-inline">
          <span>Expiry</span>
          <input type="datetime-local" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('setExpiry')}
          onClick={() => void runBulk('setExpiry')}
        >
          Set expiry
        </button>
        <label className="field field-inline">
          <span>Grace (hours)</span>
          <input type="number" min={0} max={168} value={graceHours} onChange={(e) => setGraceHours(e.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={busy || !allows('roll')}
          onClick={() => void runBulk('roll')}
        >
          Roll
        </button>
        <button
          type="button"
          className="button button-danger-ghost"
          disabled={busy || !allows('delete')}
          onClick={() => void runBulk('delete')}
        >
          Delete
        </button>
        {result && (
          <span role="status" data-testid="estate-bulk-result">
            {result}
          </span>
        )}
      </div>
      {failures.length > 0 && (
        <ul className="estate-failures">
          {failures.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div
        className="estate-table"
        role="grid"
        aria-label="Keys of every profile"
        aria-rowcount={total + 1}
        // The search whose first page is on screen (bench:ui times keystrokes by it).
        data-shown-query={pages.has(0) ? (shown.filter.q ?? '') : undefined}
      >
        <div className="et-row et-header" role="row">
          <div role="columnheader" className="et-cell" />
          {COLUMNS.map((c) => {
            const by = c.id;
            if (by === 'status')
              return (
                <div key={by} role="columnheader" className="et-cell">
                  {c.label}
                </div>
              );
            return (
              <div
                key={by}
                role="columnheader"
                className="et-cell"
                aria-sort={sort.by === by ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort-button" onClick={() => useEstate.getState().sortBy(by)}>
                  {c.label}
                  <span aria-hidden="true">{sort.by === by ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </div>
            );
          })}
        </div>
        <div ref={scrollRef} className="et-scroll" role="rowgroup" data-testid="estate-rows">
          <div className="kt-inner" style={{ height: total * ROW }}>
            {indexes.map((i) => {
              const r = rowAt(i);
              return (
                <EstateTableRow
                  key={i}
                  index={i}
                  row={r}
                  checked={r !== undefined && r.actions.length > 0 && selected.has(rowId(r))}
                />
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

/**
 * One row of the table. Memoised: typing re-renders the table at each keystroke, and only
 * the rows whose data (a new page object) or selection changed need to be rendered again.
 */
const EstateTableRow = memo(function EstateTableRow({
  index,
  row: r,
  checked,
}: {
  index: number;
  row: EstateRowView | undefined;
  checked: boolean;
}) {
  return (
    <div
      role="row"
      className={`et-row env-row-${r?.environment ?? 'none'}`}
      style={{ transform: `translateY(${index * ROW}px)` }}
      data-testid={r ? `estate-row-${r.profileName}-${r.keyId}` : undefined}
    >
      {r ? (
        <>
          <div role="gridcell" className="et-cell">
            {r.actions.length > 0 ? (
              <input
                type="checkbox"
                aria-label={`Select ${r.name}`}
                checked={checked}
                onChange={() =>
                  useEstate.getState().toggle(rowId(r), {
                    actions: r.actions,
                    credentialOf: r.credential ? r.profileName : null,
                  })
                }
              />
            ) : (
              <span
                className="et-readonly"
                data-testid="estate-readonly"
                title={`${r.profileName}’s credential may not change this key`}
              >
                <span aria-hidden="true">🔒</span>
                <span className="visually-hidden">
                  Read-only: {r.profileName}’s credential may not change {r.name}
                </span>
              </span>
            )}
          </div>
          <div role="gridcell" className="et-cell">
            <span className={`env-dot env-dot-${r.environment}`} aria-hidden="true" />
            {r.profileName}
          </div>
          <div role="gridcell" className="et-cell">
            {r.orgName}
          </div>
          <div role="gridcell" className="et-cell" title={r.name}>
            {r.name} <code className="code-tag">{r.start}</code>
          </div>
          <div role="gridcell" className="et-cell" data-testid="estate-state" data-state={r.state}>
            <span className={`badge ${KEY_STATE[r.state].badge}`}>{KEY_STATE[r.state].label}</span>
          </div>
          <div role="gridcell" className="et-cell">
            {r.ownerEmail ?? (r.kind === 'org' ? 'org-wide' : '—')}
          </div>
          <div role="gridcell" className="et-cell">
            {r.findings.map((f) => (
              <span key={f} className="tag tag-warn" title={FINDING_LABEL[f]}>
                {f.toLowerCase().replace(/_/g, ' ')}
              </span>
            ))}
            <LabelChips labels={r.labels} />
          </div>
          <div role="gridcell" className="et-cell">
            {day(r.lastUsedAt)}
          </div>
          <div role="gridcell" className="et-cell">
            {day(r.expiresAt)}
          </div>
        </>
      ) : (
        <div role="gridcell" className="et-cell">
          Loading…
        </div>
      )}
    </div>
  );
});
