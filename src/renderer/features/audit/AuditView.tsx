import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { RetryHint } from '../../components/RetryHint';
import { useAutoRetry } from '../../lib/useAutoRetry';
import { countOf, formatDateTime } from '../../lib/format';
import { useAudit } from '../../stores/audit';
import { useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { useOrgs } from '../../stores/orgs';
import { profilesSelectors, useProfiles } from '../../stores/profiles';
import { AuditFilters } from './AuditFilters';
import { exportAuditCsv } from './exportCsv';
import { VerifyChain } from './VerifyChain';

export function AuditView() {
  const orgId = useOrgs((s) => s.selectedId);
  const orgs = useOrgs((s) => s.orgs);
  const events = useAudit((s) => s.events);
  const loading = useAudit((s) => s.loading);
  const error = useAudit((s) => s.error);
  const failed = useAudit((s) => s.failed);
  const nextCursor = useAudit((s) => s.nextCursor);
  const scope = useAudit((s) => s.filter.scope);
  const isSuperAdmin = useProfiles(profilesSelectors.isSuperAdmin);
  const members = useMembers(membersSelectors.ofOrg(orgId));
  const [exporting, setExporting] = useState<string | null>(null);
  const profileId = useProfiles(profilesSelectors.profileId);
  const isLocal = useProfiles((s) => s.session?.profile.backend === 'local');
  const keysOrg = useKeys((s) => s.orgId);
  const keyItems = useKeys((s) => s.items);

  useEffect(() => {
    if (!isSuperAdmin && useAudit.getState().filter.scope === 'all') useAudit.getState().setFilter({ scope: 'org' });
    void useAudit.getState().load(orgId);
    if (orgId !== null) useMembers.getState().ensureLoaded(orgId);
  }, [orgId, isSuperAdmin, profileId]);
  // Key names for the Key and Target columns: the org's keys, as the Keys view has them.
  useEffect(() => {
    if (orgId !== null && keysOrg !== orgId) void useKeys.getState().load(orgId);
  }, [orgId, keysOrg]);
  // The names the events are shown with failed in the same outage: they come back with them.
  useAutoRetry(failed, loading, () => {
    void useAudit.getState().load(orgId);
    if (orgId === null) return;
    useMembers.getState().ensureLoaded(orgId);
    if (useKeys.getState().error) void useKeys.getState().reload();
  });

  const emails = new Map(members.map((m) => [m.userId, m.user.email]));
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const actor = (id: number | null) => (id === null ? '—' : (emails.get(id) ?? `user #${id}`));
  const keyNames = new Map(keysOrg === orgId ? keyItems.map((k) => [k.id, k.name]) : []);
  const keyLabels = new Map(keysOrg === orgId ? keyItems.map((k) => [k.id, k.labels]) : []);
  const names: Names = {
    actor,
    key: (id) => keyNames.get(id),
    target: (e) =>
      targetLabel(e, { key: (id) => keyNames.get(id), user: (id) => emails.get(id), org: (id) => orgNames.get(id) }),
  };

  const runExport = async () => {
    setExporting('Preparing…');
    try {
      const lookups = {
        emailOf: (id: number) => emails.get(id),
        orgNameOf: (id: number) => orgNames.get(id),
        labelsOf: (id: number) => keyLabels.get(id),
      };
      await exportAuditCsv(orgId, lookups, (n) => setExporting(`${n.toLocaleString()} events…`));
    } finally {
      setExporting(null);
    }
  };

  return (
    <section className="panel audit-view" aria-labelledby="audit-title">
      <div className="toolbar">
        <h2 id="audit-title">Audit log</h2>
        <span className="count">
          {nextCursor ? `${events.length.toLocaleString()}+ events` : countOf(events.length, 'event')}
          {scope === 'all' ? ' (all orgs)' : ''}
        </span>
        <div className="toolbar-spacer" />
        {isLocal && <VerifyChain />}
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
      <RetryHint failed={failed} loading={loading} testId="audit-retrying" />
      {/* Focusable so a keyboard can scroll it (axe: scrollable-region-focusable). */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit events">
        <table className="simple-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actor</th>
              <th scope="col" title="The API key the call was made with (none for the app's own changes)">
                Via key
              </th>
              <th scope="col">Target</th>
              {scope === 'all' && <th scope="col">Org</th>}
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <AuditRow
                key={e.id}
                e={e}
                names={names}
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

interface Names {
  actor: (id: number | null) => string;
  key: (id: number) => string | undefined;
  target: (e: AuditEvent) => string;
}

/** What an event was about, by name where we know it ("key “CI deploy”", "ada@acme.example"). */
export function targetLabel(
  e: Pick<AuditEvent, 'targetType' | 'targetId'>,
  n: {
    key: (id: number) => string | undefined;
    user: (id: number) => string | undefined;
    org: (id: number) => string | undefined;
  },
): string {
  if (!e.targetType) return '—';
  const id = e.targetId;
  if (id === null) return e.targetType;
  switch (e.targetType) {
    case 'apiKey': {
      const name = n.key(id);
      return name === undefined ? `key #${id}` : `key “${name}”`;
    }
    case 'user':
      return n.user(id) ?? `user #${id}`;
    case 'org': {
      const name = n.org(id);
      return name === undefined ? `org #${id}` : `org “${name}”`;
    }
    case 'membership':
      return `membership #${id}`;
    case 'file':
      return `file #${id}`;
    default:
      return `${e.targetType} #${id}`;
  }
}

function AuditRow({ e, names, orgName }: { e: AuditEvent; names: Names; orgName: string | null }) {
  const keyName = e.keyId === null ? undefined : names.key(e.keyId);
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
      <td className="cell-wrap">
        {names.actor(e.actorUserId)}
        {e.impersonatorUserId !== null && (
          <span className="hint"> (as impersonated by {names.actor(e.impersonatorUserId)})</span>
        )}
      </td>
      <td className="cell-wrap">
        {keyName !== undefined && <span className="audit-key-name">{keyName} </span>}
        {e.keyStart ? <code>{e.keyStart}…</code> : keyName === undefined ? '—' : null}
        {e.keyId !== null && keyName === undefined && <span className="hint"> #{e.keyId}</span>}
      </td>
      <td className="cell-wrap">{names.target(e)}</td>
      {orgName !== null && <td className="cell-wrap">{orgName}</td>}
    </tr>
  );
}
