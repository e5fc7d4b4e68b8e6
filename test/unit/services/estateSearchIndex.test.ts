// The estate table's search index (src/main/services/estate/searchIndex.ts) answers exactly
// as filtering every row and sorting the survivors would: the plain definition is written
// out here and both are run over the same rows, for every sort in both directions.
import { describe, expect, it } from 'vitest';
import { ESTATE_SORTS, type EstateFilter, type EstateSort } from '../../../src/shared/estate';
import { FINDING_CODES, findingBit } from '../../../src/shared/findings';
import { EstateSearchIndex } from '../../../src/main/services/estate/searchIndex';
import type { Names } from '../../../src/main/services/estate/query';
import type { EstateRow } from '../../../src/main/services/estate/sources';

const names: Names = {
  profile: (id) => ({ name: ['Zeta', 'alpha', 'Beta'][id % 3], environment: id % 2 ? 'sandbox' : 'production' }),
  org: (profileId, orgId) => `Org ${(profileId * 7 + orgId) % 4}`,
};

// Deterministic, with duplicates (ties), missing values, mixed case and a character whose
// lower case is longer than itself (İ), so haystack offsets are tested too.
function makeRows(n: number): EstateRow[] {
  const words = ['Billing', 'reporting', 'SYNC', 'deploy', 'İstanbul export', 'service 10', 'Service 9'];
  return Array.from({ length: n }, (_, i) => ({
    profileId: 1 + (i % 3),
    orgId: 1 + (i % 2),
    keyId: 1000 - i,
    kind: i % 5 === 0 ? 'org' : 'user',
    name: `${words[i % words.length]} ${i % 11}`,
    start: `kw_${(i * 7919).toString(36).slice(0, 4)}`,
    ownerEmail: i % 5 === 0 ? null : `Member${i % 4}@Example.com`,
    userId: i % 5 === 0 ? null : i % 4,
    status: i % 6 === 0 ? 'disabled' : 'enabled',
    expiresAt: i % 3 === 0 ? null : 1_700_000_000_000 + (i % 9) * 1000,
    lastUsedAt: i % 4 === 0 ? null : 1_700_000_000_000 + (i % 5) * 1000,
    createdAt: 1_600_000_000_000 + (i % 13) * 1000,
    mask: (i * 37) % 2048,
    rolled: false,
    labels: i % 7 === 0 ? { team: i % 2 ? 'red' : 'blue' } : null,
    acts: 0,
    credential: false,
  }));
}

const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const bits = (m: number) => m.toString(2).replace(/0/g, '').length;

/** The definition: keep what every filter part allows, sort, missing values last, ties by identity. */
function reference(rows: EstateRow[], f: EstateFilter, by: EstateSort, dir: 'asc' | 'desc'): string[] {
  const q = f.q?.toLowerCase();
  const kept = rows.filter(
    (r) =>
      (f.finding === undefined || (r.mask & findingBit(f.finding)) !== 0) &&
      (!f.profileIds?.length || f.profileIds.includes(r.profileId)) &&
      (f.environment === undefined || names.profile(r.profileId).environment === f.environment) &&
      (!f.orgs?.length || f.orgs.some((o) => o.profileId === r.profileId && o.orgId === r.orgId)) &&
      (!f.owner || (r.ownerEmail ?? '').toLowerCase().includes(f.owner.toLowerCase())) &&
      (!f.label || (r.labels !== null && `team:${r.labels.team}`.startsWith(f.label))) &&
      (!q || r.name.toLowerCase().includes(q) || r.start.toLowerCase().includes(q)),
  );
  const value = (r: EstateRow): string | number | null => {
    switch (by) {
      case 'profile':
        return names.profile(r.profileId).name;
      case 'org':
        return names.org(r.profileId, r.orgId);
      case 'name':
        return r.name;
      case 'owner':
        return r.ownerEmail ?? '\uffff';
      case 'findings':
        return bits(r.mask);
      default:
        return r[by];
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  kept.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const identity = a.profileId - b.profileId || a.keyId - b.keyId;
    if (x === null || y === null) return x === y ? identity : x === null ? 1 : -1;
    const c = typeof x === 'string' ? COLLATOR.compare(x, y as string) : x - (y as number);
    return sign * c || identity;
  });
  return kept.map((r) => `${r.profileId}:${r.keyId}`);
}

const FILTERS: EstateFilter[] = [
  {},
  { q: 'SERVICE 1' },
  { q: 'i\u0307stanbul' },
  { q: 'stanbul export 3' },
  { q: 'kw_' },
  { q: 'nothing like it' },
  { q: '1\u0000kw' },
  { finding: FINDING_CODES[3] },
  { profileIds: [2] },
  { environment: 'production', q: 'o' },
  { orgs: [{ profileId: 1, orgId: 2 }] },
  { owner: 'MEMBER1' },
  { label: 'team:red' },
  { label: 'team' },
  { q: 'e', owner: 'member', finding: FINDING_CODES[0], environment: 'sandbox' },
];

describe('estate search index', () => {
  const rows = makeRows(400);
  const index = new EstateSearchIndex(rows, names);

  for (const by of ESTATE_SORTS)
    for (const dir of ['asc', 'desc'] as const)
      it(`sorted by ${by} ${dir}: every filter keeps and orders the rows as the definition does`, () => {
        for (const f of FILTERS) {
          const got = [...index.select(f, { by, dir })].map((i) => `${index.rows[i].profileId}:${index.rows[i].keyId}`);
          expect(got, JSON.stringify(f)).toEqual(reference(rows, f, by, dir));
        }
      });

  it('typing a search on, erasing it and typing another answers each keystroke as the definition does', () => {
    // A fresh index: the steps are answered by narrowing recent answers and finding them again.
    const typing = new EstateSearchIndex(rows, names);
    const word = 'Service 1';
    const steps = [...word].map((_, i) => word.slice(0, i + 1));
    for (const q of [...steps, ...steps.reverse(), 'd', 'de', 'dep', 'de', 'e'])
      for (const filter of [{ q }, { q, owner: 'member2' }]) {
        const got = [...typing.select(filter, { by: 'expiresAt', dir: 'desc' })];
        expect(
          got.map((i) => `${typing.rows[i].profileId}:${typing.rows[i].keyId}`),
          JSON.stringify(filter),
        ).toEqual(reference(rows, filter, 'expiresAt', 'desc'));
      }
  });

  it('a search matches within a row only, never across two rows or from name into start', () => {
    const two = new EstateSearchIndex(
      [
        { ...rows[0], profileId: 1, keyId: 1, name: 'abc', start: 'xyz' },
        { ...rows[0], profileId: 1, keyId: 2, name: 'def', start: 'uvw' },
      ],
      names,
    );
    expect(two.select({ q: 'zde' }).length).toBe(0);
    expect(two.select({ q: 'cx' }).length).toBe(0);
    expect(two.select({ q: 'XY' }).length).toBe(1);
  });
});
