// A driver's racing line: a lateral offset n(s) from the centreline (+ left, m), chosen as the
// minimum-curvature path inside a per-driver corridor (how much of the outside and inside kerbs the
// driver uses, how late they allow the apex), held as a periodic cubic B-spline so that the path's
// curvature is exact and continuous.

import { curvatureAt, type TrackGeometry } from './track.ts';
import { offsetCurve } from '../geometry/offset-curve.ts';

export interface LineStyle {
  /** How far towards the outside edge of a corner the line may go (m from the centreline). */
  outsideUseM: number;
  /** How far towards the inside (apex kerb) the line may go (m from the centreline). */
  insideUseM: number;
  /** The inside is kept free until this far past the centreline apex (m): a late apex. 0 = geometric apex. */
  apexLateM: number;
}

export interface RacingLine {
  lengthM: number;
  /** Spline knot spacing (m) and control values (periodic, one per knot). */
  knotM: number;
  control: Float64Array;
}

/** Fast corners and kinks have no late apex: the line through them stays the minimum-curvature one. */
const LATE_APEX_MAX_RADIUS_M = 100;

/** Inside-direction (+1 left, −1 right) and bounds [lo, hi] of n at each knot. */
function corridor(track: TrackGeometry, style: LineStyle, knots: number, h: number): { lo: Float64Array; hi: Float64Array } {
  const L = track.lengthM;
  const lo = new Float64Array(knots);
  const hi = new Float64Array(knots);
  const corners = track.corners;
  for (let j = 0; j < knots; j++) {
    const s = j * h;
    // the governing corner: the one whose [entry, exit] span is nearest (cyclic distance)
    let best = corners[0];
    let bestD = Infinity;
    for (const c of corners) {
      const d = cyclicGap(s, c.entryM, c.exitM, L);
      if (d < bestD) { bestD = d; best = c; }
    }
    const inside = best.direction === 'left' ? 1 : -1;
    let insideUse = style.insideUseM;
    if (style.apexLateM > 0 && best.radiusM <= LATE_APEX_MAX_RADIUS_M) {
      // keep off the apex kerb until apexLateM past the centreline apex (measured along the corner)
      const late = best.apexM + style.apexLateM;
      const before = signedAlong(s, late, L); // < 0 before the late apex point
      if (before < 0 && before > -(late - best.entryM + 60)) {
        const w = smoothstep(Math.min(1, -before / 25));
        insideUse = style.insideUseM - (style.insideUseM - 0.5) * w;
      }
    }
    if (inside > 0) { hi[j] = insideUse; lo[j] = -style.outsideUseM; }
    else { hi[j] = style.outsideUseM; lo[j] = -insideUse; }
  }
  return { lo, hi };
}

function smoothstep(x: number): number {
  return x * x * (3 - 2 * x);
}

/** Distance from s to the interval [a, b] on a loop of length L (0 inside it). */
function cyclicGap(s: number, a: number, b: number, L: number): number {
  const inside = (x: number) => x >= a && x <= b;
  if (inside(s) || inside(s + L) || inside(s - L)) return 0;
  const d = (x: number, y: number) => { const r = Math.abs(x - y) % L; return Math.min(r, L - r); };
  return Math.min(d(s, a), d(s, b));
}

/** s − ref wrapped into [−L/2, L/2). */
function signedAlong(s: number, ref: number, L: number): number {
  let d = (s - ref) % L;
  if (d < -L / 2) d += L;
  if (d >= L / 2) d -= L;
  return d;
}

/** Workspace for `solvePentadiagonal`. */
interface PentaWork {
  D: Float64Array;
  l1: Float64Array;
  l2: Float64Array;
}

/** Solve the symmetric positive definite pentadiagonal system (d0 diagonal, d1/d2 first/second super-diagonals) into `out`. */
function solvePentadiagonal(d0: Float64Array, d1: Float64Array, d2: Float64Array, rhs: Float64Array, out: Float64Array, w: PentaWork): void {
  const m = d0.length;
  const { D, l1, l2 } = w;
  // LDLᵀ with unit lower bands l1, l2
  for (let i = 0; i < m; i++) {
    const a2 = i >= 2 ? d2[i - 2] : 0;
    const a1 = i >= 1 ? d1[i - 1] : 0;
    l2[i] = i >= 2 ? a2 / D[i - 2] : 0;
    l1[i] = i >= 1 ? (a1 - (i >= 2 ? l2[i] * D[i - 2] * l1[i - 1] : 0)) / D[i - 1] : 0;
    D[i] = d0[i] - (i >= 1 ? l1[i] * l1[i] * D[i - 1] : 0) - (i >= 2 ? l2[i] * l2[i] * D[i - 2] : 0);
  }
  for (let i = 0; i < m; i++) out[i] = rhs[i] - (i >= 1 ? l1[i] * out[i - 1] : 0) - (i >= 2 ? l2[i] * out[i - 2] : 0);
  for (let i = 0; i < m; i++) out[i] /= D[i];
  for (let i = m - 1; i >= 0; i--) out[i] -= (i + 1 < m ? l1[i + 1] * out[i + 1] : 0) + (i + 2 < m ? l2[i + 2] * out[i + 2] : 0);
}

