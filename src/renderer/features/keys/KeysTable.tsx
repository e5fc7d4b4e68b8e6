// The keys table, virtualised so only the visible rows exist in the DOM (50,000 keys stay
// smooth). Keyboard: the grid takes focus; arrows, PageUp/PageDown, Home/End move the
// active row, Space selects it, Enter opens its details.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { IndexedKey, SortColumn } from '../../lib/keyFilters';
import { useExports } from '../../stores/exports';
import { useKeys } from '../../stores/keys';
import { KeyRow } from './KeyRow';
import { useUsage } from '../../stores/usage';

/**
 * Asks for the 30-day usage of the rows on screen once they have settled: one batched
 * request per page of rows, not one per row or per scroll event.
 */
function SparkLoader({ ids }: { ids: number[] }) {
  const key = ids.join(',');
  useEffect(() => {
    const t = setTimeout(
      () =>
        useUsage.getState().want(
          key
            ? key
                .split(',')
                .map(Number)
                .filter((n) => n > 0)
            : [],
        ),
      150,
    );
    return () => clearTimeout(t);
  }, [key]);
  return null;
}

const ROW_HEIGHT = 40;

const COLUMNS: { id: SortColumn; label: string }[] = [
  { id: 'name', label: 'Name' },
  { id: 'start', label: 'Start' },
  { id: 'owner', label: 'Owner' },
  { id: 'scopes', label: 'Scopes' },
  { id: 'status', label: 'Status' },
  { id: 'createdAt', label: 'Created' },
  { id: 'lastUsedAt', label: 'Last used' },
  { id: 'expiresAt', label: 'Expires' },
];

interface Props {
  rows: IndexedKey[];
  now: number;
  appliedQuery: string;
  openId: number | null;
  onOpen: (id: number) => void;
  loading: boolean;
  /** Shown instead of "No keys match" when the org has no keys at all (an offer to create one). */
  empty?: React.ReactNode;
}

export function KeysTable({ rows, now, appliedQuery, openId, onOpen, loading, empty }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const selected = useKeys((s) => s.selected);
  const sort = useKeys((s) => s.sort);
  const exported = useExports((s) => s.byKeyId);
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, rows.length - 1);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  let selectedShown = 0;
  for (const r of rows) if (selected.has(r.key.id)) selectedShown++;
  const allShownSelected = rows.length > 0 && selectedShown === rows.length;

  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = selectedShown > 0 && !allShownSelected;
  }, [selectedShown, allShownSelected]);

  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.target !== e.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const handled: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeIndex + 1),
      ArrowUp: () => moveTo(activeIndex - 1),
      PageDown: () => moveTo(activeIndex + page),
      PageUp: () => moveTo(activeIndex - page),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      ' ': () => useKeys.getState().toggle(rows[activeIndex].key.id),
      Enter: () => onOpen(rows[activeIndex].key.id),
    };
    const fn = handled[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const activeRow = rows[activeIndex];
  return (
    <div
      className="keys-table"
      role="grid"
      aria-label="Keys"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      tabIndex={0}
      aria-activedescendant={activeRow ? `key-row-${activeRow.key.id}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="keys-table"
      data-applied-query={appliedQuery}
      data-row-count={rows.length}
    >
      <div className="kt-header" role="row" aria-rowindex={1}>
        <div role="columnheader" className="kt-cell kt-check">
          <input
            ref={selectAllRef}
            type="checkbox"
            aria-label="Select all shown keys"
            checked={allShownSelected}
            disabled={rows.length === 0}
            onChange={(e) =>
              useKeys.getState().setSelected(
                rows.map((r) => r.key.id),
                e.target.checked,
              )
            }
          />
        </div>
        {COLUMNS.map((c) => {
          const sorted = sort.column === c.id;
          return (
            <div
              key={c.id}
              role="columnheader"
              className={`kt-cell kt-${c.id}`}
              aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort-button" onClick={() => useKeys.getState().sortBy(c.id)}>
                {c.label}
                <span className="sort-mark" aria-hidden="true">
                  {sorted ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
      <SparkLoader ids={virtualizer.getVirtualItems().map((v) => rows[v.index]?.key.id ?? 0)} />
      {/* Focusable so the rows scroll from the keyboard with the browser's own keys too
          (axe: scrollable-region-focusable); the grid itself moves the active row. */}
      <div ref={scrollRef} className="kt-scroll" role="rowgroup" tabIndex={0} aria-label="Key rows">
        {rows.length === 0 ? (
          loading ? (
            <p className="kt-empty">Loading keys…</p>
          ) : (
            (empty ?? <p className="kt-empty">No keys match these filters.</p>)
          )
        ) : (
          <div className="kt-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              return (
                <KeyRow
                  key={row.key.id}
                  row={row}
                  index={v.index}
                  top={v.start}
                  now={now}
                  selected={selected.has(row.key.id)}
                  active={v.index === activeIndex}
                  open={row.key.id === openId}
                  exported={exported.has(row.key.id)}
                  onActivate={() => {
                    setActive(v.index);
                    onOpen(row.key.id);
                  }}
                />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
