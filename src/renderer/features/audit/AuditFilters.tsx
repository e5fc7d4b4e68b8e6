import { AUDIT_ACTIONS, type AuditOutcome } from '../../../shared/vocabulary';
import { useAudit } from '../../stores/audit';
import { membersSelectors, useMembers } from '../../stores/members';
import { profilesSelectors, useProfiles } from '../../stores/profiles';

export function AuditFilters({ orgId }: { orgId: number | null }) {
  const filter = useAudit((s) => s.filter);
  const set = useAudit((s) => s.setFilter);
  const isSuperAdmin = useProfiles(profilesSelectors.isSuperAdmin);
  const members = useMembers(membersSelectors.ofOrg(orgId));
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    void useAudit.getState().load(orgId);
  };
  const clear = () => {
    useAudit.getState().setFilter({ action: '', outcome: '', keyId: '', actorUserId: '', since: '', until: '' });
    void useAudit.getState().load(orgId);
  };

  return (
    <form className="filters" onSubmit={apply} aria-label="Filter audit events">
      {isSuperAdmin && (
        <label className="field">
          <span>Scope</span>
          <select value={filter.scope} onChange={(e) => set({ scope: e.target.value as 'org' | 'all' })}>
            <option value="org">This org</option>
            <option value="all">All orgs</option>
          </select>
        </label>
      )}
      <label className="field">
        <span>Action</span>
        <input
          list="audit-actions"
          value={filter.action}
          onChange={(e) => set({ action: e.target.value })}
          placeholder="any"
          size={12}
        />
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Outcome</span>
        <select value={filter.outcome} onChange={(e) => set({ outcome: e.target.value as '' | AuditOutcome })}>
          <option value="">Any</option>
          <option value="ok">ok</option>
          <option value="denied">denied</option>
        </select>
      </label>
      <label className="field">
        <span>Key ID</span>
        <input
          inputMode="numeric"
          value={filter.keyId}
          onChange={(e) => set({ keyId: e.target.value })}
          size={6}
          placeholder="any"
        />
      </label>
      <label className="field">
        <span>Actor</span>
        <select value={filter.actorUserId} onChange={(e) => set({ actorUserId: e.target.value })}>
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.userId} value={String(m.userId)}>
              {m.user.email}
            </option>
          ))}
          {filter.actorUserId && !members.some((m) => String(m.userId) === filter.actorUserId) && (
            <option value={filter.actorUserId}>user #{filter.actorUserId}</option>
          )}
        </select>
      </label>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" value={filter.since} onChange={(e) => set({ since: e.target.value })} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="datetime-local" value={filter.until} onChange={(e) => set({ until: e.target.value })} />
      </label>
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Apply
        </button>
        <button type="button" className="button button-ghost" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
