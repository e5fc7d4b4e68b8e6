// engine/time.ts formats instants with shortcuts (a cache by value, and only the
// milliseconds when the second is the one formatted last); each must be exactly
// Date.prototype.toISOString.
import { describe, expect, it } from 'vitest';
import { iso, isoNN } from '../../../src/main/engine/time';

describe('isoNN', () => {
  it('is toISOString for runs within a second, across second, day and year boundaries, and out of order', () => {
    const starts = [Date.UTC(2026, 11, 31, 23, 59, 59, 990), Date.UTC(2026, 0, 1), 0, -1500, 253402300799990];
    const seen: number[] = [];
    for (const start of starts) for (let i = 0; i < 40; i++) seen.push(start + i * 7);
    // Jumping back and forth between seconds, and repeating values (the cache).
    for (let i = 0; i < 200; i++) seen.push(seen[(i * 37) % seen.length] + (i % 3));
    for (const ms of seen) expect(isoNN(ms)).toBe(new Date(ms).toISOString());
  });

  it('keeps toISOString for years past 9999 and for a fraction of a millisecond', () => {
    const big = 8.64e15 - 5000;
    for (let i = 0; i < 5; i++) expect(isoNN(big + i)).toBe(new Date(big + i).toISOString());
    const t = Date.UTC(2026, 5, 1, 12, 0, 0, 500);
    expect(isoNN(t)).toBe(new Date(t).toISOString());
    expect(isoNN(t + 0.5)).toBe(new Date(t + 0.5).toISOString());
  });

  it('refuses what toISOString refuses, and iso() passes null through', () => {
    expect(() => isoNN(Number.NaN)).toThrow(RangeError);
    expect(() => isoNN(9e15)).toThrow(RangeError);
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });
});