/**
 * The line: minimise Σ w·κ² (κ from the second difference of the offset points, projected on the
 * centreline normal) with n inside the corridor. w = ds⁻³, refreshed from the solution's point
 * spacing, makes the sum ∫κ² ds along the line (not along the centreline, which would favour the
 * inside of every corner). A box-constrained quadratic programme, solved exactly by a primal–dual
 * active-set method over a banded system; the loop is cut in the middle of the longest straight and
 * solved over one lap plus a kilometre either side, then wrapped.
 */
export function buildRacingLine(track: TrackGeometry, style: LineStyle, knotM = 3): RacingLine {
  const L = track.lengthM;
  const cut = longestStraightMiddle(track);
  // coarse first: it settles which stretches hug a kerb, which warm-starts the fine solve
  const coarse = solveLine(track, style, cut, 12, undefined);
  const fine = solveLine(track, style, cut, knotM, coarse);
  const { m, h, overlap, n, lapIndex } = fine;
  // one lap from the cut, blended over the first stretch into the copy one lap on, so that it wraps smoothly
  const control = new Float64Array(m);
  const blend = Math.round(100 / h);
  for (let d = 0; d < m; d++) {
    const beta = Math.min(1, d / blend);
    control[lapIndex(overlap + d)] = beta < 1 ? beta * n[overlap + d] + (1 - beta) * n[overlap + m + d] : n[overlap + d];
  }
  return { lengthM: L, knotM: h, control };
}

interface LineSolution {
  m: number;
  h: number;
  overlap: number;
  /** Offsets over the cut-open domain (one lap plus the overlap either side) and the final working set. */
  n: Float64Array;
  state: Int8Array;
  lapIndex: (k: number) => number;
}

function solveLine(track: TrackGeometry, style: LineStyle, cut: number, knotM: number, warm: LineSolution | undefined): LineSolution {
  const L = track.lengthM;
  const m = Math.round(L / knotM);
  const h = L / m;
  const { lo: loLap, hi: hiLap } = corridor(track, style, m, h);
  const overlap = Math.round(1000 / h);
  const M = m + 2 * overlap;
  const sOf = (k: number) => cut + (k - overlap) * h;
  const lapIndex = (k: number) => (((Math.round((sOf(k) % L + L) % L / h)) % m) + m) % m;
  const cx = new Float64Array(M), cy = new Float64Array(M), nx = new Float64Array(M), ny = new Float64Array(M), kc = new Float64Array(M);
  const lo = new Float64Array(M), hi = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    const s = ((sOf(k) % L) + L) % L;
    const i = Math.min(track.distanceM.length - 2, Math.floor(s / track.stepM));
    const ds = s - track.distanceM[i];
    const th = track.headingRad[i] + track.curvature[i] * ds;
    cx[k] = track.xM[i] + ds * Math.cos(track.headingRad[i] + (track.curvature[i] * ds) / 2);
    cy[k] = track.yM[i] + ds * Math.sin(track.headingRad[i] + (track.curvature[i] * ds) / 2);
    nx[k] = -Math.sin(th);
    ny[k] = Math.cos(th);
    kc[k] = track.curvature[i];
    const j = lapIndex(k);
    lo[k] = loLap[j];
    hi[k] = hiLap[j];
  }
  // e_i = b_i + g(i-1,i)·n_{i-1} − 2·n_i + g(i+1,i)·n_{i+1}, for i = 1..M−2
  const b = new Float64Array(M), gm = new Float64Array(M), gp = new Float64Array(M);
  for (let i = 1; i < M - 1; i++) {
    b[i] = (cx[i - 1] - 2 * cx[i] + cx[i + 1]) * nx[i] + (cy[i - 1] - 2 * cy[i] + cy[i + 1]) * ny[i];
    gm[i] = nx[i - 1] * nx[i] + ny[i - 1] * ny[i];
    gp[i] = nx[i + 1] * nx[i] + ny[i + 1] * ny[i];
  }
  let n: Float64Array = new Float64Array(M);
  const state = new Int8Array(M);
  if (warm) {
    // the coarse solution's offsets (for the weights) and working set, sampled at this grid
    for (let k = 0; k < M; k++) {
      const kc0 = (sOf(k) - cut) / warm.h + warm.overlap;
      const a = Math.max(0, Math.min(warm.n.length - 2, Math.floor(kc0)));
      const f = Math.min(1, Math.max(0, kc0 - a));
      n[k] = warm.n[a] * (1 - f) + warm.n[a + 1] * f;
      state[k] = warm.state[Math.round(Math.max(0, Math.min(warm.n.length - 1, kc0)))];
    }
  }
  const w = new Float64Array(M);
  const passes = warm ? 2 : 3;
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 1; i < M - 1; i++) {
      const ds = h * Math.max(0.3, 1 - n[i] * kc[i]);
      w[i] = (h * h * h) / (ds * ds * ds);
    }
    // H = Bᵀ W B and g = Bᵀ W b
    const d0 = new Float64Array(M), d1 = new Float64Array(M), d2 = new Float64Array(M), grad = new Float64Array(M);
    for (let i = 1; i < M - 1; i++) {
      const r0 = gm[i], r1 = -2, r2 = gp[i], wi = w[i];
      grad[i - 1] += r0 * wi * b[i];
      grad[i] += r1 * wi * b[i];
      grad[i + 1] += r2 * wi * b[i];
      d0[i - 1] += r0 * wi * r0;
      d0[i] += r1 * wi * r1;
      d0[i + 1] += r2 * wi * r2;
      d1[i - 1] += r0 * wi * r1;
      d1[i] += r1 * wi * r2;
      d2[i - 1] += r0 * wi * r2;
    }
    // a small ridge keeps the ends (outside the lap) well posed
    for (let k = 0; k < M; k++) d0[k] += 1e-9;
    n = activeSetSolve(d0, d1, d2, grad, lo, hi, state, warm !== undefined || pass > 0);
  }
  return { m, h, overlap, n, state, lapIndex };
}

