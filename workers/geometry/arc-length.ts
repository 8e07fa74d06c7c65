// Exact arc length along a periodic planar spline (x = dim 0, y = dim 1): Gauss–Legendre quadrature on
// sub-intervals of at most 1 parameter unit, and its inverse (parameter at a given length) by Newton iteration.

import { evaluateSpline, knotInterval, wrapParameter, type PeriodicSpline } from './periodic-spline.ts';

const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_W = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891];

export interface ArcLengthTable {
  spline: PeriodicSpline;
  /** Quadrature nodes: parameter, cumulative arc length from knotsT[0], and the knot interval they start. */
  nodeT: Float64Array;
  nodeS: Float64Array;
  nodeInterval: Int32Array;
  lengthM: number;
}

const scratch = new Float64Array(3);

function speed(spline: PeriodicSpline, t: number, interval: number): number {
  evaluateSpline(spline, 0, t, scratch, interval);
  const dx = scratch[1];
  evaluateSpline(spline, 1, t, scratch, interval);
  return Math.hypot(dx, scratch[1]);
}

/** ∫ |r'| dt from a to b, both inside knot interval `interval`. */
function integrate(spline: PeriodicSpline, a: number, b: number, interval: number): number {
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  let s = 0;
  for (let k = 0; k < 5; k++) s += GL_W[k] * speed(spline, mid + half * GL_X[k], interval);
  return s * half;
}

export function buildArcLengthTable(spline: PeriodicSpline, maxStepT = 1): ArcLengthTable {
  const knots = spline.knotsT;
  const n = knots.length;
  const ts: number[] = [];
  const ss: number[] = [];
  const iv: number[] = [];
  let s = 0;
  for (let i = 0; i < n; i++) {
    const a = knots[i];
    const b = i + 1 < n ? knots[i + 1] : knots[0] + spline.periodT;
    const pieces = Math.max(1, Math.ceil((b - a) / maxStepT));
    for (let q = 0; q < pieces; q++) {
      const ta = a + ((b - a) * q) / pieces;
      const tb = q + 1 === pieces ? b : a + ((b - a) * (q + 1)) / pieces;
      ts.push(ta);
      ss.push(s);
      iv.push(i);
      s += integrate(spline, ta, tb, i);
    }
  }
  ts.push(knots[0] + spline.periodT);
  ss.push(s);
  iv.push(0);
  return {
    spline,
    nodeT: Float64Array.from(ts),
    nodeS: Float64Array.from(ss),
    nodeInterval: Int32Array.from(iv),
    lengthM: s,
  };
}

/** Arc length from knotsT[0] to t (t reduced into the period). */
export function arcLengthAt(table: ArcLengthTable, tIn: number): number {
  const t = wrapParameter(table.spline, tIn);
  const j = lastLE(table.nodeT, t);
  return table.nodeS[j] + integrate(table.spline, table.nodeT[j], t, table.nodeInterval[j]);
}

/** Parameter t at arc length s (s reduced into [0, length)), to ~1e-10 m. */
export function parameterAtArcLength(table: ArcLengthTable, sIn: number): number {
  const L = table.lengthM;
  let s = sIn % L;
  if (s < 0) s += L;
  const j = Math.min(lastLE(table.nodeS, s), table.nodeT.length - 2);
  const ta = table.nodeT[j];
  const tb = table.nodeT[j + 1];
  const sa = table.nodeS[j];
  const sb = table.nodeS[j + 1];
  const interval = table.nodeInterval[j];
  let t = ta + ((tb - ta) * (s - sa)) / Math.max(1e-300, sb - sa);
  for (let it = 0; it < 20; it++) {
    const err = sa + integrate(table.spline, ta, t, interval) - s;
    const v = speed(table.spline, t, interval);
    const next = Math.min(tb, Math.max(ta, t - err / Math.max(v, 1e-12)));
    const done = Math.abs(next - t) < 1e-12 * Math.max(1, Math.abs(t));
    t = next;
    if (done || Math.abs(err) < 1e-11) break;
  }
  return t;
}

