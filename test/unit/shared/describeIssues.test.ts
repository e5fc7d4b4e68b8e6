import { describe, expect, it } from 'vitest';
import { createKeySchema, describeIssues } from '../../../src/shared/domain';

const message = (body: unknown) => {
  const r = createKeySchema.safeParse(body);
  if (r.success) throw new Error('expected a refusal');
  return describeIssues(r.error);
};

describe('describeIssues', () => {
  it('names the wrong field inside a union instead of saying "Invalid input"', () => {
    expect(message({ orgUserId: 1, name: 'x', scopes: ['admin'] })).toBe(
      'scopes.0: each scope must be one of ui, rest, integration',
    );
    expect(message({ orgId: 1, kind: 'org', name: 'x', scopes: [] })).toBe('scopes: must name at least one scope');
    expect(message({ name: 'x' })).toMatch(/^orgUserId: /);
    expect(message(5)).toMatch(/^body: .*expected object/);
  });
});