/**
 * Minimise ½nᵀHn + gᵀn subject to lo ≤ n ≤ hi, H pentadiagonal SPD. Without a working set, a few
 * primal–dual active-set sweeps find most of the active bounds quickly; a primal active-set method
 * (one bound added or released per step, monotone in the objective) then finishes exactly, since the
 * dual sweeps alone can cycle on this (non-M-matrix) system. `state` (−1 lower, +1 upper, 0 free)
 * is the warm start and is updated in place.
 */
function activeSetSolve(d0: Float64Array, d1: Float64Array, d2: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array, state: Int8Array, warm: boolean): Float64Array {
  const M = d0.length;
  const hv = (x: Float64Array, k: number) =>
    d0[k] * x[k] + (k + 1 < M ? d1[k] * x[k + 1] : 0) + (k >= 1 ? d1[k - 1] * x[k - 1] : 0) + (k + 2 < M ? d2[k] * x[k + 2] : 0) + (k >= 2 ? d2[k - 2] * x[k - 2] : 0);
  const work: PentaWork = { D: new Float64Array(M), l1: new Float64Array(M), l2: new Float64Array(M) };
  const fixed = new Float64Array(M), a0 = new Float64Array(M), a1 = new Float64Array(M), a2 = new Float64Array(M), rhs = new Float64Array(M);
  const target = new Float64Array(M);
  /** The minimiser with the bounded variables fixed at their bounds, into `target`. */
  const equalitySolve = (): void => {
    for (let k = 0; k < M; k++) fixed[k] = state[k] < 0 ? lo[k] : state[k] > 0 ? hi[k] : 0;
    for (let k = 0; k < M; k++) {
      a1[k] = 0;
      a2[k] = 0;
      if (state[k] !== 0) { a0[k] = 1; rhs[k] = fixed[k]; continue; }
      a0[k] = d0[k];
      rhs[k] = -g[k] - hv(fixed, k);
      if (k + 1 < M && state[k + 1] === 0) a1[k] = d1[k];
      if (k + 2 < M && state[k + 2] === 0) a2[k] = d2[k];
    }
    solvePentadiagonal(a0, a1, a2, rhs, target, work);
  };
  const x = new Float64Array(M);
  if (!warm) {
    // 1. primal–dual sweeps
    const lambda = new Float64Array(M);
    state.fill(0);
    for (let iter = 0; iter < 25; iter++) {
      let changed = iter === 0;
      for (let k = 0; k < M; k++) {
        const c = d0[k];
        const s = lambda[k] + c * (lo[k] - x[k]) > 0 ? -1 : lambda[k] + c * (hi[k] - x[k]) < 0 ? 1 : 0;
        if (s !== state[k]) { state[k] = s; changed = true; }
      }
      if (!changed) break;
      equalitySolve();
      x.set(target);
      for (let k = 0; k < M; k++) lambda[k] = state[k] !== 0 ? hv(x, k) + g[k] : 0;
    }
  } else {
    equalitySolve();
    x.set(target);
  }
  // 2. primal active set from the clamped point
  for (let k = 0; k < M; k++) {
    if (x[k] <= lo[k]) { x[k] = lo[k]; state[k] = -1; }
    else if (x[k] >= hi[k]) { x[k] = hi[k]; state[k] = 1; }
    else if (state[k] !== 0) state[k] = 0;
  }
  const tol = 1e-10;
  for (let iter = 0; iter < 20000; iter++) {
    equalitySolve();
    let alpha = 1;
    let blocking = -1;
    for (let k = 0; k < M; k++) {
      if (state[k] !== 0) continue;
      const step = target[k] - x[k];
      if (target[k] < lo[k] - tol && step < 0) {
        const a = (lo[k] - x[k]) / step;
        if (a < alpha) { alpha = a; blocking = k; }
      } else if (target[k] > hi[k] + tol && step > 0) {
        const a = (hi[k] - x[k]) / step;
        if (a < alpha) { alpha = a; blocking = k; }
      }
    }
    for (let k = 0; k < M; k++) if (state[k] === 0) x[k] += alpha * (target[k] - x[k]);
    if (blocking >= 0) {
      const k = blocking;
      state[k] = target[k] < lo[k] ? -1 : 1;
      x[k] = state[k] < 0 ? lo[k] : hi[k];
      continue;
    }
    // at the minimiser on this working set: release the bound whose multiplier has the wrong sign the most
    let worst = -1, worstV = 1e-9;
    for (let k = 0; k < M; k++) {
      if (state[k] === 0) continue;
      const l = hv(x, k) + g[k];
      const v = state[k] < 0 ? -l : l;
      if (v > worstV) { worstV = v; worst = k; }
    }
    if (worst < 0) break;
    state[worst] = 0;
  }
  return x;
}

