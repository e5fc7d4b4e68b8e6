// Org key policies (docs/policies-and-labels.md): stored per org, checked whenever a create, roll or
// expiry change would produce a key, and never applied to keys that already exist —
// those are only reported, through the SQL predicate below (the POLICY_VIOLATION finding).
import {
  DEFAULT_POLICY,
  policySchema,
  SCOPES,
  describeIssues,
  type Policy,
  type PolicyPreview,
  type PolicySetting,
  type Scope,
} from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { powerIn, type Actor } from './actor';
import { forbid, type EngineCore } from './core';

const DAY_MS = 86_400_000;

interface PolicyRow {
  org_id: number;
  max_lifetime_days: number | null;
  require_expiry: number;
  max_grace_seconds: number | null;
  allowed_scopes: string;
  allow_org_keys: number;
  allow_impersonation: number;
}

const toPolicy = (r: PolicyRow): Policy => ({
  maxLifetimeDays: r.max_lifetime_days,
  requireExpiry: r.require_expiry === 1,
  maxGraceSeconds: r.max_grace_seconds,
  // Stored in SCOPES order so equal policies read back equal.
  allowedScopes: SCOPES.filter((s) => r.allowed_scopes.split(',').includes(s)),
  allowOrgKeys: r.allow_org_keys === 1,
  allowImpersonation: r.allow_impersonation === 1,
});

/** What a policy looks at in a key that is about to exist. */
export interface KeyShape {
  kind: 'user' | 'org';
  scopes: readonly Scope[];
  canImpersonate: boolean;
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
}

export interface Violation {
  setting: PolicySetting;
  why: string;
}

/** The expiry settings alone: what a `PATCH expiresAt` is checked against. */
export function expiryViolations(policy: Policy, expiresAt: number | null, now: number): Violation[] {
  const out: Violation[] = [];
  if (policy.requireExpiry && expiresAt === null)
    out.push({ setting: 'requireExpiry', why: 'every key in this org must have an expiry' });
  if (policy.maxLifetimeDays !== null) {
    const limit = now + policy.maxLifetimeDays * DAY_MS;
    if (expiresAt === null || expiresAt > limit)
      out.push({
        setting: 'maxLifetimeDays',
        why: `every key in this org must expire within ${policy.maxLifetimeDays} days (by ${new Date(limit).toISOString()})`,
      });
  }
  return out;
}

/** Which settings of `policy` a key of this shape would break at `now`, each with why. */
export function violations(policy: Policy, key: KeyShape, now: number): Violation[] {
  const out = expiryViolations(policy, key.expiresAt, now);
  const denied = key.scopes.filter((s) => !policy.allowedScopes.includes(s));
  if (denied.length)
    out.push({
      setting: 'allowedScopes',
      why: `this org allows only the scopes ${policy.allowedScopes.join(', ')}, not ${denied.join(', ')}`,
    });
  if (!policy.allowOrgKeys && key.kind === 'org')
    out.push({ setting: 'allowOrgKeys', why: 'this org does not allow org (site-wide) keys' });
  if (!policy.allowImpersonation && key.canImpersonate)
    out.push({
      setting: 'allowImpersonation',
      why: 'this org does not allow keys that can impersonate, for super admins neither',
    });
  return out;
}

export function graceViolation(policy: Policy, graceSeconds: number): Violation | null {
  if (policy.maxGraceSeconds === null || graceSeconds <= policy.maxGraceSeconds) return null;
  return {
    setting: 'maxGraceSeconds',
    why: `a roll in this org may give the old key at most ${policy.maxGraceSeconds} seconds of grace`,
  };
}

export const policyError = (found: Violation[]): KeywardenError =>
  new KeywardenError(
    'POLICY_VIOLATION',
    `the org's key policy refuses this: ${found.map((f) => `${f.setting}: ${f.why}`).join('; ')}`,
  );

/** Throws POLICY_VIOLATION naming every broken setting. */
export function enforce(policy: Policy, key: KeyShape, now: number, graceSeconds?: number): void {
  const found = violations(policy, key, now);
  const grace = graceSeconds === undefined ? null : graceViolation(policy, graceSeconds);
  if (grace) found.push(grace);
  if (found.length) throw policyError(found);
}

/** SQL expressions for each setting: stored columns, or bound parameters for a proposed policy. */
interface PolicyColumns {
  maxLifetimeDays: string;
  requireExpiry: string;
  allowedScopes: string;
  allowOrgKeys: string;
  allowImpersonation: string;
}

function breaksSql(k: string, now: string, p: PolicyColumns): string {
  // Scopes are stored comma-separated; a key breaks allowedScopes if it holds one not listed.
  const scopeBreaks = SCOPES.map(
    (s) => `(instr(',' || ${k}.scopes || ',', ',${s},') > 0 AND instr(',' || ${p.allowedScopes} || ',', ',${s},') = 0)`,
  ).join(' OR ');
  return `((${p.requireExpiry} = 1 AND ${k}.expires_at IS NULL)
    OR (${p.maxLifetimeDays} IS NOT NULL AND (${k}.expires_at IS NULL OR ${k}.expires_at > ${now} + ${p.maxLifetimeDays} * ${DAY_MS}))
    OR (${p.allowOrgKeys} = 0 AND ${k}.kind = 'org')
    OR (${p.allowImpersonation} = 0 AND ${k}.can_impersonate = 1)
    OR ${scopeBreaks})`;
}

/**
 * A boolean SQL expression: the api_keys row aliased `k` breaks its org's current
 * policy at the instant `now` (an SQL expression in epoch ms, e.g. a bound parameter).
 * The same test as violations(), for the POLICY_VIOLATION finding (docs/estate.md).
 * maxGraceSeconds is a rule for rolls, not a property of a key, so it is not part of it.
 */
