import { describe, expect, it } from 'vitest';
import { seededRandom } from '../model/random.ts';
import { LINE_SMOOTHER_DEFAULTS, smoothLineDeviation } from './line-smoother.ts';

/** A pass 2 km long, 1 m per knot: the true deviation w = 0.15 sin(2πs/300) from the mean line. */
function pass(seed: number, withCurvature: boolean) {
  const n = 2000;
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const s = new Float64Array(n);
  const w = new Float64Array(n);
  const gps = new Float64Array(n);
  const dev = new Float64Array(n);
  const sig = new Float64Array(n).fill(3e-4);
  const g0 = new Float64Array(n);
  const g1 = new Float64Array(n);
  const g2 = new Float64Array(n).fill(1);
  // GPS: 0.3 m of error correlated over ~100 m, plus 0.1 m white
  let corr = 0;
  const k = (2 * Math.PI) / 300;
  for (let j = 0; j < n; j++) {
    s[j] = j;
    w[j] = 0.15 * Math.sin(k * j);
    corr = 0.99 * corr + 0.3 * Math.sqrt(1 - 0.99 * 0.99) * gauss();
    gps[j] = w[j] + corr + 0.1 * gauss();
    // a 15 m-radius hairpin over 900–1000 m: the curvature's gain on w is κ² / (1 − κn)², here ≈ 0.01
    g0[j] = j >= 900 && j < 1000 ? 0.01 : 0;
    const wpp = -k * k * w[j];
    dev[j] = g0[j] * w[j] + g2[j] * wpp + 3e-4 * gauss();
  }
  const input = withCurvature
    ? { distanceM: s, gpsDeviationM: gps, curvatureDeviationPerM: dev, curvatureSigmaPerM: sig, curvatureGainPerM2: g0, curvatureSlopeGainPerM: g1, curvatureBendGain: g2 }
    : { distanceM: s, gpsDeviationM: gps };
  return { w, estimate: smoothLineDeviation(input, { ...LINE_SMOOTHER_DEFAULTS, wanderSigmaM: 0.15, gpsSigmaM: 1 }) };
}

const rmsOver = (a: Float64Array, b: Float64Array, from: number, to: number) => {
  let acc = 0;
  for (let j = from; j < to; j++) acc += (a[j] - b[j]) ** 2;
  return Math.sqrt(acc / (to - from));
};

describe('driven-line smoother', () => {
  it('pins the line through a hairpin to centimetres from the path curvature, where GPS alone cannot', () => {
    let withYaw = 0;
    let gpsOnly = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const a = pass(seed, true);
      const b = pass(seed, false);
      withYaw = Math.max(withYaw, rmsOver(a.estimate, a.w, 900, 1000));
      gpsOnly = Math.max(gpsOnly, rmsOver(b.estimate, b.w, 900, 1000));
    }
    expect(withYaw).toBeLessThan(0.02);
    expect(gpsOnly).toBeGreaterThan(3 * withYaw);
  });

  it('stays near the mean line (w ≈ 0) with no measurement at all', () => {
    const n = 500;
    const s = Float64Array.from({ length: n }, (_, j) => 2 * j);
    const w = smoothLineDeviation({ distanceM: s, gpsDeviationM: new Float64Array(n).fill(NaN) });
    expect(Math.max(...w.map(Math.abs))).toBeLessThan(1e-9);
  });
});