/** Distance of the middle of the longest stretch of zero curvature. */
function longestStraightMiddle(track: TrackGeometry): number {
  let best = 0, bestMid = 0;
  for (const seg of track.segments) {
    if (seg.k0 === 0 && seg.k1 === 0 && seg.lengthM > best) { best = seg.lengthM; bestMid = seg.startM + seg.lengthM / 2; }
  }
  return bestMid;
}

export interface OffsetSample {
  n: number;
  dn: number;
  ddn: number;
}

/** Uniform periodic cubic B-spline value and derivatives at s. */
export function lineOffsetAt(line: RacingLine, s: number): OffsetSample {
  const m = line.control.length;
  const h = line.knotM;
  let x = (s % line.lengthM) / h;
  if (x < 0) x += m;
  const i = Math.floor(x);
  const t = x - i;
  const c = line.control;
  const p0 = c[(i - 1 + m) % m], p1 = c[i % m], p2 = c[(i + 1) % m], p3 = c[(i + 2) % m];
  const t2 = t * t, t3 = t2 * t;
  const n = ((1 - t) ** 3 * p0 + (3 * t3 - 6 * t2 + 4) * p1 + (-3 * t3 + 3 * t2 + 3 * t + 1) * p2 + t3 * p3) / 6;
  const dn = (-((1 - t) ** 2) * p0 + (3 * t2 - 4 * t) * p1 + (-3 * t2 + 2 * t + 1) * p2 + t2 * p3) / (2 * h);
  const ddn = ((1 - t) * p0 + (3 * t - 2) * p1 + (-3 * t + 1) * p2 + t * p3) / (h * h);
  return { n, dn, ddn };
}

/**
 * Curvature of the offset path r = C + n·N and its length per unit centreline distance,
 * from the centreline curvature κ, its rate κ' and n, n', n''.
 */
export function offsetPathGeometry(kappa: number, kappaRate: number, o: OffsetSample): { curvature: number; stretch: number } {
  const p = offsetCurve(kappa, kappaRate, o.n, o.dn, o.ddn);
  return { curvature: p.curvaturePerM, stretch: p.stretch };
}

/** Path curvature and stretch of a racing line at centreline distance s. */
export function linePathAt(track: TrackGeometry, line: RacingLine, s: number): { curvature: number; stretch: number; offset: OffsetSample } {
  const k = curvatureAt(track, s);
  const offset = lineOffsetAt(line, s);
  return { ...offsetPathGeometry(k.curvature, k.curvatureRate, offset), offset };
}
