// Periodic cubic smoothing spline (Reinsch form) through closed-curve samples: minimises
// Σ (y_i − f(t_i))² + λ ∫ f''² dt with f, f', f'' periodic. Same knots for every coordinate, so x(t), y(t)
// (and elevation) share one parametrisation. Evaluation returns value, first and second derivative.

import { factorCyclicBand, solveCyclicBand } from './cyclic-banded.ts';

/** A fitted periodic cubic spline: values and second derivatives at the knots, one array per dimension. */
export interface PeriodicSpline {
  /** Knot parameters, strictly increasing, knotsT[0] ≤ t < knotsT[0] + periodT. */
  knotsT: Float64Array;
  periodT: number;
  values: Float64Array[];
  second: Float64Array[];
}

export interface SplineFitResult {
  spline: PeriodicSpline;
  /** Σ over dimensions and points of (y − f)². */
  rss: number;
}

/** Knot spacings h_i = t_{i+1} − t_i, the last one wrapping by the period. */
export function knotSpacings(t: Float64Array, periodT: number): Float64Array {
  const n = t.length;
  const h = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) h[i] = t[i + 1] - t[i];
  h[n - 1] = t[0] + periodT - t[n - 1];
  for (let i = 0; i < n; i++) if (!(h[i] > 0)) throw new RangeError(`knots not strictly increasing at ${i}`);
  return h;
}

/** Fits the smoothing spline with parameter lambda (λ = 0 interpolates). */
export function fitPeriodicSpline(t: Float64Array, periodT: number, ys: Float64Array[], lambda: number): SplineFitResult {
  const n = t.length;
  if (n < 6) throw new RangeError('a periodic spline needs at least 6 points');
  const h = knotSpacings(t, periodT);
  const ih = h.map((v) => 1 / v);
  // Q (symmetric cyclic tridiagonal): Q[i-1][i] = 1/h_{i-1}, Q[i][i] = −1/h_{i-1} − 1/h_i, Q[i+1][i] = 1/h_i.
  const q0 = new Float64Array(n);
  const q1 = new Float64Array(n); // Q[i][i+1] = 1/h_i
  for (let i = 0; i < n; i++) {
    q0[i] = -ih[(i - 1 + n) % n] - ih[i];
    q1[i] = ih[i];
  }
  // A = R + λ Q Q (weights 1). (QQ)[i][i+k] for k = 0, 1, 2.
  const b0 = new Float64Array(n);
  const b1 = new Float64Array(n);
  const b2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const im = (i - 1 + n) % n;
    const ip = (i + 1) % n;
    b0[i] = (h[im] + h[i]) / 3 + lambda * (q1[im] * q1[im] + q0[i] * q0[i] + q1[i] * q1[i]);
    b1[i] = h[i] / 6 + lambda * (q0[i] * q1[i] + q1[i] * q0[ip]);
    b2[i] = lambda * (q1[i] * q1[ip]);
  }
  const factor = factorCyclicBand({ n, bands: [b0, b1, b2] });
  const values: Float64Array[] = [];
  const second: Float64Array[] = [];
  let rss = 0;
  for (const y of ys) {
    if (y.length !== n) throw new RangeError('values and knots differ in length');
    const qy = applyQ(q0, q1, y);
    const gamma = solveCyclicBand(factor, qy);
    const qg = applyQ(q0, q1, gamma);
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = lambda * qg[i];
      f[i] = y[i] - r;
      rss += r * r;
    }
    values.push(f);
    second.push(gamma);
  }
  return { spline: { knotsT: t, periodT, values, second }, rss };
}

function applyQ(q0: Float64Array, q1: Float64Array, v: Float64Array): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const im = (i - 1 + n) % n;
    const ip = (i + 1) % n;
    out[i] = q1[im] * v[im] + q0[i] * v[i] + q1[i] * v[ip];
  }
  return out;
}

/** Index of the knot interval holding t (already reduced into the period). */
export function knotInterval(spline: PeriodicSpline, t: number): number {
  const k = spline.knotsT;
  let lo = 0;
  let hi = k.length - 1;
  if (t >= k[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (k[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Reduces t into [t0, t0 + period). */
export function wrapParameter(spline: PeriodicSpline, t: number): number {
  const t0 = spline.knotsT[0];
  const p = spline.periodT;
  let u = (t - t0) % p;
  if (u < 0) u += p;
  return t0 + u;
}

/**
 * Value, first and second derivative of dimension `dim` at t, written to out[0..2].
 * `interval` may be passed when already known: t must then lie in [knotsT[interval], next knot] (unwrapped).
 */
export function evaluateSpline(spline: PeriodicSpline, dim: number, tIn: number, out: Float64Array, interval = -1): void {
  const t = interval >= 0 ? tIn : wrapParameter(spline, tIn);
  const i = interval >= 0 ? interval : knotInterval(spline, t);
  const n = spline.knotsT.length;
  const j = i + 1 === n ? 0 : i + 1;
  const ti = spline.knotsT[i];
  const h = (j === 0 ? spline.knotsT[0] + spline.periodT : spline.knotsT[j]) - ti;
  const f = spline.values[dim];
  const g = spline.second[dim];
  const b = (t - ti) / h;
  const a = 1 - b;
  const h26 = (h * h) / 6;
  out[0] = a * f[i] + b * f[j] + ((a * a * a - a) * g[i] + (b * b * b - b) * g[j]) * h26;
  out[1] = (f[j] - f[i]) / h + ((1 - 3 * a * a) * g[i] + (3 * b * b - 1) * g[j]) * (h / 6);
  out[2] = a * g[i] + b * g[j];
}
