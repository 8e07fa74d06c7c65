// The map-matching's fusion: the distance driven between knots turned into reference-line distance
// through the driven line, ds = dp / √((1 − κn)² + n′²), plus a robust local-linear fit of what GPS says
// it should be (GPS distance − dead reckoning): that fit carries the sensor's scale error and averages the
// GPS noise. Top-level functions over plain arrays: they run over every knot of a session.

import { atUniform } from './interpolate.ts';
import { fitResidual, quickMedian } from './residual-fit.ts';

export interface DeadReckoning {
  /** Distance driven between consecutive knots (m, NaN where unknown; [0] unused). */
  dPath: Float64Array;
  /** The GPS's own distance along the line at each knot (unwrapped, m): the step where dPath is unknown. */
  sRaw: Float64Array;
  /** Knot times: uniform, s. */
  knotT: Float64Array;
  /** The reference line's curvature on its 1 m grid (1/m) and its length (m). */
  kappa: Float64Array;
  lengthM: number;
  /** The accepted GPS fixes: time (s) and distance along the line (unwrapped, m). */
  fixT: Float64Array;
  fixDistanceM: Float64Array;
  /** Half-width of the residual fit (s). */
  residualWindowS: number;
}

export interface FusedDistance {
  /** Distance along the reference line at each knot, non-decreasing (m). */
  distance: Float64Array;
  /** RMS of the used fixes' residual from the fit (m). */
  residualRmsM: number;
  /** Per fix: 1 used, 0 an outlier. */
  weights: Float64Array;
}

/** Refits after dropping outlying fixes. */
const ROBUST_PASSES = 1;

/**
 * The fused distance with the driven line `lineM` (offset at each knot, NaN = keep the last known one)
 * placed at `at` (each knot's distance along the line). `keep`: an earlier pass's outlier choice, reused.
 */
export function fuseDistance(dr: DeadReckoning, lineM: Float64Array, at: Float64Array, keep?: Float64Array): FusedDistance {
  const S = integrateAlongLine(dr.dPath, dr.sRaw, lineM, at, dr.kappa, dr.lengthM);
  const { fixT: ft, fixDistanceM: fs, knotT } = dr;
  const m = ft.length;
  const nk = knotT.length;
  const t0 = knotT[0];
  const step = nk > 1 ? knotT[1] - knotT[0] : 1;
  const r = new Float64Array(m);
  for (let k = 0; k < m; k++) r[k] = fs[k] - atUniform(S, t0, step, ft[k]);
  const w = keep ?? new Float64Array(m).fill(1);
  let fit = fitResidual(ft, r, w, knotT, dr.residualWindowS);
  const e = new Float64Array(m);
  for (let pass = keep ? ROBUST_PASSES : 0; pass <= ROBUST_PASSES; pass++) {
    for (let k = 0; k < m; k++) e[k] = r[k] - atUniform(fit, t0, step, ft[k]);
    if (pass === ROBUST_PASSES) break;
    // the robust scale from at most ~20 000 fixes spread over the session
    const every = Math.max(1, Math.floor(m / 20_000));
    const abs = new Float64Array(Math.ceil(m / every));
    for (let k = 0, q = 0; k < m; k += every) abs[q++] = Math.abs(e[k]);
    const limit = Math.max(4 * 1.4826 * quickMedian(abs), 1.0);
    let changed = false;
    for (let k = 0; k < m; k++) {
      const used = Math.abs(e[k]) <= limit ? 1 : 0;
      if (used !== w[k]) changed = true;
      w[k] = used;
    }
    if (!changed) break;
    fit = fitResidual(ft, r, w, knotT, dr.residualWindowS);
  }
  let acc = 0;
  let cnt = 0;
  for (let k = 0; k < m; k++) if (w[k]) { acc += e[k] * e[k]; cnt++; }
  for (let j = 0; j < nk; j++) S[j] += fit[j];
  for (let j = 1; j < nk; j++) if (S[j] < S[j - 1]) S[j] = S[j - 1];
  return { distance: S, residualRmsM: cnt ? Math.sqrt(acc / cnt) : 0, weights: w };
}

/**
 * Reference-line distance from the distance driven: ds = dp / √((1 − κn)² + n′²) between knots, with the
 * line's offset n and κ at the knots' places `at`; where the distance driven is unknown, the GPS
 * distance's step. Starts at 0.
 */
export function integrateAlongLine(dPath: Float64Array, sRaw: Float64Array, lineM: Float64Array, at: Float64Array, kappa: Float64Array, L: number): Float64Array {
  const nk = dPath.length;
  const S = new Float64Array(nk);
  const nGrid = kappa.length;
  let lastN = 0;
  for (let j = 1; j < nk; j++) {
    const inc = dPath[j];
    if (!(inc === inc)) {
      S[j] = S[j - 1] + (sRaw[j] - sRaw[j - 1]);
      continue;
    }
    const n0 = lineM[j - 1];
    const n1 = lineM[j];
    const known = n0 === n0 && n1 === n1;
    const nMid = known ? 0.5 * (n0 + n1) : lastN;
    if (known) lastN = nMid;
    const ds = at[j] - at[j - 1];
    const slope = known && ds > 0.05 ? Math.max(-0.5, Math.min(0.5, (n1 - n0) / ds)) : 0;
    // curvature at the interval's middle, linear on the 1 m grid
    const mid = 0.5 * (at[j] + at[j - 1]);
    let w = mid - L * Math.floor(mid / L);
    if (!(w < L)) w = 0;
    const i = Math.min(nGrid - 1, Math.floor(w));
    const f = Math.min(1, w - i);
    const k = kappa[i] + f * (kappa[i + 1 < nGrid ? i + 1 : 0] - kappa[i]);
    const a = 1 - k * nMid;
    S[j] = S[j - 1] + inc / Math.sqrt(a * a + slope * slope);
  }
  return S;
}
