import { describe, expect, it } from 'vitest';
import { odometerResolutionM } from './map-match.ts';
import { lapOdometerIncrements, odometerIncrements } from './odometer.ts';

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

describe('lap-distance odometer', () => {
  /** 60 s of driving, speed 20 ± 8 m/s with hard kinks, logged at 5 Hz; the odometer resets at 500 m and counts in 0.1 m. */
  function logged() {
    const v = (t: number) => 20 + 8 * Math.sign(Math.sin(t / 3)) * Math.min(1, Math.abs(Math.sin(t / 3)) * 4);
    const fine = 0.001;
    const n = 60_000;
    const path = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) path[i] = path[i - 1] + v((i - 0.5) * fine) * fine;
    const at = (t: number) => path[Math.round(t / fine)];
    const t = Float64Array.from({ length: 300 }, (_, i) => i * 0.2);
    const speed = t.map(v);
    const odo = t.map((x) => Math.round((at(x) % 500) * 10) / 10);
    return { t, speed, odo, at };
  }

  it('follows the distance driven to centimetres, across the reset at the line and between its 0.1 m counts', () => {
    const { t, speed, odo, at } = logged();
    const q = Float64Array.from({ length: 1100 }, (_, j) => 1 + j * 0.05);
    const fromOdo = lapOdometerIncrements(t, odo, t, speed, q, 1);
    let a = 0;
    let worst = 0;
    for (let j = 1; j < q.length; j++) {
      a += fromOdo[j];
      worst = Math.max(worst, Math.abs(a - (at(q[j]) - at(q[0]))));
    }
    // 0.05 m is what a single 0.1 m count can be off by
    expect(worst).toBeLessThan(0.05);
    expect(a).toBeGreaterThan(1000); // the reset at 500 m did not take a lap off
  });

  it('tells the step an odometer counts in', () => {
    expect(odometerResolutionM(Float64Array.from([0, 1, 2, 7, 12]))).toBe(1);
    expect(odometerResolutionM(Float64Array.from([0, 0.1, 2.3, 7.7, 12.9]))).toBe(0.1);
    expect(odometerResolutionM(Float64Array.from([0, 0.123, 2.3456]))).toBe(0);
  });
});
