import { describe, expect, it } from 'vitest';
import { odometerIncrements } from './odometer.ts';

describe('odometer', () => {
  it('integrates a speed that is linear between its samples exactly, between any query times', () => {
    const t = Float64Array.from([0, 1, 2, 3, 4]);
    const v = Float64Array.from([10, 12, 12, 8, 8]);
    const q = Float64Array.from([0, 0.5, 1.5, 2.25, 4]);
    const inc = odometerIncrements(t, v, q, 2);
    expect(inc[0]).toBe(0);
    expect(inc[1]).toBeCloseTo(0.5 * 10 + 0.5 * 2 * 0.25, 12); // 5.25
    expect(inc[2]).toBeCloseTo(11 + 12 * 0.5 - 5.25, 12); // ∫0→1.5 = 11 + 6 = 17, minus the first 5.25
    expect(inc.reduce((a, b) => a + b, 0)).toBeCloseTo(11 + 12 + 10 + 8, 12);
  });

  it('leaves the increment unknown across a speed gap longer than the limit and outside the channel', () => {
    const t = Float64Array.from([0, 1, 5, 6]);
    const v = Float64Array.from([10, 10, 10, 10]);
    const inc = odometerIncrements(t, v, Float64Array.from([0.5, 0.9, 2, 5.5, 7]), 2);
    expect(inc[1]).toBeCloseTo(4, 12);
    expect(Number.isNaN(inc[2])).toBe(true);
    expect(Number.isNaN(inc[3])).toBe(true);
    expect(Number.isNaN(inc[4])).toBe(true);
  });
});
