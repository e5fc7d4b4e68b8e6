// The renderer mirrors a few constants to keep zod out of its bundle; they must not drift.
import { describe, expect, it } from 'vitest';
import * as domain from '../../../src/shared/domain';
import { DEFAULT_SCOPES, DESCRIPTION_MAX, GRACE_MAX_SECONDS, NAME_MAX, SCOPE_LIST } from '../../../src/renderer/lib/constants';

describe('renderer constants', () => {
  it('match src/shared/domain.ts', () => {
    expect(SCOPE_LIST).toEqual(domain.SCOPES);
    expect(GRACE_MAX_SECONDS).toBe(domain.GRACE_MAX_SECONDS);
    expect(NAME_MAX).toBe(domain.NAME_MAX);
    expect(DESCRIPTION_MAX).toBe(domain.DESCRIPTION_MAX);
    expect(domain.createKeySchema.parse({ orgUserId: 1, name: 'x', scopes: [...DEFAULT_SCOPES] }).scopes).toEqual(['rest']);
  });
});
