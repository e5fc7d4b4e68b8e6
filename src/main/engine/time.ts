export type Clock = () => number;
export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : isoNN(ms));

/**
 * Formatted instants, by value: a key's reply formats the same createdAt on every call, and
 * lastUsedAt repeats within its millisecond. Bounded: a sweep over many distinct instants
 * only empties it.
 */
const formatted = new Map<number, string>();
const FORMATTED_MAX = 4096;

export const isoNN = (ms: number): string => {
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(ms, text);
  }
  return text;
};
