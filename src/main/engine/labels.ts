// Key labels (docs/policies-and-labels.md) as the engine stores them: one JSON object per key in
// api_keys.labels, NULL when it has none, with its keys sorted.
import type { Labels } from '../../shared/domain';
import { KeywardenError } from '../../shared/errors';
import { labelsProblem, parseLabelFilter, sortedLabels } from '../../shared/labels';

/** Validates a label map from any caller (HTTP, IPC, tests) and returns its stored form. */
export function storedLabels(labels: Labels | undefined): string | null {
  if (labels === undefined) return null;
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels))
    throw new KeywardenError('BAD_REQUEST', 'labels: must be an object of label keys to values');
  const why = labelsProblem(labels);
  if (why) throw new KeywardenError('BAD_REQUEST', why);
  return Object.keys(labels).length === 0 ? null : JSON.stringify(sortedLabels(labels));
}

export const readLabels = (stored: string | null | undefined): Labels => (stored ? (JSON.parse(stored) as Labels) : {});

/** SQL conditions (ANDed) for `label=` filters on the api_keys row aliased `k`, with positional parameters. */
export function labelFilterSql(k: string, filters: readonly string[] | undefined): { sql: string; params: unknown[] } {
  const named = labelFilterNamedSql(k, filters);
  const params: unknown[] = [];
  // The same conditions, each named parameter replaced by a `?` in the order it appears.
  const sql = named.sql.replace(/@(lbl\d+[pv])/g, (_, name: string) => {
    params.push(named.params[name]);
    return '?';
  });
  return { sql, params };
}

/**
 * The same with named parameters (`@lbl0p`, `@lbl0v`, …), for queries that bind by name
 * (findings). A label key's JSON path is quoted, as keys may hold `.` and `-`; a key never
 * holds `"`, so the quoting is safe.
 */
export function labelFilterNamedSql(
  k: string,
  filters: readonly string[] | undefined,
): { sql: string; params: Record<string, string> } {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  (filters ?? []).forEach((text, i) => {
    const f = parseLabelFilter(text);
    if (!f)
      throw new KeywardenError('BAD_REQUEST', `label: ${JSON.stringify(text.slice(0, 60))} is not key or key:value`);
    params[`lbl${i}p`] = `$."${f.key}"`;
    if (f.value === null) parts.push(`json_extract(${k}.labels, @lbl${i}p) IS NOT NULL`);
    else {
      parts.push(`json_extract(${k}.labels, @lbl${i}p) = @lbl${i}v`);
      params[`lbl${i}v`] = f.value;
    }
  });
  return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
}
