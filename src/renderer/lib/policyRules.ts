// What an org's key policy (docs/policies-and-labels.md) allows in the create-key and roll dialogs, as pure
// functions: the dialogs offer only compliant choices, disable the others with the
// reason, and start from compliant defaults — never a form that can only fail.
import type { KeyMeta, Policy, Scope } from '../../shared/domain';
import { DEFAULT_SCOPES, SCOPES } from '../../shared/vocabulary';

const DAY = 86_400_000;

export interface KeyChoices {
  /** The latest expiry allowed (epoch ms), or null for no limit. */
  latestExpiry: number | null;
  /** Why "no expiry" is not offered, or null when it is. */
  noExpiryReason: string | null;
  scopeReason(scope: Scope): string | null;
  orgKeyReason: string | null;
  impersonationReason: string | null;
  /** The longest grace a roll may give, in seconds (null: the engine's own 7 days). */
  maxGraceSeconds: number | null;
}

export function keyChoices(policy: Policy | null, now: number): KeyChoices {
  if (!policy)
    return {
      latestExpiry: null,
      noExpiryReason: null,
      scopeReason: () => null,
      orgKeyReason: null,
      impersonationReason: null,
      maxGraceSeconds: null,
    };
  return {
    latestExpiry: policy.maxLifetimeDays === null ? null : now + policy.maxLifetimeDays * DAY,
    noExpiryReason:
      policy.maxLifetimeDays !== null
        ? `The org’s policy: keys expire within ${days(policy.maxLifetimeDays)}.`
        : policy.requireExpiry
          ? 'The org’s policy: every key must have an expiry.'
          : null,
    scopeReason: (s) =>
      policy.allowedScopes.includes(s) ? null : `The org’s policy allows only ${policy.allowedScopes.join(', ')}.`,
    orgKeyReason: policy.allowOrgKeys ? null : 'The org’s policy does not allow org-wide keys.',
    impersonationReason: policy.allowImpersonation
      ? null
      : 'The org’s policy does not allow keys that can impersonate (super admins included).',
    maxGraceSeconds: policy.maxGraceSeconds,
  };
}

const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);

/** The scopes a new key starts with: the usual default, kept to what the policy allows. */
export function defaultScopes(policy: Policy | null): Scope[] {
  if (!policy) return [...DEFAULT_SCOPES];
  const kept = DEFAULT_SCOPES.filter((s) => policy.allowedScopes.includes(s));
  return kept.length ? kept : [SCOPES.find((s) => policy.allowedScopes.includes(s)) as Scope];
}

/** The expiry a new key starts with: the policy's maximum when it has one, else none. */
export function defaultExpiry(policy: Policy | null, now: number): number | null {
  if (!policy) return null;
  if (policy.maxLifetimeDays !== null) return now + policy.maxLifetimeDays * DAY;
  // Only "must expire": a common, short choice rather than an arbitrary far date.
  return policy.requireExpiry ? now + 90 * DAY : null;
}

/** Why the expiry (epoch ms, or null for none) breaks the policy, or null. */
export function expiryProblem(choices: KeyChoices, expiresAt: number | null): string | null {
  if (expiresAt === null) return choices.noExpiryReason;
  if (choices.latestExpiry !== null && expiresAt > choices.latestExpiry)
    return `The org’s policy: at the latest ${new Date(choices.latestExpiry).toLocaleString()}.`;
  return null;
}

export interface RollPlan {
  /** Why this key cannot be rolled under the policy at all (only replaced), or null. */
  blocked: string | null;
  /** The copied expiry breaks the policy: the roll must give the new key its own. */
  needsNewExpiry: boolean;
}

/** What a roll of `k` needs under the policy: a roll copies every setting but the expiry. */
export function rollPlan(policy: Policy | null, k: KeyMeta, now: number): RollPlan {
  const c = keyChoices(policy, now);
  const fixed =
    (k.kind === 'org' && c.orgKeyReason) ||
    (k.canImpersonate && c.impersonationReason) ||
    k.scopes.map((s) => c.scopeReason(s)).find((r) => r !== null) ||
    null;
  return {
    blocked: fixed ? `${fixed} A roll keeps the key’s settings, so create a new key instead.` : null,
    needsNewExpiry: expiryProblem(c, k.expiresAt === null ? null : Date.parse(k.expiresAt)) !== null,
  };
}

/** One plain sentence per setting, for the Settings tab and read-only viewers. */
export function describePolicy(p: Policy): string[] {
  return [
    p.maxLifetimeDays === null
      ? 'Keys may live as long as their creator chooses.'
      : `Every key must expire within ${days(p.maxLifetimeDays)} of being made or changed.`,
    p.requireExpiry || p.maxLifetimeDays !== null ? 'Keys without an expiry are refused.' : 'Keys may have no expiry.',
    p.maxGraceSeconds === null
      ? 'A roll may keep the old key working for up to 7 days.'
      : `A roll may keep the old key working for at most ${p.maxGraceSeconds} seconds.`,
    `Keys may have the scopes ${p.allowedScopes.join(', ')}.`,
    p.allowOrgKeys ? 'Org-wide keys are allowed.' : 'Org-wide keys are refused.',
    p.allowImpersonation
      ? 'Keys that can impersonate are allowed (super admins create them).'
      : 'Keys that can impersonate are refused, super admins included.',
  ];
}
