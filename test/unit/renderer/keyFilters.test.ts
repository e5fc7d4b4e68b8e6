import { describe, expect, it } from 'vitest';
import type { KeyMeta } from '../../../src/shared/domain';
import {
  DEFAULT_FILTER,
  filterKeys,
  indexKeys,
  ownerLabel,
  sortKeys,
  type KeyFilter,
} from '../../../src/renderer/lib/keyFilters';
import { keyMeta } from '../../support/keyMeta';
import { isExpiringSoon, keyActions, keyState } from '../../../src/renderer/lib/keyState';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

let nextId = 1;
function key(p: Partial<KeyMeta> = {}): KeyMeta {
  const id = nextId++;
  return keyMeta({
    id,
    orgUserId: 10,
    userId: 100,
    name: `key ${id}`,
    start: `kw_test_${String(id).padStart(4, '0')}`,
    createdAt: iso(NOW - 10 * DAY),
    ...p,
  });
}
const emails = new Map([
  [10, 'ada@acme.example'],
  [11, 'grace@acme.example'],
]);
const emailOf = (id: number) => emails.get(id);
const filter = (keys: KeyMeta[], f: Partial<KeyFilter>) =>
  filterKeys(indexKeys(keys, emailOf), { ...DEFAULT_FILTER, ...f }, NOW).map((r) => r.key.name);

describe('keyState', () => {
  it('ranks revoked over rolled over expired over disabled', () => {
    const past = iso(NOW - DAY);
    expect(keyState(key({ revokedAt: past, rolledTo: 9, expiresAt: past, status: 'disabled' }), NOW)).toBe('revoked');
    expect(keyState(key({ rolledTo: 9, expiresAt: past, status: 'disabled' }), NOW)).toBe('rolled');
    expect(keyState(key({ expiresAt: past, status: 'disabled' }), NOW)).toBe('expired');
    expect(keyState(key({ status: 'disabled' }), NOW)).toBe('disabled');
    expect(keyState(key({ expiresAt: iso(NOW + DAY) }), NOW)).toBe('enabled');
  });

  it('counts a key expiring exactly now as expired', () => {
    expect(keyState(key({ expiresAt: iso(NOW) }), NOW)).toBe('expired');
  });

  it('offers only the actions the engine allows', () => {
    expect(keyActions(key({ revokedAt: iso(NOW) }), NOW)).toEqual({ toggle: null, roll: false, delete: false });
    expect(keyActions(key({ rolledTo: 3 }), NOW)).toEqual({ toggle: null, roll: false, delete: true });
    expect(keyActions(key({ status: 'disabled' }), NOW).toggle).toBe('enable');
  });

  it('expiring soon means within 7 days and not yet expired', () => {
    expect(isExpiringSoon(key({ expiresAt: iso(NOW + 6 * DAY) }), NOW)).toBe(true);
    expect(isExpiringSoon(key({ expiresAt: iso(NOW + 8 * DAY) }), NOW)).toBe(false);
    expect(isExpiringSoon(key({ expiresAt: iso(NOW - 1) }), NOW)).toBe(false);
    expect(isExpiringSoon(key(), NOW)).toBe(false);
  });
});

