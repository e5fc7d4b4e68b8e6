// Human tables that fit an 80-column terminal: the widest column (the name) gives way.
export function table(headers: string[], rows: string[][], flex = 1, width = 80): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (headers.length - 1);
  if (total > width) widths[flex] = Math.max(headers[flex].length, widths[flex] - (total - width));
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  return [headers, ...rows]
    .map((r) =>
      r
        .map((c, i) => cut(c, widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
