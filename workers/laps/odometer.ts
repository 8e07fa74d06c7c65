// Distance driven between query times: from a speed channel (the exact integral of the speed taken linear
// between its samples), or from the logger's lap-distance odometer (its own steps, shaped by the speed
// between samples). Where a channel has a hole longer than maxGapS the increment is unknown (NaN).

import { interpolateSorted } from './interpolate.ts';

/**
 * Increments of ∫v dt over consecutive query intervals [q[j−1], q[j]] (out[0] = 0). An interval touching a
 * speed gap longer than maxGapS, or outside the speed channel's span, gets NaN.
 */
export function odometerIncrements(speedT: Float64Array, speedV: Float64Array, queryT: Float64Array, maxGapS: number): Float64Array {
  const m = queryT.length;
  const out = new Float64Array(m);
  const n = speedT.length;
  if (n < 2) {
    out.fill(NaN);
    out[0] = 0;
    return out;
  }
  // cumulative integral at each speed sample
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) cum[i] = cum[i - 1] + 0.5 * (speedV[i] + speedV[i - 1]) * (speedT[i] - speedT[i - 1]);
  let k = 0;
  let prev = NaN;
  let prevOk = false;
  for (let j = 0; j < m; j++) {
    const t = queryT[j];
    let value = NaN;
    let ok = false;
    if (t >= speedT[0] && t <= speedT[n - 1]) {
      while (k < n - 2 && speedT[k + 1] <= t) k++;
      const t0 = speedT[k];
      const dt = speedT[k + 1] - t0;
      const tau = t - t0;
      const v0 = speedV[k];
      const slope = dt > 0 ? (speedV[k + 1] - v0) / dt : 0;
      value = cum[k] + v0 * tau + 0.5 * slope * tau * tau;
      ok = dt <= maxGapS;
    }
    if (j > 0) out[j] = ok && prevOk && noGapBetween(speedT, queryT[j - 1], t, maxGapS, k) ? value - prev : NaN;
    prev = value;
    prevOk = ok;
  }
  return out;
}

/** True when no speed interval inside [a, b] is longer than maxGapS (k: the interval containing b). */
function noGapBetween(speedT: Float64Array, a: number, b: number, maxGapS: number, k: number): boolean {
  for (let i = k; i >= 0 && speedT[i + 1] > a; i--) if (speedT[i + 1] - speedT[i] > maxGapS) return false;
  return b >= a;
}

/** An odometer step farther than this from the speed integral over it is a reset or a glitch: tolerance (m) + share of the step. */
const ODOMETER_TOLERANCE_M = 0.5;
const ODOMETER_TOLERANCE_SHARE = 0.1;

/**
 * Increments of the distance driven over consecutive query intervals, from the logger's lap-distance
 * odometer: its steps between samples (the distance itself, not an integral, so no error accumulates over
 * braking and acceleration kinks the samples do not resolve), cubic Hermite with the speed between samples.
 * A step that disagrees with the speed integral over it (the reset at the line, a glitch) is replaced by
 * that integral. Intervals touching an odometer gap longer than maxGapS, or outside its span, get NaN.
 */
export function lapOdometerIncrements(
  distanceT: Float64Array,
  distanceV: Float64Array,
  speedT: Float64Array,
  speedV: Float64Array,
  queryT: Float64Array,
  maxGapS: number,
): Float64Array {
  const n = distanceT.length;
  const m = queryT.length;
  const out = new Float64Array(m).fill(NaN);
  out[0] = 0;
  if (n < 2 || speedT.length < 2) return out;
  const v = interpolateSorted(speedT, speedV, distanceT);
  // the speed integral at the odometer's samples: the check of each step, and the base of the smoothing
  const integral = new Float64Array(n);
  const path = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const over = 0.5 * (v[i] + v[i - 1]) * (distanceT[i] - distanceT[i - 1]);
    integral[i] = integral[i - 1] + over;
    const step = distanceV[i] - distanceV[i - 1];
    const ok = Number.isFinite(step) && Math.abs(step - over) <= ODOMETER_TOLERANCE_M + ODOMETER_TOLERANCE_SHARE * Math.abs(over);
    path[i] = path[i - 1] + (ok ? step : over);
  }
  smoothQuantisation(distanceT, integral, path);
  let k = 0;
  let prev = NaN;
  for (let j = 0; j < m; j++) {
    const t = queryT[j];
    let value = NaN;
    if (t >= distanceT[0] && t <= distanceT[n - 1]) {
      while (k < n - 2 && distanceT[k + 1] <= t) k++;
      const h = distanceT[k + 1] - distanceT[k];
      if (h <= maxGapS && h > 0) {
        const x = (t - distanceT[k]) / h;
        const x2 = x * x;
        const x3 = x2 * x;
        value = (2 * x3 - 3 * x2 + 1) * path[k] + (x3 - 2 * x2 + x) * h * v[k] + (3 * x2 - 2 * x3) * path[k + 1] + (x3 - x2) * h * v[k + 1];
      }
    }
    if (j > 0) out[j] = value - prev;
    prev = value;
  }
  return out;
}


/** Half-width of the odometer's quantisation smoothing (s). */
const QUANTISATION_HALF_S = 1;

/**
 * The odometer counts in steps of its resolution (0.1 m is common): at each sample it is off by up to half
 * a step, which the speed integral does not share. The difference odometer − speed integral changes only
 * slowly (the speed sensor's scale), so a tricube local-linear fit of it over ±QUANTISATION_HALF_S, added
 * back to the integral (`integral`: the speed integral at the samples), keeps the odometer's distance and
 * drops its quantisation.
 */
function smoothQuantisation(t: Float64Array, integral: Float64Array, path: Float64Array): void {
  const n = t.length;
  if (!(QUANTISATION_HALF_S > 0) || n < 3) return;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = path[i] - integral[i];
  const h = QUANTISATION_HALF_S;
  let lo = 0;
  let hi = 0;
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    while (t[lo] < t[i] - h) lo++;
    while (hi < n - 1 && t[hi + 1] <= t[i] + h) hi++;
    let s0 = 0, s1 = 0, s2 = 0, r0 = 0, r1 = 0;
    for (let k = lo; k <= hi; k++) {
      const u = (t[k] - t[i]) / h;
      const a = Math.abs(u);
      if (a >= 1) continue;
      const w3 = 1 - a * a * a;
      const w = w3 * w3 * w3;
      s0 += w; s1 += w * u; s2 += w * u * u; r0 += w * c[k]; r1 += w * u * c[k];
    }
    const det = s0 * s2 - s1 * s1;
    fitted[i] = det > 1e-9 * s0 * s0 ? (s2 * r0 - s1 * r1) / det : r0 / s0;
  }
  for (let i = 0; i < n; i++) path[i] = integral[i] + fitted[i];
}
