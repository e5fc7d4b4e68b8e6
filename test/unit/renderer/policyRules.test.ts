// docs/policies-and-labels.md in the app's dialogs: what an org's policy allows, as the create-key and roll
// dialogs read it, and labels as the app's inputs and filters write them.
import { describe, expect, it } from 'vitest';
import {
  addLabel,
  labelSuggestions,
  labelsCell,
  matchesLabels,
  parseLabelFilters,
} from '../../../src/renderer/lib/labelText';
import {
  defaultExpiry,
  defaultScopes,
  describePolicy,
  expiryProblem,
  keyChoices,
  rollPlan,
} from '../../../src/renderer/lib/policyRules';
import { DEFAULT_POLICY, type KeyMeta, type Policy } from '../../../src/shared/domain';
import { keyMeta } from '../../support/keyMeta';

const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const policy = (p: Partial<Policy>): Policy => ({
  ...DEFAULT_POLICY,
  allowedScopes: ['ui', 'rest', 'integration'],
  ...p,
});

const key = (p: Partial<KeyMeta> = {}): KeyMeta => keyMeta({ createdAt: new Date(NOW - DAY).toISOString(), ...p });

describe('policy rules for the dialogs', () => {
  it('the default policy (and none loaded) allows every choice', () => {
    for (const p of [null, policy({})]) {
      const c = keyChoices(p, NOW);
      expect(c.latestExpiry).toBeNull();
      expect(c.noExpiryReason).toBeNull();
      expect(c.orgKeyReason).toBeNull();
      expect(c.impersonationReason).toBeNull();
      expect(c.scopeReason('integration')).toBeNull();
      expect(defaultExpiry(p, NOW)).toBeNull();
      expect(defaultScopes(p)).toEqual(['rest']);
    }
  });

  it('maxLifetimeDays: the default expiry is the maximum, exactly; later or none is a problem', () => {
    const c = keyChoices(policy({ maxLifetimeDays: 30 }), NOW);
    expect(defaultExpiry(policy({ maxLifetimeDays: 30 }), NOW)).toBe(NOW + 30 * DAY);
    expect(expiryProblem(c, NOW + 30 * DAY)).toBeNull();
    expect(expiryProblem(c, NOW + 30 * DAY + 1000)).toMatch(/at the latest/);
    expect(expiryProblem(c, null)).toMatch(/within 30 days/);
  });

  it('requireExpiry: no expiry is refused with the reason, a default expiry is offered', () => {
    const p = policy({ requireExpiry: true });
    expect(keyChoices(p, NOW).noExpiryReason).toMatch(/must have an expiry/);
    expect(defaultExpiry(p, NOW)).not.toBeNull();
  });

  it('allowedScopes: other scopes carry a reason; the default scopes stay within the policy', () => {
    const p = policy({ allowedScopes: ['ui', 'integration'] });
    expect(keyChoices(p, NOW).scopeReason('rest')).toMatch(/allows only ui, integration/);
    expect(keyChoices(p, NOW).scopeReason('ui')).toBeNull();
    expect(defaultScopes(p)).toEqual(['ui']);
  });

  it('allowOrgKeys and allowImpersonation: reasons to show beside the disabled choices', () => {
    const c = keyChoices(policy({ allowOrgKeys: false, allowImpersonation: false }), NOW);
    expect(c.orgKeyReason).toMatch(/org-wide/);
    expect(c.impersonationReason).toMatch(/super admins included/);
  });

  it('maxGraceSeconds is passed on for the roll dialog', () => {
    expect(keyChoices(policy({ maxGraceSeconds: 60 }), NOW).maxGraceSeconds).toBe(60);
  });

  it('a roll needs a new expiry when the copied one breaks the policy, and is blocked when its settings do', () => {
    const p = policy({ maxLifetimeDays: 30, allowedScopes: ['rest'] });
    expect(rollPlan(p, key({ expiresAt: new Date(NOW + DAY).toISOString() }), NOW)).toEqual({
      blocked: null,
      needsNewExpiry: false,
    });
    expect(rollPlan(p, key(), NOW)).toEqual({ blocked: null, needsNewExpiry: true });
    expect(rollPlan(p, key({ scopes: ['rest', 'ui'] }), NOW).blocked).toMatch(/create a new key instead/);
    expect(rollPlan(policy({ allowOrgKeys: false }), key({ kind: 'org' }), NOW).blocked).toMatch(/org-wide/);
  });

  it('describes every setting in plain words', () => {
    const lines = describePolicy(policy({ maxLifetimeDays: 30, allowOrgKeys: false }));
    expect(lines).toHaveLength(6);
    expect(lines.join(' ')).toMatch(/within 30 days.*without an expiry are refused.*Org-wide keys are refused/);
  });
});

describe('labels as text', () => {
  it('addLabel takes key:value and refuses what the engine would', () => {
    expect(addLabel({}, 'team:payments')).toEqual({ team: 'payments' });
    expect(addLabel({ team: 'a' }, 'team:b')).toEqual({ team: 'b' });
    expect(addLabel({}, 'team')).toMatch(/key:value/);
    expect(addLabel({}, 'Team:x')).toMatch(/Label key/);
    expect(addLabel({}, `team:${'x'.repeat(101)}`)).toMatch(/at most 100/);
    expect(addLabel({}, 'team:a\u202eb')).toMatch(/control/);
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']));
    expect(addLabel(ten, 'k11:v')).toMatch(/at most 10/);
  });

  it('filters: key matches any value, key:value exactly, all must match; malformed text says why', () => {
    const f = parseLabelFilters('team:payments env');
    expect(f).toEqual([
      { key: 'team', value: 'payments' },
      { key: 'env', value: null },
    ]);
    expect(matchesLabels({ team: 'payments', env: 'dev' }, f as never)).toBe(true);
    expect(matchesLabels({ team: 'payments' }, f as never)).toBe(false);
    expect(parseLabelFilters('Team')).toMatch(/not a label filter/);
  });

  it('CSV cell and suggestions', () => {
    expect(labelsCell({ team: 'payments', env: 'prod' })).toBe('env:prod; team:payments');
    expect(labelsCell({})).toBe('');
    const keys = [key({ labels: { team: 'a' } }), key({ labels: { team: 'a', env: 'x' } })];
    expect(labelSuggestions(keys)).toEqual(['team:a', 'env:x']);
  });
});

describe('labels in the audit CSV export (docs/policies-and-labels.md: every CSV export)', () => {
  it('has a keyLabels column with the labels of the key an entry is about', async () => {
    const { auditColumns } = await import('../../../src/renderer/features/audit/exportCsv');
    const { toCsv } = await import('../../../src/renderer/lib/csv');
    const labels = new Map([[7, { team: 'payments', env: 'prod' }]]);
    const cols = auditColumns({
      emailOf: () => undefined,
      orgNameOf: () => undefined,
      labelsOf: (id) => labels.get(id),
    });
    const event = {
      id: 1,
      at: new Date(NOW).toISOString(),
      orgId: 1,
      action: 'key.update',
      outcome: 'ok' as const,
      code: null,
      actorUserId: null,
      impersonatorUserId: null,
      keyId: null,
      keyStart: null,
      targetType: 'apiKey',
      targetId: 7,
      hash: null,
    };
    const csv = toCsv([event, { ...event, id: 2, targetId: 8 }], cols);
    const [header, first, second] = csv.trim().split(/\r?\n/);
    expect(header.split(',').at(-1)).toBe('keyLabels');
    expect(first.endsWith(',env:prod; team:payments')).toBe(true);
    expect(second.endsWith(',')).toBe(true);
  });
});
