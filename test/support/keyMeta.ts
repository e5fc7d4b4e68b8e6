// A key's metadata as the API returns it, for unit tests of code that reads keys (filters,
// policy rules, reply parsing). The defaults are a plain enabled user key; each test
// overrides what it is about, so what it asserts is visible at the call.
import type { KeyMeta } from '../../src/shared/domain';

export function keyMeta(overrides: Partial<KeyMeta> = {}): KeyMeta {
  return {
    id: 1,
    kind: 'user',
    orgId: 1,
    orgUserId: 1,
    userId: 1,
    name: 'k',
    description: '',
    start: 'kw_test_abcd',
    scopes: ['rest'],
    readOnly: false,
    canImpersonate: false,
    status: 'enabled',
    expiresAt: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    createdBy: 1,
    lastUsedAt: null,
    revokedAt: null,
    rolledTo: null,
    labels: {},
    rolledFrom: null,
    revokeWhenQuietSeconds: null,
    lastUsedFrom: null,
    ...overrides,
  };
}
