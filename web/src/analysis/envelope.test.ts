import { describe, expect, it } from 'vitest';
import { windowIndices, windowSeries } from './envelope.ts';

const x = Float64Array.from({ length: 101 }, (_, i) => i);

describe('chart window envelope', () => {
  it('covers the window with one sample beyond each end', () => {
    expect(windowIndices(x, 10.5, 20.5)).toEqual([10, 21]);
    expect(windowIndices(x, 10, 20)).toEqual([9, 20]);
    expect(windowIndices(x, -5, 500)).toEqual([0, 100]);
  });
  it('hands sub-arrays over when there are few samples per column', () => {
    const y = Float64Array.from(x, (v) => v * 2);
    const w = windowSeries(x, [y], 10, 20, 50);
    expect(w.x.buffer).toBe(x.buffer);
    expect(Array.from(w.x)).toEqual(Array.from({ length: 12 }, (_, i) => 9 + i));
    expect(Array.from(w.ys[0] as Float64Array)).toEqual(Array.from(w.x, (v) => v * 2));
  });
  it('keeps each column’s minimum and maximum in the order they occur', () => {
    // a spike up then down in every 10-sample column
    const y = Float64Array.from(x, (v) => (v % 10 === 3 ? 50 : v % 10 === 7 ? -50 : 0));
    const w = windowSeries(x, [y], 0, 100, 10);
    // 101 samples in columns of 11
    expect(w.x.length).toBe(2 * 10);
    const ys = w.ys[0] as Float64Array;
    expect(ys[0]).toBe(50);
    expect(ys[1]).toBe(-50);
    expect(Math.max(...ys)).toBe(50);
    expect(Math.min(...ys)).toBe(-50);
    expect(w.x[0]).toBe(0);
    expect(w.x[w.x.length - 1]).toBe(100);
  });
  it('hands a flat column over as one point, the line within the tolerance of what it drops', () => {
    // 0 up to sample 39, a step to 10, a slow ramp from 60, ±3 noise from 80; 101 samples in columns of 11
    const y = Float64Array.from(x, (v) => (v < 40 ? 0 : v < 60 ? 10 : v < 80 ? 10 + 0.01 * (v - 60) : 10 + (v % 2 ? 3 : -3)));
    const tol = 0.02; // of the window's range (0 … 13): 0.26
    const w = windowSeries(x, [y], 0, 100, 10, tol);
    const ys = w.ys[0] as (number | null | undefined)[];
    expect(ys).toHaveLength(2 * 10);
    // the first column keeps both points; 1 and 2 are flat and the next starts level: one point each
    expect(ys.slice(0, 6)).toEqual([0, 0, 0, undefined, 0, undefined]);
    // 3 holds the step (0 → 10): both; 4 and 5 are flat (the ramp's 0.05 is under 0.26), level with the next
    expect(ys.slice(6, 12)).toEqual([0, 10, 10, undefined, 10, undefined]);
    // 6 is flat but the noise starts right after it: both; the noisy columns and the last keep both
    for (let i = 12; i < 20; i++) expect(ys[i], `point ${i}`).not.toBeUndefined();
    // the window's extremes are still handed over (the chart's auto range comes from them)
    const kept = ys.filter((v): v is number => typeof v === 'number');
    expect(Math.min(...kept)).toBe(0);
    expect(Math.max(...kept)).toBe(13);
    // every dropped point lies within the tolerance of the straight line between its neighbours
    const full = windowSeries(x, [y], 0, 100, 10).ys[0] as Float64Array;
    for (let i = 0; i < ys.length; i++) {
      if (ys[i] !== undefined) continue;
      const f = (w.x[i] - w.x[i - 1]) / (w.x[i + 1] - w.x[i - 1]);
      const onLine = (ys[i - 1] as number) + f * ((ys[i + 1] as number) - (ys[i - 1] as number));
      expect(Math.abs(onLine - full[i])).toBeLessThanOrEqual(tol * 13 + 1e-12);
    }
    // without a tolerance: every point, typed, as before
    expect(full).toBeInstanceOf(Float64Array);
  });

  it('keeps a gap a gap (null) when it hands flat columns over as one point', () => {
    const y: (number | null)[] = Array.from(x, (v) => (v >= 30 && v < 50 ? null : 5));
    const ys = windowSeries(x, [y], 0, 100, 10, 0.01).ys[0] as (number | null | undefined)[];
    // samples 33–43 (column 3) have no value: a gap, not a point to connect over
    expect(ys.slice(6, 8)).toEqual([null, null]);
    expect(ys.filter((v) => v === undefined).length).toBeGreaterThan(0);
  });

  it('keeps gaps as null (or NaN for typed arrays) where a column has no value', () => {
    const y: (number | null)[] = Array.from(x, (v) => (v < 30 ? null : v));
    const w = windowSeries(x, [y], 0, 100, 10);
    expect((w.ys[0] as (number | null)[]).slice(0, 4)).toEqual([null, null, null, null]);
    expect((w.ys[0] as (number | null)[]).slice(4, 6)).toEqual([30, 32]);
  });
});
