import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime } from '../../lib/format';
import { useAudit } from '../../stores/audit';
import { selectMembers, useMembers } from '../../stores/members';
import { useOrgs } from '../../stores/orgs';
import { selectIsSuperAdmin, useProfiles } from '../../stores/profiles';
import { AuditFilters } from './AuditFilters';
import { exportAuditCsv } from './exportCsv';

export function AuditView() {
  const orgId = useOrgs((s) => s.selectedId);
  const orgs = useOrgs((s) => s.orgs);
  const events = useAudit((s) => s.events);
  const loading = useAudit((s) => s.loading);
  const error = useAudit((s) => s.error);
  const nextCursor = useAudit((s) => s.nextCursor);
  const scope = useAudit((s) => s.filter.scope);
  const isSuperAdmin = useProfiles(selectIsSuperAdmin);
  const members = useMembers(selectMembers(orgId));
  const [exporting, setExporting] = useState<string | null>(null);
  const profileId = useProfiles((s) => s.session?.profile.id);

  useEffect(() => {
    if (!isSuperAdmin && useAudit.getState().filter.scope === 'all') useAudit.getState().setFilter({ scope: 'org' });
    void useAudit.getState().load(orgId);
    if (orgId !== null && !useMembers.getState().byOrg[orgId]) void useMembers.getState().load(orgId);
  }, [orgId, isSuperAdmin, profileId]);

  const emails = new Map(members.map((m) => [m.userId, m.user.email]));
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const actor = (id: number | null) => (id === null ? '—' : (emails.get(id) ?? `user #${id}`));

  const runExport = async () => {
    setExporting('Preparing…');
    try {
      await exportAuditCsv(orgId, { emailOf: (id) => emails.get(id), orgNameOf: (id) => orgNames.get(id) }, (n) =>
        setExporting(`${n.toLocaleString()} events…`),
      );
    } finally {
      setExporting(null);
    }
  };

  return (
    <section className="panel audit-view" aria-labelledby="audit-title">
      <div className="toolbar">
        <h2 id="audit-title">Audit log</h2>
        <span className="count">
          {events.length.toLocaleString()}
          {nextCursor ? '+' : ''} events{scope === 'all' ? ' (all orgs)' : ''}
        </span>
        <div className="toolbar-spacer" />
        <button
          type="button"
          className="button"
          onClick={() => void runExport()}
          disabled={exporting !== null}
          data-testid="audit-export"
        >
          {exporting ?? 'Export CSV'}
        </button>
      </div>
      <AuditFilters orgId={orgId} />
      <ErrorText>{error}</ErrorText>
      <div className="table-scroll">
        <table className="simple-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col">Key</th>
              <th scope="col">Target</th>
              {scope === 'all' && <th scope="col">Org</th>}
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <AuditRow
                key={e.id}
                e={e}
                actor={actor}
                orgName={scope === 'all' ? (e.orgId === null ? '—' : (orgNames.get(e.orgId) ?? `#${e.orgId}`)) : null}
              />
            ))}
          </tbody>
        </table>
        {events.length === 0 && !loading && !error && <p className="kt-empty">No audit events match.</p>}
      </div>
      {nextCursor && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={loading}
            onClick={() => void useAudit.getState().loadMore(orgId)}
          >
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function AuditRow({
  e,
  actor,
  orgName,
}: {
  e: AuditEvent;
  actor: (id: number | null) => string;
  orgName: string | null;
}) {
  return (
    <tr className={e.outcome === 'denied' ? 'row-denied' : undefined}>
      <td className="nowrap">{formatDateTime(e.at)}</td>
      <td>
        <code>{e.action}</code>
      </td>
      <td>
        <span className={`badge badge-outcome-${e.outcome}`}>{e.outcome}</span>
        {e.code && <code className="code-tag">{e.code}</code>}
      </td>
      <td>
        {actor(e.actorUserId)}
        {e.impersonatorUserId !== null && (
          <span className="hint"> (as impersonated by {actor(e.impersonatorUserId)})</span>
        )}
      </td>
      <td>
        {e.keyStart ? <code>{e.keyStart}…</code> : '—'}
        {e.keyId !== null && <span className="hint"> #{e.keyId}</span>}
      </td>
      <td>{e.targetType ? `${e.targetType}${e.targetId !== null ? ` #${e.targetId}` : ''}` : '—'}</td>
      {orgName !== null && <td>{orgName}</td>}
    </tr>
  );
}