describe('filterKeys', () => {
  const keys = [
    key({ name: 'CI deploy', scopes: ['rest', 'integration'], lastUsedAt: iso(NOW - DAY) }),
    key({ name: 'Reporting', orgUserId: 11, expiresAt: iso(NOW + 2 * DAY) }),
    key({ name: 'Old', expiresAt: iso(NOW - DAY) }),
    key({ name: 'Gone', revokedAt: iso(NOW - DAY) }),
    key({ name: 'Site sync', kind: 'org', orgUserId: null, userId: null, description: 'nightly mirror' }),
  ];

  it('hides revoked keys by default and shows them on request', () => {
    expect(filter(keys, {})).not.toContain('Gone');
    expect(filter(keys, { status: 'all' })).toContain('Gone');
    expect(filter(keys, { status: 'revoked' })).toEqual(['Gone']);
    expect(filter(keys, { status: 'expired' })).toEqual(['Old']);
  });

  it('searches name, owner email, description and start, all terms, case-insensitively', () => {
    expect(filter(keys, { query: 'GRACE' })).toEqual(['Reporting']);
    expect(filter(keys, { query: 'nightly' })).toEqual(['Site sync']);
    expect(filter(keys, { query: 'org-wide' })).toEqual(['Site sync']);
    expect(filter(keys, { query: 'ci  deploy' })).toEqual(['CI deploy']);
    expect(filter(keys, { query: 'ci grace' })).toEqual([]);
    expect(filter(keys, { query: keys[1].start.toUpperCase() })).toEqual(['Reporting']);
  });

  it('issue 8 item 16: a search term starts a word; ids never match as substrings', () => {
    const many = [
      key({ name: 'Service 1 billing' }),
      key({ name: 'Service 49995 billing' }),
      key({ name: 'Service 12 billing' }),
      key({ name: 'Rebilling job' }),
    ];
    // Ids 1…n include "1" and the starts are kw_test_00NN: neither may match "1".
    expect(filter(many, { query: 'service 1 billing' })).toEqual(['Service 1 billing', 'Service 12 billing']);
    expect(filter(many, { query: 'bill' })).not.toContain('Rebilling job');
    expect(filter(many, { query: 'ill' })).toEqual([]);
    expect(filter(many, { query: `#${many[1].id}` })).toEqual(['Service 49995 billing']);
    expect(filter(many, { query: many[2].start.slice(0, 10) })).toContain('Service 12 billing');
    expect(filter(many, { query: many[2].start.slice(5) })).toEqual([]);
  });

  it('filters by scope, owner, expiring soon and never used', () => {
    expect(filter(keys, { scope: 'integration' })).toEqual(['CI deploy']);
    expect(filter(keys, { owner: 'org' })).toEqual(['Site sync']);
    expect(filter(keys, { owner: 11 })).toEqual(['Reporting']);
    expect(filter(keys, { expiringSoon: true })).toEqual(['Reporting']);
    expect(filter(keys, { neverUsed: true })).not.toContain('CI deploy');
  });

  it('labels owners: email, org-wide, or the membership id once it is gone', () => {
    expect(ownerLabel(keys[1], emailOf)).toBe('grace@acme.example');
    expect(ownerLabel(keys[4], emailOf)).toBe('org-wide');
    expect(ownerLabel(key({ orgUserId: 99 }), emailOf)).toBe('member #99');
  });
});

describe('sortKeys', () => {
  const a = key({ name: 'beta', lastUsedAt: iso(NOW - 2 * DAY), createdAt: iso(NOW - 3 * DAY) });
  const b = key({ name: 'Alpha', lastUsedAt: null, createdAt: iso(NOW - 1 * DAY) });
  const c = key({ name: 'gamma', lastUsedAt: iso(NOW - 1 * DAY), createdAt: iso(NOW - 2 * DAY) });
  const rows = indexKeys([a, b, c], emailOf);
  const names = (column: Parameters<typeof sortKeys>[1]['column'], dir: 'asc' | 'desc') =>
    sortKeys(rows, { column, dir }, NOW).map((r) => r.key.name);

  it('sorts text case-insensitively both ways', () => {
    expect(names('name', 'asc')).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names('name', 'desc')).toEqual(['gamma', 'beta', 'Alpha']);
  });

  it('puts never-used keys after every real date, ascending and descending', () => {
    expect(names('lastUsedAt', 'asc')).toEqual(['beta', 'gamma', 'Alpha']);
    expect(names('lastUsedAt', 'desc')).toEqual(['gamma', 'beta', 'Alpha']);
    expect(names('createdAt', 'desc')).toEqual(['Alpha', 'gamma', 'beta']);
  });

  it('breaks ties by id so equal rows keep a stable order', () => {
    const same = indexKeys([key({ name: 'x' }), key({ name: 'x' }), key({ name: 'x' })], emailOf);
    const ids = same.map((r) => r.key.id);
    expect(sortKeys(same, { column: 'name', dir: 'asc' }, NOW).map((r) => r.key.id)).toEqual(ids);
    expect(sortKeys(same, { column: 'name', dir: 'desc' }, NOW).map((r) => r.key.id)).toEqual([...ids].reverse());
  });

  it('does not modify its input', () => {
    const before = rows.map((r) => r.key.id);
    sortKeys(rows, { column: 'name', dir: 'desc' }, NOW);
    expect(rows.map((r) => r.key.id)).toEqual(before);
  });
});
