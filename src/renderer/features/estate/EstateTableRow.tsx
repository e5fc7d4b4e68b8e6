// One row of the estate table, in its own file so the table can render only the rows in view.
// Memoised: typing re-renders the table at each keystroke, and only the rows whose data (a new
// page object) or selection changed need to be rendered again.
import { memo } from 'react';
import type { EstateRowView } from '../../../shared/estate';
import type { FindingCode } from '../../../shared/findingCodes';
import { rowId, useEstate } from '../../stores/estate';
import { LabelChips } from '../../components/LabelChips';
import { FINDING_LABEL, KEY_STATE } from './labels';

/** Every row is this tall, so the rows in view are arithmetic on scrollTop (rowWindow.ts). */
export const ESTATE_ROW_HEIGHT = 40;
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const leadFirst = (findings: readonly FindingCode[], lead: FindingCode | undefined): readonly FindingCode[] =>
  lead && findings.includes(lead) ? [lead, ...findings.filter((f) => f !== lead)] : findings;

export const EstateTableRow = memo(function EstateTableRow({
  index,
  row: r,
  lead,
  checked,
}: {
  index: number;
  row: EstateRowView | undefined;
  /** The finding the table is filtered by: shown first, so a narrow cell never hides it. */
  lead?: FindingCode;
  checked: boolean;
}) {
  return (
    <div
      role="row"
      className={`et-row env-row-${r?.environment ?? 'none'}`}
      style={{ transform: `translateY(${index * ESTATE_ROW_HEIGHT}px)` }}
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
            {leadFirst(r.findings, lead).map((f) => (
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