export function keyBreaksPolicySql(k: string, now: string): string {
  return `EXISTS (SELECT 1 FROM org_policies pol WHERE pol.org_id = ${k}.org_id AND ${breaksSql(k, now, {
    maxLifetimeDays: 'pol.max_lifetime_days',
    requireExpiry: 'pol.require_expiry',
    allowedScopes: 'pol.allowed_scopes',
    allowOrgKeys: 'pol.allow_org_keys',
    allowImpersonation: 'pol.allow_impersonation',
  })})`;
}

function parsePolicy(input: unknown): Policy {
  const r = policySchema.safeParse(input);
  if (!r.success) throw new KeywardenError('BAD_REQUEST', describeIssues(r.error));
  return r.data;
}

/** A policy as its statements bind it. */
interface PolicyParams {
  maxLifetimeDays: number | null;
  requireExpiry: 0 | 1;
  maxGraceSeconds: number | null;
  /** In SCOPES order, comma-separated. */
  allowedScopes: string;
  allowOrgKeys: 0 | 1;
  allowImpersonation: 0 | 1;
}

export class Policies {
  private readonly byOrg;
  private readonly upsert;
  private readonly countBreaking;

  constructor(private readonly core: EngineCore) {
    this.byOrg = core.db.prepare<[orgId: number], PolicyRow>('SELECT * FROM org_policies WHERE org_id = ?');
    this.upsert = core.db.prepare<
      PolicyParams & { orgId: number; now: number }
    >(`INSERT INTO org_policies (org_id, max_lifetime_days, require_expiry,
      max_grace_seconds, allowed_scopes, allow_org_keys, allow_impersonation, updated_at)
      VALUES (@orgId, @maxLifetimeDays, @requireExpiry, @maxGraceSeconds, @allowedScopes, @allowOrgKeys, @allowImpersonation, @now)
      ON CONFLICT (org_id) DO UPDATE SET max_lifetime_days = excluded.max_lifetime_days,
      require_expiry = excluded.require_expiry, max_grace_seconds = excluded.max_grace_seconds,
      allowed_scopes = excluded.allowed_scopes, allow_org_keys = excluded.allow_org_keys,
      allow_impersonation = excluded.allow_impersonation, updated_at = excluded.updated_at`);
    this.countBreaking = core.db
      .prepare<Omit<PolicyParams, 'maxGraceSeconds'> & { orgId: number; now: number }, number>(
        `SELECT count(*) FROM api_keys k WHERE k.org_id = @orgId AND k.revoked_at IS NULL AND ${breaksSql('k', '@now', {
          maxLifetimeDays: '@maxLifetimeDays',
          requireExpiry: '@requireExpiry',
          allowedScopes: '@allowedScopes',
          allowOrgKeys: '@allowOrgKeys',
          allowImpersonation: '@allowImpersonation',
        })}`,
      )
      .pluck();
  }

  /** The org's policy, or the default when it never set one. The org must exist. */
  of(orgId: number): Policy {
    const row = this.byOrg.get(orgId);
    return row ? toPolicy(row) : { ...DEFAULT_POLICY, allowedScopes: [...DEFAULT_POLICY.allowedScopes] };
  }

  /** Members of the org may read its policy (docs/policies-and-labels.md). */
  get(actor: Actor, orgId: number): Policy {
    return this.core.read(actor, { action: 'org.policy.read', orgId, targetType: 'org', targetId: orgId }, () => {
      this.core.org(orgId);
      if (powerIn(actor, orgId) === 'none') forbid(`you have no power in org ${orgId}`);
      return this.of(orgId);
    });
  }

  /** Admins of the org (org keys included) replace the whole policy; existing keys stay as they are. */
  put(actor: Actor, orgId: number, input: Policy): Policy {
    return this.core.mutate(
      actor,
      () => ({ action: 'org.policy', orgId, targetType: 'org', targetId: orgId }),
      () => {
        this.core.org(orgId);
        if (powerIn(actor, orgId) !== 'admin') forbid(`only admins of org ${orgId} may change its policy`);
        const policy = parsePolicy(input);
        this.upsert.run({ orgId, now: this.core.now(), ...this.params(policy) });
        return this.of(orgId);
      },
    );
  }

  /** How many of the org's live keys would break `input` now: a dry run, nothing is stored. */
  preview(actor: Actor, orgId: number, input: Policy): PolicyPreview {
    return this.core.read(actor, { action: 'org.policy.preview', orgId, targetType: 'org', targetId: orgId }, () => {
      this.core.org(orgId);
      if (powerIn(actor, orgId) !== 'admin') forbid(`only admins of org ${orgId} may change its policy`);
      const policy = parsePolicy(input);
      const p = this.params(policy);
      const violating = this.countBreaking.get({
        orgId,
        now: this.core.now(),
        maxLifetimeDays: p.maxLifetimeDays,
        requireExpiry: p.requireExpiry,
        allowedScopes: p.allowedScopes,
        allowOrgKeys: p.allowOrgKeys,
        allowImpersonation: p.allowImpersonation,
      });
      return { orgId, violating: violating ?? 0 };
    });
  }

  private params(p: Policy): PolicyParams {
    return {
      maxLifetimeDays: p.maxLifetimeDays,
      requireExpiry: p.requireExpiry ? 1 : 0,
      maxGraceSeconds: p.maxGraceSeconds,
      allowedScopes: SCOPES.filter((s) => p.allowedScopes.includes(s)).join(','),
      allowOrgKeys: p.allowOrgKeys ? 1 : 0,
      allowImpersonation: p.allowImpersonation ? 1 : 0,
    };
  }
}
