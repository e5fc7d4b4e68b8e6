// Calls per day, ok against refused, over the last 30 days, in a key's details. uPlot
// (about 45 kB, canvas): it styles only through the CSSOM and evaluates no strings, so it
// runs under the renderer's CSP (style-src 'self', no unsafe-inline or unsafe-eval).
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { KeyUsage } from '../../../shared/domain';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

/** `lastUsedAt`: the key's last use as the app last saw it; a newer one means new calls to count. */
export function UsageChart({ keyId, lastUsedAt }: { keyId: number; lastUsedAt: string | null }) {
  const [usage, setUsage] = useState<KeyUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setUsage(null);
    setError(null);
  }, [keyId]);

  // Read again when the key is seen used, so the chart agrees with the rotation figures beside
  // it; the chart on screen stays until the new reply replaces it.
  useEffect(() => {
    let live = true;
    api.keyUsage({ id: keyId, granularity: 'day' }).then(
      (u) => {
        if (!live) return;
        setUsage(u);
        setError(null);
      },
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [keyId, lastUsedAt]);

  useEffect(() => {
    const el = box.current;
    if (!usage || !el) return;
    const xs = usage.items.map((b) => Date.parse(b.at) / 1000);
    const chart = new uPlot(
      {
        width: Math.max(240, el.clientWidth || 280),
        height: 140,
        // A key to the colours, not a readout: the live legend read "Time: -- ok: --" until hovered.
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        series: [
          {},
          { label: 'ok', stroke: '#2f7d32', fill: 'rgba(47,125,50,0.15)' },
          { label: 'refused', stroke: '#c62828' },
        ],
        axes: [{}, { size: 40 }],
      },
      [xs, usage.items.map((b) => b.ok), usage.items.map((b) => b.denied)],
      el,
    );
    return () => chart.destroy();
  }, [usage]);

  if (error) return <p className="error-text">Usage unavailable: {error}</p>;
  return (
    <section className="usage-chart" aria-label="Calls per day, last 30 days" data-testid="usage-chart">
      <h4>Calls per day (30 days)</h4>
      {usage ? (
        <p className="muted" data-testid="usage-total">
          {usage.total.ok} ok · {usage.total.denied} refused
        </p>
      ) : (
        <p className="muted">Loading usage…</p>
      )}
      <div ref={box} className="usage-chart-canvas" />
    </section>
  );
}
