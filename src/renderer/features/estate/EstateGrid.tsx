// The estate's grid: sortable column headers over a scrolled list that renders only the rows
// in view (120,000 keys at the estate's size) and asks main for the pages those rows are on.
// Its own component because the window, the scroll position and the page requests concern
// nothing else in the view.
import { useEffect, useRef } from 'react';
import type { EstateRowView, EstateSort } from '../../../shared/estate';
import { estateSelectors, rowId, useEstate } from '../../stores/estate';
import { useRowWindow } from './rowWindow';
import { ESTATE_ROW_HEIGHT, EstateTableRow } from './EstateTableRow';

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

export function EstateGrid() {
  const sort = useEstate((s) => s.sort);
  const total = useEstate((s) => s.total);
  const pages = useEstate((s) => s.pages);
  const shown = useEstate((s) => s.shown);
  const selected = useEstate((s) => s.selected);
  const scrollRef = useRef<HTMLDivElement>(null);

  // A new query's rows start from the top; a reload of the same query keeps the scroll.
  const shownQuery = JSON.stringify([shown.filter, shown.sort]);
  const lastShownQuery = useRef(shownQuery);
  useEffect(() => {
    if (lastShownQuery.current !== shownQuery && scrollRef.current) scrollRef.current.scrollTop = 0;
    lastShownQuery.current = shownQuery;
  }, [shownQuery]);

  const { first, last } = useRowWindow(scrollRef, total, ESTATE_ROW_HEIGHT, 8);
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);
  useEffect(() => {
    useEstate.getState().want(first, last + 1);
  }, [first, last, pages]);

  const rowAt = (i: number): EstateRowView | undefined => estateSelectors.rowAt(i)(useEstate.getState());

  return (
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
        <div className="kt-inner" style={{ height: total * ESTATE_ROW_HEIGHT }}>
          {indexes.map((i) => {
            const r = rowAt(i);
            return (
              <EstateTableRow
                key={i}
                index={i}
                row={r}
                lead={shown.filter.finding}
                checked={r !== undefined && r.actions.length > 0 && selected.has(rowId(r))}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