function lastLE(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  if (v >= a[hi]) return hi;
  if (v < a[0]) return 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Parameter of the point on the curve nearest to (xM, yM): coarse scan over the nodes, then Newton. */
export function nearestParameter(table: ArcLengthTable, xM: number, yM: number): number {
  const sp = table.spline;
  const out = new Float64Array(3);
  let bestT = table.nodeT[0];
  let bestD = Infinity;
  for (let j = 0; j < table.nodeT.length - 1; j++) {
    const t = table.nodeT[j];
    const iv = table.nodeInterval[j];
    evaluateSpline(sp, 0, t, out, iv);
    const x = out[0];
    evaluateSpline(sp, 1, t, out, iv);
    const d = (x - xM) ** 2 + (out[0] - yM) ** 2;
    if (d < bestD) {
      bestD = d;
      bestT = t;
    }
  }
  let t = bestT;
  const ox = new Float64Array(3);
  const oy = new Float64Array(3);
  for (let it = 0; it < 30; it++) {
    const iv = knotInterval(sp, wrapParameter(sp, t));
    evaluateSpline(sp, 0, t, ox, iv);
    evaluateSpline(sp, 1, t, oy, iv);
    const rx = ox[0] - xM;
    const ry = oy[0] - yM;
    const g = rx * ox[1] + ry * oy[1];
    const dg = ox[1] * ox[1] + oy[1] * oy[1] + rx * ox[2] + ry * oy[2];
    const step = dg > 0 ? g / dg : 0;
    const lim = 0.5;
    t = wrapParameter(sp, t - Math.max(-lim, Math.min(lim, step)));
    if (Math.abs(step) < 1e-10) break;
  }
  return t;
}

/**
 * Re-parametrises data points by the arc length of their projections onto the fitted curve (the curve's
 * knots are the points' current parameters). Chord lengths of noisy points zig-zag; arc length along the
 * smoothed curve does not, so the next fit sees only the across-line part of the noise.
 */
export function reparametrize(table: ArcLengthTable, xM: Float64Array, yM: Float64Array): { t: Float64Array; periodT: number } {
  const sp = table.spline;
  const n = xM.length;
  const knots = sp.knotsT;
  const L = table.lengthM;
  const s = new Float64Array(n);
  const ox = new Float64Array(3);
  const oy = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const lo = i > 0 ? knots[i - 1] : knots[n - 1] - sp.periodT;
    const hi = i + 1 < n ? knots[i + 1] : knots[0] + sp.periodT;
    let t = knots[i];
    for (let it = 0; it < 8; it++) {
      evaluateSpline(sp, 0, t, ox);
      evaluateSpline(sp, 1, t, oy);
      const rx = ox[0] - xM[i];
      const ry = oy[0] - yM[i];
      const g = rx * ox[1] + ry * oy[1];
      const dg = ox[1] * ox[1] + oy[1] * oy[1] + rx * ox[2] + ry * oy[2];
      if (!(dg > 0)) break;
      const next = Math.min(hi, Math.max(lo, t - g / dg));
      const done = Math.abs(next - t) < 1e-9;
      t = next;
      if (done) break;
    }
    s[i] = arcLengthAt(table, t);
  }
  // Unwrap relative to the first point and keep strictly increasing.
  const minGap = (1e-3 * L) / n;
  const out = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    let d = (s[i] - s[0]) % L;
    if (d < 0) d += L;
    out[i] = Math.max(d, out[i - 1] + minGap);
  }
  if (out[n - 1] > L - minGap) {
    // Squeeze the tail back inside the period (only happens with points doubling back at the very end).
    const scale = (L - minGap) / out[n - 1];
    for (let i = 1; i < n; i++) out[i] *= scale;
  }
  return { t: out, periodT: L };
}
