import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_FILTER, auditQuery } from '../../../src/renderer/stores/audit';
import { listAuditSchema } from '../../../src/shared/domain';

const build = (patch: Partial<typeof DEFAULT_AUDIT_FILTER>, orgId: number | null = 3) =>
  auditQuery({ ...DEFAULT_AUDIT_FILTER, ...patch }, orgId);

describe('auditQuery', () => {
  it('maps filled filters onto a query main accepts', () => {
    const r = build({
      action: ' key.create ',
      outcome: 'denied',
      keyId: '12',
      actorUserId: '7',
      since: '2026-01-01T00:00',
      until: '2026-02-01T00:00',
    });
    expect('query' in r && r.query).toMatchObject({
      orgId: 3,
      action: 'key.create',
      outcome: 'denied',
      aboutKeyId: 12,
      actorUserId: 7,
    });
    if (!('query' in r)) throw new Error('expected a query');
    expect(listAuditSchema.safeParse(r.query).success).toBe(true);
  });

  it('the Key field asks for the key’s whole story (aboutKeyId), not only calls made with it', () => {
    const r = build({ keyId: '4' });
    expect('query' in r && r.query).toEqual({ orgId: 3, aboutKeyId: 4 });
  });

  it('omits the org for the whole log and leaves empty fields out', () => {
    expect(build({ scope: 'all' }, null)).toEqual({ query: {} });
  });

  it('explains what is wrong instead of sending it', () => {
    expect(build({}, null)).toEqual({ error: 'Choose an org first.' });
    expect(build({ keyId: 'abc' })).toEqual({ error: 'Key ID must be a positive whole number.' });
    expect(build({ actorUserId: '0' })).toEqual({ error: 'Actor user ID must be a positive whole number.' });
    expect(build({ since: '2026-02-01T00:00', until: '2026-01-01T00:00' })).toEqual({
      error: 'The “from” date must be before the “to” date.',
    });
  });
});
