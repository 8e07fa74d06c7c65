// The GPS-minus-dead-reckoning residual of the map-matching, fitted by a tricube-weighted local-linear
// regression over a window of seconds (with one robust pass in the caller): it carries the speed sensor's
// scale error and averages the GPS noise; across a GPS dropout it is interpolated.

import { interpolateSorted } from './interpolate.ts';

/** The fit is evaluated every window / EVALS_PER_WINDOW seconds (at least every second), then interpolated onto the knots. */
const EVALS_PER_WINDOW = 20;

/**
 * Tricube-weighted local-linear fit of r(t) (weights w, 0 = rejected) at evaluation points every
 * RESIDUAL_EVAL_STEP_S (a twentieth of the window, at least 1 s), interpolated onto the knots. The fixes are first pooled into bins of that width
 * (weighted mean time and value), which the fit then weighs: the same fit to well under a centimetre for
 * windows of seconds, at a fraction of the cost. Where no fix lies within the window, the fit is
 * interpolated between its neighbours (a GPS dropout bridged by the speed integral).
 */
export function fitResidual(t: Float64Array, r: Float64Array, w: Float64Array, knotT: Float64Array, halfS: number): Float64Array {
  const RESIDUAL_EVAL_STEP_S = Math.max(1, halfS / EVALS_PER_WINDOW);
  const nk = knotT.length;
  const start = knotT[0];
  const end = knotT[nk - 1];
  const ne = Math.max(2, Math.ceil((end - start) / RESIDUAL_EVAL_STEP_S) + 1);
  // pool the fixes into bins of one evaluation step
  const bw = new Float64Array(ne);
  const bt = new Float64Array(ne);
  const br = new Float64Array(ne);
  for (let k = 0; k < t.length; k++) {
    if (!w[k]) continue;
    const b = Math.min(ne - 1, Math.max(0, Math.round((t[k] - start) / RESIDUAL_EVAL_STEP_S)));
    bw[b] += 1;
    bt[b] += t[k] - start;
    br[b] += r[k];
  }
  for (let b = 0; b < ne; b++) {
    if (bw[b] > 0) {
      bt[b] /= bw[b];
      br[b] /= bw[b];
    }
  }
  const et = new Float64Array(ne);
  const ev = new Float64Array(ne).fill(NaN);
  const reach = Math.ceil(halfS / RESIDUAL_EVAL_STEP_S) + 1;
  for (let e = 0; e < ne; e++) {
    const tau = Math.min(end - start, e * RESIDUAL_EVAL_STEP_S);
    et[e] = start + tau;
    let s0 = 0, s1 = 0, s2 = 0, r0 = 0, r1 = 0;
    for (let b = Math.max(0, e - reach); b <= Math.min(ne - 1, e + reach); b++) {
      if (!bw[b]) continue;
      const u = (bt[b] - tau) / halfS;
      const au = Math.abs(u);
      if (au >= 1) continue;
      const c = 1 - au * au * au;
      const wt = bw[b] * c * c * c;
      s0 += wt; s1 += wt * u; s2 += wt * u * u; r0 += wt * br[b]; r1 += wt * u * br[b];
    }
    if (s0 <= 0) continue;
    const det = s0 * s2 - s1 * s1;
    ev[e] = det > 1e-6 * s0 * s0 ? (s2 * r0 - s1 * r1) / det : r0 / s0;
  }
  // bridge evaluation points without fixes
  let first = -1;
  for (let e = 0; e < ne; e++) if (Number.isFinite(ev[e])) { first = e; break; }
  if (first < 0) return new Float64Array(nk);
  for (let e = 0; e < first; e++) ev[e] = ev[first];
  let last = first;
  for (let e = first + 1; e < ne; e++) {
    if (!Number.isFinite(ev[e])) continue;
    for (let g = last + 1; g < e; g++) ev[g] = ev[last] + ((ev[e] - ev[last]) * (g - last)) / (e - last);
    last = e;
  }
  for (let e = last + 1; e < ne; e++) ev[e] = ev[last];
  return interpolateSorted(et, ev, knotT);
}

/** Median by quickselect (reorders its argument). */
export function quickMedian(v: Float64Array): number {
  const n = v.length;
  if (n === 0) return 0;
  const k = n >> 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const tmp = v[i];
        v[i++] = v[j];
        v[j--] = tmp;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return v[k];
}
