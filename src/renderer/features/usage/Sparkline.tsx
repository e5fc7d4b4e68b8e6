// A key's calls per day over 30 days as a tiny SVG line: no library, no inline style
// (presentation attributes only, which the CSP allows).
import type { Spark } from '../../stores/usage';

const W = 48;
const H = 16;

export function Sparkline({ spark }: { spark: Spark | undefined }) {
  if (!spark) return <span className="sparkline sparkline-empty" aria-hidden="true" />;
  const max = Math.max(1, ...spark.calls);
  const step = spark.calls.length > 1 ? W / (spark.calls.length - 1) : W;
  const points = spark.calls
    .map((n, i) => `${(i * step).toFixed(1)},${(H - 1 - (n / max) * (H - 2)).toFixed(1)}`)
    .join(' ');
  return (
    <svg
      className="sparkline"
      data-testid="sparkline"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${spark.total} calls in the last 30 days`}
    >
      <title>{`${spark.total} calls in the last 30 days`}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}
