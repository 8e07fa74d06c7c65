// The CPU kernels on hand-made inputs: binning spreads each interval's trapezoid energy over the metres
// it covers and conserves the total; the lap matrix and raster give what the definitions say.

import { describe, expect, it } from 'vitest';
import { BINNED_POWERS, type BinnedPower } from '../kernels.ts';
import { binCpu, overlap } from './binning.ts';
import { lapMatrixCpu } from './lap-matrix.ts';
import { rasterCpu } from './raster.ts';

function powersOf(n: number, f: (i: number, k: number) => number): Record<BinnedPower, Float64Array> {
  const p = {} as Record<BinnedPower, Float64Array>;
  BINNED_POWERS.forEach((name, k) => { p[name] = Float64Array.from({ length: n }, (_, i) => f(i, k)); });
  return p;
}

describe('CPU energy kernels', () => {
  it('overlap: share of an interval inside the bin [0, 1)', () => {
    expect(overlap(-0.5, 1.5)).toBeCloseTo(0.5, 15);
    expect(overlap(0.2, 0.6)).toBe(1);
    expect(overlap(1, 2)).toBe(0);
    expect(overlap(0.3, 0.3)).toBe(1);
    expect(overlap(1.3, 1.3)).toBe(0);
  });

  it('binning spreads the trapezoid energy uniformly in distance and conserves it', () => {
    // one lap of 3 bins, samples at 0, 0.5, 2.5 (an interval spanning two whole metres), 3 m (the end)
    const binIndex = Uint32Array.of(0, 0, 2, 2);
    const binFrac = Float64Array.of(0, 0.5, 0.5, 1);
    const dtS = Float64Array.of(0.1, 0.4, 0.2, 0);
    const powers = powersOf(4, (i, k) => (k + 1) * (i + 1) * (k === 9 ? (i % 2 ? -1 : 1) : 1));
    const out = binCpu({ bins: 3, lapStarts: Uint32Array.of(0, 4), binIndex, binFrac, dtS, powers });
    // traction power (index 4 → factor 5): intervals carry ½(P_i + P_i+1)Δt = 5·{1.5·0.1, 2.5·0.4, 3.5·0.2}
    const e = [5 * 1.5 * 0.1, 5 * 2.5 * 0.4, 5 * 3.5 * 0.2];
    expect(out.values.tractionJ[0]).toBeCloseTo(e[0] + e[1] * 0.25, 12);
    expect(out.values.tractionJ[1]).toBeCloseTo(e[1] * 0.5, 12);
    expect(out.values.tractionJ[2]).toBeCloseTo(e[1] * 0.25 + e[2], 12);
    expect(out.values.timeS.reduce((a, b) => a + b, 0)).toBeCloseTo(0.7, 12);
    // yawIn takes the positive part of the yaw power (+10, −20, +30, −40) before the trapezoid
    const yawIn = 0.5 * 0.1 * 10 + 0.5 * 0.4 * 30 + 0.5 * 0.2 * 30;
    expect(out.values.yawInJ.reduce((a, b) => a + b, 0)).toBeCloseTo(yawIn, 12);
  });

  it('binning handles several laps and a standstill (zero-length intervals)', () => {
    const binIndex = Uint32Array.of(0, 1, 1, 1, 1, 0, 0, 1, 1);
    const binFrac = Float64Array.of(0, 0.5, 0.5, 0.5, 1, 0, 0.9, 0.2, 1);
    const dtS = Float64Array.of(1, 2, 3, 1, 0, 1, 1, 1, 0);
    const powers = powersOf(9, () => 1);
    const out = binCpu({ bins: 2, lapStarts: Uint32Array.of(0, 5, 9), binIndex, binFrac, dtS, powers });
    expect(Array.from(out.values.timeS)).toEqual([1 * (1 / 1.5), 1 * (0.5 / 1.5) + 2 + 3 + 1, 1 + 1 * (0.1 / 0.3), 1 * (0.2 / 0.3) + 1].map((x) => expect.closeTo(x, 12)));
    expect(out.values.netJ[1]).toBeCloseTo(out.values.timeS[1], 12);
  });

  it('lap matrix: delta-time extremes and Σ per-metre differences for every pair', () => {
    const t = Float64Array.of(0, 0.1, 0.3, /* lap 1 */ 0, -0.2, 0.1);
    const tr = Float64Array.of(10, 20, /* */ 12, 15);
    const br = Float64Array.of(5, 0, /* */ 4, 1);
    const m = lapMatrixCpu({ laps: 2, bins: 2, timeOffsetS: t, tractionJ: tr, brakingJ: br });
    expect(Array.from(m.values.finalDeltaS)).toEqual([0, expect.closeTo(0.2, 12), expect.closeTo(-0.2, 12), 0]);
    expect(m.values.maxDeltaS[1]).toBeCloseTo(0.3, 12);
    expect(m.values.minDeltaS[1]).toBeCloseTo(0, 12);
    expect(m.values.minDeltaS[2]).toBeCloseTo(-0.3, 12);
    expect(m.values.tractionDiffJ[1]).toBeCloseTo(3, 12);
    expect(m.values.brakingDiffJ[1]).toBeCloseTo(0, 12);
    expect(m.values.wheelL1J[1]).toBeCloseTo(Math.abs(-2 - 1) + Math.abs(5 + 1), 12);
  });

  it('raster: cells take their metre’s value and energy vector, off-track cells 0', () => {
    const r = rasterCpu({ values: Float64Array.of(2, -3), dirX: Float64Array.of(1, 0), dirY: Float64Array.of(0, -1), cellIndex: Int32Array.of(-1, 0, 1, 1, 7) });
    expect(Array.from(r.value)).toEqual([0, 2, -3, -3, 0]);
    expect(Array.from(r.vectorX)).toEqual([0, 2, -0, -0, 0]);
    expect(Array.from(r.vectorY)).toEqual([0, 0, 3, 3, 0]);
  });
});
