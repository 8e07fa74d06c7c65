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
  it('keeps gaps as null (or NaN for typed arrays) where a column has no value', () => {
    const y: (number | null)[] = Array.from(x, (v) => (v < 30 ? null : v));
    const w = windowSeries(x, [y], 0, 100, 10);
    expect((w.ys[0] as (number | null)[]).slice(0, 4)).toEqual([null, null, null, null]);
    expect((w.ys[0] as (number | null)[]).slice(4, 6)).toEqual([30, 32]);
  });
});
