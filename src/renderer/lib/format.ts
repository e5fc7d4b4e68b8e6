// Dates as administrators read them: local time, to the minute, with relative hints.
const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD HH:mm in local time: compact, unambiguous, and it sorts as it reads. */
export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return empty;
  const d = new Date(t);
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return empty;
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function relative(iso: string | null, now: number): string {
  if (!iso) return '';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  // Main's clock and this one may differ by a few milliseconds.
  if (abs < 60_000) return 'just now';
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [ms, unit] of units) {
    if (abs >= ms) {
      const n = Math.round(abs / ms);
      const label = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return diff > 0 ? `in ${label}` : `${label} ago`;
    }
  }
  return 'just now';
}

/** A `datetime-local` input's value as ISO 8601 UTC with milliseconds, or null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The `datetime-local` value for an instant, in local time. */
export function isoToLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Whether a person matches a search typed against their name or email (case-insensitive, every word). */
export function personMatches(
  m: { user: { email: string; firstName: string; lastName: string } },
  query: string,
): boolean {
  const text = `${m.user.firstName} ${m.user.lastName} ${m.user.email}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((t) => text.includes(t));
}

/** "1 key", "2 keys", "1,024 keys": the count with its noun, singular when it is one. */
export function countOf(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? noun : pluralNoun}`;
}

/** A duration in the largest unit that divides it: "2 hours", "90 seconds". */
export function describeSeconds(s: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [n, name] of units) if (s >= n && s % n === 0) return `${s / n} ${name}${s / n === 1 ? '' : 's'}`;
  return `${s} seconds`;
}
