// What "Test connection" found, spelled out before the profile is saved: the user should
// see whose credential this is and how much it may do, not only that the server answered.
import type { Output } from '../../../shared/ipc/contract';

export type ConnectionInfo = Output<'testConnection'>;

export function ConnectionSummary({ info }: { info: ConnectionInfo }) {
  const { me, orgs } = info;
  const who = me.email ?? 'an org-wide key (no user)';
  return (
    <div className="stack connection-summary" role="status" data-testid="connection-info">
      <p className="ok-text">Connected.</p>
      <dl className="details-list">
        <dt>Credential of</dt>
        <dd>
          {who}
          {me.isSuperAdmin && (
            <>
              {' '}
              <span className="tag">super admin</span>
            </>
          )}
        </dd>
        {me.currentOrg && (
          <>
            <dt>Key’s org</dt>
            <dd>
              {me.currentOrg.name}
              {me.role ? ` (${me.role})` : ''}
            </dd>
          </>
        )}
        {me.key && (
          <>
            <dt>Key</dt>
            <dd>
              <code>{me.key.start}…</code> · scopes {me.key.scopes.join(', ')}
              {me.key.readOnly ? ' · read-only' : ''}
            </dd>
          </>
        )}
        <dt>Orgs it sees</dt>
        <dd>{orgs.length === 0 ? 'none' : orgs.map((o) => o.name).join(', ')}</dd>
        <dt>Environment</dt>
        <dd>{info.environment === 'production' ? 'PRODUCTION' : 'sandbox'}</dd>
      </dl>
    </div>
  );
}
