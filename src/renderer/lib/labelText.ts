// Labels as text: how the app's label inputs, filters and CSV cells write them.
import type { KeyMeta, Labels } from '../../shared/domain';
import {
  labelKeyProblem,
  labelsText,
  labelValueProblem,
  parseLabelFilter,
  type LabelFilter,
} from '../../shared/labels';
import { LABELS_MAX } from '../../shared/vocabulary';

/** `env:prod; team:payments` — one cell of a CSV export, written as the label filter reads it. */
export const labelsCell = labelsText;

/** Every `key:value` used by the given keys, most used first: suggestions for the label inputs. */
export function labelSuggestions(keys: readonly KeyMeta[]): string[] {
  const counts = new Map<string, number>();
  for (const k of keys)
    for (const [name, value] of Object.entries(k.labels)) {
      const text = `${name}:${value}`;
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
}

/** Adds `key:value` typed by a person to a label map: the new map, or why not. */
export function addLabel(labels: Labels, text: string): Labels | string {
  const colon = text.indexOf(':');
  if (colon === -1) return 'Write a label as key:value, e.g. team:payments.';
  const key = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  const keyWhy = labelKeyProblem(key);
  if (keyWhy) return `Label key “${key}”: ${keyWhy}.`;
  const valueWhy = labelValueProblem(value);
  if (valueWhy) return `Label value: ${valueWhy}.`;
  if (!(key in labels) && Object.keys(labels).length >= LABELS_MAX) return `A key has at most ${LABELS_MAX} labels.`;
  return { ...labels, [key]: value };
}

/** The label filters typed in the keys table's filter box (space-separated `key` or `key:value`). */
export function parseLabelFilters(text: string): LabelFilter[] | string {
  const out: LabelFilter[] = [];
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const f = parseLabelFilter(part);
    if (!f) return `“${part}” is not a label filter: write key or key:value.`;
    out.push(f);
  }
  return out;
}

/** Every filter matches: `key` any value, `key:value` exactly. */
export const matchesLabels = (labels: Labels, filters: readonly LabelFilter[]): boolean =>
  filters.every((f) => (f.value === null ? f.key in labels : labels[f.key] === f.value));
