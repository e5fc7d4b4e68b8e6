// The keys table's rows: indexed once per key (owner label, search text), sorted when the
// data or sort changes, filtered on every keystroke against the already-sorted list.
import { useDeferredValue, useMemo, useRef } from 'react';
import type { KeyMeta } from '../../../shared/domain';
import { filterKeys, sortKeys, type IndexedKey, ownerLabel, searchText } from '../../lib/keyFilters';
import { useNow } from '../../lib/useNow';
import { useKeys } from '../../stores/keys';
import { membersSelectors, useMembers } from '../../stores/members';
import { profilesSelectors, useProfiles } from '../../stores/profiles';

export function useEmailOf(orgId: number | null): (orgUserId: number) => string | undefined {
  const members = useMembers(membersSelectors.ofOrg(orgId));
  // A member cannot read the member list; their own membership is in the session.
  const myOrgUserId = useProfiles(profilesSelectors.myOrgUserId);
  const myEmail = useProfiles(profilesSelectors.myEmail);
  return useMemo(() => {
    const map = new Map(members.map((m) => [m.id, m.user.email]));
    if (myOrgUserId !== null && myEmail !== null && !map.has(myOrgUserId)) map.set(myOrgUserId, myEmail);
    return (id: number) => map.get(id);
  }, [members, myOrgUserId, myEmail]);
}

export function useKeyRows() {
  const orgId = useKeys((s) => s.orgId);
  const items = useKeys((s) => s.items);
  const sort = useKeys((s) => s.sort);
  const filter = useKeys((s) => s.filter);
  const emailOf = useEmailOf(orgId);
  const now = useNow();

  // Pages arrive one after another; only the new keys need indexing.
  const cache = useRef<{ emailOf: typeof emailOf; map: WeakMap<KeyMeta, IndexedKey> }>({ emailOf, map: new WeakMap() });
  if (cache.current.emailOf !== emailOf) cache.current = { emailOf, map: new WeakMap() };

  const indexed = useMemo(() => {
    const { map } = cache.current;
    return items.map((key) => {
      let row = map.get(key);
      if (!row) {
        const owner = ownerLabel(key, emailOf);
        row = { key, owner, text: searchText(key, owner) };
        map.set(key, row);
      }
      return row;
    });
  }, [items, emailOf]);

  const sorted = useMemo(() => sortKeys(indexed, sort, now), [indexed, sort, now]);
  const deferredFilter = useDeferredValue(filter);
  const rows = useMemo(() => filterKeys(sorted, deferredFilter, now), [sorted, deferredFilter, now]);
  return { rows, total: items.length, now, appliedQuery: deferredFilter.query, emailOf };
}
