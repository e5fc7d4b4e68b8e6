// The create dialog's "Belongs to" picker: the org's active members (searchable once there
// are many), the org-wide choice unless the policy forbids it, or only yourself as a member.
import { useState } from 'react';
import { personMatches } from '../../lib/format';
import { membersSelectors, useMembers } from '../../stores/members';
import { useProfiles } from '../../stores/profiles';

export function OwnerPicker(p: {
  orgId: number | null;
  owner: string;
  setOwner: (owner: string) => void;
  /** A member's key can only be their own (rule 2). */
  asMember: boolean;
  /** Why the policy forbids an org-wide key, or null. */
  orgKeyReason: string | null;
}) {
  const { orgId, owner, setOwner, asMember } = p;
  const session = useProfiles((s) => s.session);
  const me = session?.me;
  const members = useMembers(membersSelectors.ofOrg(orgId));
  const membersLoaded = useMembers(membersSelectors.isLoaded(orgId));
  const membersError = useMembers(membersSelectors.error(orgId));
  // Rule 16: a key for a super admin's membership needs a super admin.
  const activeMembers = members.filter(
    (m) => m.status === 'active' && m.user.status === 'active' && (session?.isSuperAdmin || !m.user.isSuperAdmin),
  );
  const [find, setFind] = useState('');
  // Searchable: a thousand emails in one select cannot be scanned.
  const offered = find.trim()
    ? activeMembers.filter((m) => personMatches(m, find) || String(m.id) === owner)
    : activeMembers;
  const placeholder = membersError
    ? `Members could not be loaded: ${membersError}`
    : membersLoaded
      ? 'Choose a member…'
      : 'Loading members…';

  return (
    <>
      {!asMember && activeMembers.length > 8 && (
        <input
          type="search"
          value={find}
          onChange={(e) => setFind(e.target.value)}
          placeholder="Find a member by name or email"
          aria-label="Find a member"
          data-testid="owner-find"
        />
      )}
      <select id="ck-owner" value={owner} onChange={(e) => setOwner(e.target.value)} required data-testid="key-owner">
        {asMember ? (
          <option value={me?.orgUserId ?? ''}>{me?.email ?? 'you'} (you, member)</option>
        ) : (
          <>
            <option value="" disabled>
              {placeholder}
            </option>
            {offered.map((m) => (
              <option key={m.id} value={m.id}>
                {m.user.email} ({m.role}
                {m.user.isSuperAdmin ? ', super admin' : ''})
              </option>
            ))}
            <option value="org" disabled={p.orgKeyReason !== null}>
              Org-wide key (no user){p.orgKeyReason ? ' — not allowed by the org’s policy' : ''}
            </option>
          </>
        )}
      </select>
    </>
  );
}
