// The seam between findings (docs/estate.md) and org policies (docs/policies-and-labels.md): an SQL truth value over the
// inner query of findings.ts (k = api_keys, @now bound) that is 1 when the key breaks its
// org's current policy — the same test policy.ts applies to a key about to be made.
import { keyBreaksPolicySql } from './policy';

export const POLICY_VIOLATION_SQL = keyBreaksPolicySql('k', '@now');
