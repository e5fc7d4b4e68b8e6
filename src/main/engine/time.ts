export type Clock = () => number;
export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : isoNN(ms));

/**
 * Formatted instants, by value: a key's reply formats the same createdAt on every call.
 * Bounded: a sweep over many distinct instants only empties it.
 */
const formatted = new Map<number, string>();
const FORMATTED_MAX = 4096;

/** The last second formatted in full, and its text up to the milliseconds ("…T10:25:31."). */
let second = NaN;
let secondText = '';

export const isoNN = (ms: number): string => {
  // A key's last use is a new millisecond on nearly every call, mostly within the same
  // second as the one before: only the milliseconds are new text (bench (b)).
  const s = Math.floor(ms / 1000);
  if (s === second && Number.isSafeInteger(ms)) {
    const r = ms - s * 1000;
    return `${secondText}${r < 10 ? '00' : r < 100 ? '0' : ''}${r}Z`;
  }
  let text = formatted.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(ms, text);
  }
  second = s;
  secondText = text.slice(0, -4);
  return text;
};
