// ISO 8601 instants as the API accepts them. Pure, so schemas and the engine share it.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/**
 * An ISO 8601 date-time with a zone and at most millisecond precision, as epoch ms; null
 * otherwise. Date.parse alone would accept "2031-02-30" by rolling it into March.
 */
export function parseInstant(s: string): number | null {
  const m = ISO_INSTANT.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, sec = 0, oh = 0, om = 0] = m
    .slice(1)
    .map((p) => (p === undefined ? undefined : Number(p))) as number[];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59)
    return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}
