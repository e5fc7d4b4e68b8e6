// Key labels (docs/policies-and-labels.md), checked the same way by the engine, the input schemas and the
// app's label editor. Zod-free so the renderer can use it without bundling schemas.
import { nameProblem } from './text';
import { LABEL_KEY_PATTERN, LABEL_VALUE_MAX, LABELS_MAX, type Labels } from './vocabulary';

/** Why a label value is not rule-18 text of 1–100 characters, or null when it is fine. */
export function labelValueProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if ([...value].length > LABEL_VALUE_MAX) return `at most ${LABEL_VALUE_MAX} characters`;
  // Rule 18, the same check as names.
  return nameProblem(value);
}

export function labelKeyProblem(key: string): string | null {
  return LABEL_KEY_PATTERN.test(key) ? null : 'label keys are 1–40 of a-z 0-9 _ . - and start with a letter or digit';
}

/** The first thing wrong with a whole label map, as "field: why", or null. */
export function labelsProblem(labels: Labels): string | null {
  const entries = Object.entries(labels);
  if (entries.length > LABELS_MAX) return `labels: at most ${LABELS_MAX} labels`;
  for (const [k, v] of entries) {
    const keyWhy = labelKeyProblem(k);
    if (keyWhy) return `labels: ${JSON.stringify(k.slice(0, 50))}: ${keyWhy}`;
    if (typeof v !== 'string') return `labels.${k}: must be a string`;
    const why = labelValueProblem(v);
    if (why) return `labels.${k}: ${why}`;
  }
  return null;
}

/** A label filter as `GET /user/apiKey?label=` takes it: `key` (any value) or `key:value`. */
export interface LabelFilter {
  key: string;
  value: string | null;
}

/** Parses `team` or `team:payments` (the value may itself hold colons); null when malformed. */
export function parseLabelFilter(text: string): LabelFilter | null {
  const colon = text.indexOf(':');
  const key = colon === -1 ? text : text.slice(0, colon);
  const value = colon === -1 ? null : text.slice(colon + 1);
  if (labelKeyProblem(key)) return null;
  if (value !== null && labelValueProblem(value)) return null;
  return { key, value };
}

const formatLabel = (key: string, value: string): string => `${key}:${value}`;

/** The same labels with their keys in order, so equal maps store and compare equal. */
export function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}

/** `env:prod; team:payments`: a key's labels as one line of text (CSV cells, tooltips), keys in order. */
export const labelsText = (labels: Labels): string =>
  Object.keys(labels)
    .sort()
    .map((k) => formatLabel(k, labels[k]))
    .join('; ');
