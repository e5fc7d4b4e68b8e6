// Key labels (docs/policies-and-labels.md), checked the same way by the engine, the input schemas and the
// app's label editor. Zod-free so the renderer can use it without bundling schemas.
import { LABEL_KEY_PATTERN, LABEL_VALUE_MAX, LABELS_MAX, type Labels } from './vocabulary';

// Rule 18's forbidden characters: C0/C1 controls, bidi controls, zero-width characters.
// Lone surrogates are caught by isWellFormed-style pairing below.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200d\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a label value is not rule-18 text of 1–100 characters, or null when it is fine. */
export function labelValueProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty';
  if ([...value].length > LABEL_VALUE_MAX) return `at most ${LABEL_VALUE_MAX} characters`;
  if (FORBIDDEN.test(value) || LONE_SURROGATE.test(value))
    return 'must not contain control, bidi-control or zero-width characters';
  if (value.normalize('NFC') !== value) return 'must be Unicode NFC text';
  return null;
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

export const formatLabel = (key: string, value: string): string => `${key}:${value}`;

/** The same labels with their keys in order, so equal maps store and compare equal. */
export function sortedLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}
