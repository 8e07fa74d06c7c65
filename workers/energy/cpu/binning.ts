// Binning onto the 1 m grid on the CPU, float64: each interval between consecutive samples of a lap
// carries the trapezoid energy ½(P_i + P_i+1)·Δt of every power and spreads it uniformly over the
// metres it covers, so per-metre sums add up exactly to the lap's integral. Gather form (per bin, the
// intervals that overlap it), as in the WGSL kernel gpu/binning.wgsl.ts.

import { BIN_COMPONENTS, type BinComponent, type BinInput, type BinOutput } from '../kernels.ts';

export function binCpu(input: BinInput): BinOutput {
  const { bins, lapStarts, binIndex, binFrac, dtS, powers } = input;
  const laps = lapStarts.length - 1;
  const n = binIndex.length;
  if (lapStarts[laps] !== n || binFrac.length !== n || dtS.length !== n) throw new RangeError(`bin input: ${n} positions, ${binFrac.length} fractions, ${dtS.length} intervals, lapStarts ends at ${lapStarts[laps]}`);
  const values = {} as Record<BinComponent, Float64Array>;
  for (const c of BIN_COMPONENTS) values[c] = new Float64Array(laps * bins);
  const P = [powers.dragW, powers.rollingW, powers.gradeW, powers.netW, powers.tractionW, powers.brakeFrontW, powers.brakeRearW, powers.engineBrakeW, powers.kineticTractionW, powers.yawW];
  const outs = [values.dragJ, values.rollingJ, values.gradeJ, values.netJ, values.tractionJ, values.brakeFrontJ, values.brakeRearJ, values.engineBrakeJ, values.kineticTractionJ, values.yawJ];
  const acc = new Float64Array(P.length);
  for (let lap = 0; lap < laps; lap++) {
    const s0 = lapStarts[lap];
    const s1 = lapStarts[lap + 1];
    for (let j = 0; j < bins; j++) {
      // first sample at or beyond metre j
      let lo = s0;
      let hi = s1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (binIndex[mid] >= j) hi = mid;
        else lo = mid + 1;
      }
      acc.fill(0);
      let time = 0;
      let yawIn = 0;
      for (let i = Math.max(lo - 1, s0); i + 1 < s1 && binIndex[i] <= j; i++) {
        const w = overlap(binIndex[i] - j + binFrac[i], binIndex[i + 1] - j + binFrac[i + 1]);
        if (w === 0) continue;
        const h = 0.5 * dtS[i] * w;
        time += dtS[i] * w;
        for (let c = 0; c < P.length; c++) acc[c] += h * (P[c][i] + P[c][i + 1]);
        yawIn += h * (Math.max(0, powers.yawW[i]) + Math.max(0, powers.yawW[i + 1]));
      }
      const o = lap * bins + j;
      values.timeS[o] = time;
      for (let c = 0; c < P.length; c++) outs[c][o] = acc[c];
      values.yawInJ[o] = yawIn;
    }
  }
  return { laps, bins, values };
}

/**
 * Share of the interval [a, b] (metres relative to the bin's start) inside the bin [0, 1); a zero-length
 * interval belongs wholly to the bin that holds it.
 */
export function overlap(a: number, b: number): number {
  const len = b - a;
  if (len > 0) return Math.max(0, Math.min(b, 1) - Math.max(a, 0)) / len;
  return a >= 0 && a < 1 ? 1 : 0;
}
