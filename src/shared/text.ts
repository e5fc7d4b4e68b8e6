// docs/rules.md rule 18: what a name (org, key, profile, first and last name) and a label
// value may contain. One check, zod-free, used by the engine, the input schemas (HTTP
// and IPC), the label rules and the app's forms, so each says the same thing.
//
// Non-NFC text is refused, not silently normalised: the API stores exactly what it
// accepted, so a name reads back byte for byte as it was sent. The app's forms
// normalise what a person typed to NFC before sending (an input method may produce
// decomposed text), and typed confirmations compare NFC forms, so a name a person must
// type to confirm is always typeable: it holds nothing invisible and no form of it
// they cannot produce.

// C0 and C1 controls, bidi embeddings/overrides and isolates, zero-width space, joiners
// and the byte-order mark.
import { KeywardenError } from './errors';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const FORBIDDEN_CHARACTERS_MESSAGE = 'must not contain control, bidi-control or zero-width characters';
export const NOT_NFC_MESSAGE = 'must be Unicode NFC text';

/** Why `value` breaks rule 18, or null when it does not. Says nothing about length. */
export function nameProblem(value: string): string | null {
  if (FORBIDDEN.test(value) || LONE_SURROGATE.test(value)) return FORBIDDEN_CHARACTERS_MESSAGE;
  if (value.normalize('NFC') !== value) return NOT_NFC_MESSAGE;
  return null;
}

/** Throws 400 BAD_REQUEST naming `field` when `value` breaks rule 18 (the engine's own check). */
export function assertName(field: string, value: string | undefined): void {
  if (value === undefined) return;
  const why = nameProblem(value);
  if (why) throw new KeywardenError('BAD_REQUEST', `${field}: ${why}`);
}

/** What a form sends for what a person typed: trimmed, in NFC. */
export const typedName = (value: string): string => value.trim().normalize('NFC');

/** A typed confirmation matches its target whatever normal form the keyboard produced. */
export const sameTypedName = (typed: string, expected: string): boolean =>
  typed.normalize('NFC') === expected.normalize('NFC');
