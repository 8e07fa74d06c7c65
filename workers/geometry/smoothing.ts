// Chooses how much to smooth a closed line: estimates the point noise across the line (robust, from the
// error of predicting each point from its four neighbours) and picks the spline's λ so that the residual
// matches that noise (Reinsch's discrepancy criterion), by bisection on the smoothing length ℓ.

import { fitPeriodicSpline, type SplineFitResult } from './periodic-spline.ts';
import { median } from './polyline.ts';

const MAD_TO_SIGMA = 1 / 0.6744897501960817;

/** Offsets of the neighbours that predict a point: three on each side (quintic Lagrange). */
const NEIGHBOURS = [-3, -2, -1, 1, 2, 3];

/**
 * Lagrange prediction of point i from its neighbours (parameters wrapped by the period): weights and
 * the white-noise variance factor 1 + Σw² of the prediction error.
 */
function predictionWeights(t: Float64Array, periodT: number, i: number): { idx: number[]; w: number[]; factor: number } {
  const n = t.length;
  const idx = NEIGHBOURS.map((o) => i + o);
  const ts = idx.map((k) => {
    const wrap = Math.floor(k / n);
    return t[k - wrap * n] + wrap * periodT;
  });
  const w = ts.map((tj, a) => {
    let p = 1;
    for (let b = 0; b < ts.length; b++) if (b !== a) p *= (t[i] - ts[b]) / (tj - ts[b]);
    return p;
  });
  let w2 = 0;
  for (const v of w) w2 += v * v;
  return { idx: idx.map((k) => ((k % n) + n) % n), w, factor: Math.sqrt(1 + w2) };
}

/**
 * Robust noise estimate (metres) of points on a smooth closed curve: each point is predicted by quintic
 * Lagrange interpolation (in t) from three neighbours on each side; the prediction error across the local
 * direction, divided by its white-noise variance factor, gives a median absolute deviation. For a smooth
 * curve sampled densely the model error is O(h⁶), so what remains is noise.
 */
export function estimateNoiseAcross(t: Float64Array, periodT: number, xM: Float64Array, yM: Float64Array): number {
  const n = t.length;
  const errs: number[] = [];
  for (let i = 0; i < n; i++) {
    const { idx, w, factor } = predictionWeights(t, periodT, i);
    if (!(factor < 1e3)) continue;
    let px = 0;
    let py = 0;
    for (let a = 0; a < idx.length; a++) {
      px += w[a] * xM[idx[a]];
      py += w[a] * yM[idx[a]];
    }
    const jm = (i - 1 + n) % n;
    const jp = (i + 1) % n;
    const dx = xM[jp] - xM[jm];
    const dy = yM[jp] - yM[jm];
    const d = Math.hypot(dx, dy);
    if (!(d > 0)) continue;
    const across = ((xM[i] - px) * -dy + (yM[i] - py) * dx) / d;
    errs.push(Math.abs(across) / factor);
  }
  return errs.length ? median(errs) * MAD_TO_SIGMA : 0;
}

/** Same idea for a 1-D signal over a closed line (e.g. elevation). */
export function estimateNoise1d(t: Float64Array, periodT: number, v: Float64Array): number {
  const errs: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const { idx, w, factor } = predictionWeights(t, periodT, i);
    if (!(factor < 1e3)) continue;
    let pred = 0;
    for (let a = 0; a < idx.length; a++) pred += w[a] * v[idx[a]];
    errs.push(Math.abs(v[i] - pred) / factor);
  }
  return errs.length ? median(errs) * MAD_TO_SIGMA : 0;
}

export interface SmoothingChoice {
  fit: SplineFitResult;
  smoothingLengthM: number;
  lambda: number;
}

/** λ for a smoothing length ℓ: the spline damps wavelengths 2πℓ by half (λ = ℓ⁴ / mean knot spacing). */
export function lambdaForLength(smoothingLengthM: number, meanSpacingT: number): number {
  return smoothingLengthM ** 4 / meanSpacingT;
}

/** Curvature noise (RMS, 1/m) that the smoothing floor aims for: well below the corner threshold (1/600). */
export const CURVATURE_NOISE_TARGET_PER_M = 1e-3;

/**
 * Smallest smoothing length that keeps the curvature noise of white point noise σ at spacing h below
 * κ_tol: for the spline's response 1/(1 + (2πfℓ)⁴), Var κ ≈ σ²h·(π/(8√2))·2/(2π ℓ⁵) = 0.0884·σ²h/ℓ⁵.
 * Only meaningful when ℓ exceeds the spacing (dense noisy points, e.g. raw GPS); 0 otherwise.
 */
export function smoothingFloorM(noiseM: number, meanSpacingM: number, curvatureNoisePerM = CURVATURE_NOISE_TARGET_PER_M): number {
  const c = (Math.PI / (8 * Math.SQRT2)) * (2 / (2 * Math.PI));
  const len = ((c * noiseM * noiseM * meanSpacingM) / (curvatureNoisePerM * curvatureNoisePerM)) ** 0.2;
  return len > meanSpacingM ? len : 0;
}

/**
 * Fits with the largest ℓ in [minLengthM, maxLengthM] whose residual Σ (over dimensions and points) stays
 * ≤ targetRss (Reinsch: n·σ² for n noisy points with noise σ across the line); ℓ = minLengthM when even that
 * leaves more residual. A fixed ℓ skips the search.
 */
export function chooseSmoothing(
  t: Float64Array,
  periodT: number,
  ys: Float64Array[],
  targetRss: number,
  opts: { fixedLengthM?: number; maxLengthM: number; minLengthM?: number },
): SmoothingChoice {
  const n = t.length;
  const meanH = periodT / n;
  const lambdaOf = (len: number): number => (len > 0 ? lambdaForLength(len, meanH) : 0);
  const fitAt = (len: number): SplineFitResult => fitPeriodicSpline(t, periodT, ys, lambdaOf(len));
  if (opts.fixedLengthM !== undefined) {
    const len = Math.max(0, opts.fixedLengthM);
    return { fit: fitAt(len), smoothingLengthM: len, lambda: lambdaOf(len) };
  }
  const floor = Math.min(opts.minLengthM ?? 0, opts.maxLengthM);
  const minLen = Math.max(1e-3, floor);
  const maxLen = Math.max(minLen, opts.maxLengthM);
  const atMax = fitAt(maxLen);
  if (atMax.rss <= targetRss) return { fit: atMax, smoothingLengthM: maxLen, lambda: lambdaOf(maxLen) };
  const atMin = fitAt(minLen);
  if (atMin.rss > targetRss) {
    const len = floor > 0 ? minLen : 0;
    return { fit: floor > 0 ? atMin : fitAt(0), smoothingLengthM: len, lambda: lambdaOf(len) };
  }
  let lo = Math.log(minLen);
  let hi = Math.log(maxLen);
  let best = atMin;
  let bestLen = minLen;
  for (let it = 0; it < 40 && hi - lo > 1e-3; it++) {
    const mid = 0.5 * (lo + hi);
    const f = fitAt(Math.exp(mid));
    if (f.rss <= targetRss) {
      lo = mid;
      best = f;
      bestLen = Math.exp(mid);
    } else hi = mid;
  }
  return { fit: best, smoothingLengthM: bestLen, lambda: lambdaOf(bestLen) };
}
