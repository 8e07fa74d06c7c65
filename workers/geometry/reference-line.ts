// Builds the reference line: closed input points (local metres) → periodic cubic smoothing spline with a
// noise-driven smoothing length → resampled every 1 m of exact arc length from the start/finish line, with
// heading, signed curvature (+ left), and widths / elevation carried over where the input has them.

import { arcLengthAt, buildArcLengthTable, nearestParameter, parameterAtArcLength, reparametrize } from './arc-length.ts';
import { evaluateSpline, knotInterval, type PeriodicSpline } from './periodic-spline.ts';
import { chordParameters, cleanClosedPolyline, closedPolylineLengthM } from './polyline.ts';
import { chooseSmoothing, estimateNoise1d, estimateNoiseAcross, smoothingFloorM } from './smoothing.ts';
import type { SmoothingReport, TrackGrid } from './types.ts';

export interface ReferenceLineInput {
  xM: ArrayLike<number>;
  yM: ArrayLike<number>;
  widthLeftM?: ArrayLike<number>;
  widthRightM?: ArrayLike<number>;
  elevationM?: ArrayLike<number>;
  /** Point whose projection on the line becomes distance 0; default: the first input point. */
  startFinish?: { xM: number; yM: number };
}

export interface ReferenceLineOptions {
  /** Fixed smoothing length ℓ in metres (0 = interpolate); default: chosen from the estimated noise. */
  smoothingLengthM?: number;
  /** Noise of the points across the line, metres; default: estimated from the points. */
  noiseM?: number;
  /** Upper bound for the chosen ℓ, metres (default 20). */
  maxSmoothingLengthM?: number;
  /** Grid step along the line, metres (default 1). */
  stepM?: number;
}

export const MIN_TRACK_POINTS = 6;
const REPARAMETRISE_PASSES = 2;

export function buildReferenceLine(
  input: ReferenceLineInput,
  options: ReferenceLineOptions = {},
): { grid: TrackGrid; smoothing: SmoothingReport; spline: PeriodicSpline } {
  const keep = cleanClosedPolyline(input.xM, input.yM);
  if (keep.length < MIN_TRACK_POINTS) {
    throw new RangeError(`a track line needs at least ${MIN_TRACK_POINTS} distinct points, got ${keep.length}`);
  }
  const pick = (a: ArrayLike<number> | undefined): Float64Array | undefined =>
    a ? Float64Array.from(keep, (i) => (i < a.length ? a[i] : NaN)) : undefined;
  const x0 = pick(input.xM)!;
  const y0 = pick(input.yM)!;
  const polyLen = closedPolylineLengthM(x0, y0);
  const p0 = chordParameters(x0, y0);
  const noiseM = options.noiseM ?? estimateNoiseAcross(p0.t, p0.periodT, x0, y0);

  const [wl, wr, el] = [pick(input.widthLeftM), pick(input.widthRightM), pick(input.elevationM)];
  const smoothingOptions = {
    fixedLengthM: options.smoothingLengthM,
    maxLengthM: options.maxSmoothingLengthM ?? 20,
    minLengthM: smoothingFloorM(noiseM, polyLen / x0.length),
  };
  const target = x0.length * noiseM * noiseM;
  // First fit on chord lengths (allowing the along-line part of the noise too), then refit twice on the arc
  // length of each point's projection onto the previous curve.
  let t = p0.t;
  let periodT = p0.periodT;
  let choice = chooseSmoothing(t, periodT, [x0, y0], 2 * target, smoothingOptions);
  for (let pass = 0; pass < REPARAMETRISE_PASSES; pass++) {
    ({ t, periodT } = reparametrize(buildArcLengthTable(choice.fit.spline), x0, y0));
    choice = chooseSmoothing(t, periodT, [x0, y0], target, smoothingOptions);
  }
  const spline = choice.fit.spline;
  const rss = choice.fit.rss;

  const table = buildArcLengthTable(spline);
  const lengthM = table.lengthM;
  const startS = input.startFinish ? arcLengthAt(table, nearestParameter(table, input.startFinish.xM, input.startFinish.yM)) : 0;
  const stepM = options.stepM ?? 1;
  const n = Math.max(1, Math.ceil(lengthM / stepM - 1e-9));
  const distanceM = new Float64Array(n);
  const xM = new Float64Array(n);
  const yM = new Float64Array(n);
  const headingRad = new Float64Array(n);
  const curvaturePerM = new Float64Array(n);
  const gridT = new Float64Array(n);
  const ox = new Float64Array(3);
  const oy = new Float64Array(3);
  for (let k = 0; k < n; k++) {
    const tk = parameterAtArcLength(table, startS + k * stepM);
    gridT[k] = tk;
    const iv = knotInterval(spline, tk);
    evaluateSpline(spline, 0, tk, ox, iv);
    evaluateSpline(spline, 1, tk, oy, iv);
    distanceM[k] = k * stepM;
    xM[k] = ox[0];
    yM[k] = oy[0];
    headingRad[k] = Math.atan2(oy[1], ox[1]);
    const v2 = ox[1] * ox[1] + oy[1] * oy[1];
    curvaturePerM[k] = (ox[1] * oy[2] - oy[1] * ox[2]) / (v2 * Math.sqrt(v2));
  }

  const grid: TrackGrid = {
    lengthM,
    stepM,
    distanceM,
    xM,
    yM,
    headingRad,
    curvaturePerM,
    widthLeftM: wl ? interpolateKnownCyclic(t, periodT, wl, gridT) : null,
    widthRightM: wr ? interpolateKnownCyclic(t, periodT, wr, gridT) : null,
    elevationM: el ? smoothElevation(t, periodT, el, gridT) : null,
  };
  return {
    grid,
    spline,
    smoothing: {
      noiseM,
      smoothingLengthM: choice.smoothingLengthM,
      residualRmsM: Math.sqrt(rss / x0.length),
      inputPolylineLengthM: polyLen,
      inputPoints: x0.length,
    },
  };
}

/** Linear interpolation over the finite values only (cyclic in t); null when fewer than 2 are known. */
export function interpolateKnownCyclic(
  t: Float64Array,
  periodT: number,
  v: Float64Array,
  tq: Float64Array,
): Float64Array | null {
  const idx: number[] = [];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) idx.push(i);
  if (idx.length < 2) return null;
  const kt = Float64Array.from(idx, (i) => t[i]);
  const kv = Float64Array.from(idx, (i) => v[i]);
  const m = kt.length;
  const out = new Float64Array(tq.length);
  for (let q = 0; q < tq.length; q++) {
    let u = (tq[q] - t[0]) % periodT;
    if (u < 0) u += periodT;
    u += t[0];
    let j = upperBound(kt, u) - 1; // kt[j] ≤ u < kt[j+1]
    let ta: number;
    if (j < 0) {
      j = m - 1;
      ta = kt[m - 1] - periodT;
    } else ta = kt[j];
    const jn = j + 1 < m ? j + 1 : 0;
    const tb = j + 1 < m ? kt[j + 1] : kt[0] + periodT;
    const f = tb > ta ? (u - ta) / (tb - ta) : 0;
    out[q] = kv[j] + f * (kv[jn] - kv[j]);
  }
  return out;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Elevation on the grid: a 1-D periodic smoothing spline through the known input elevations (noise-driven λ,
 * e.g. metre-quantised heights), or null when fewer than half of the input points have one.
 */
function smoothElevation(t: Float64Array, periodT: number, el: Float64Array, gridT: Float64Array): Float64Array | null {
  const idx: number[] = [];
  for (let i = 0; i < el.length; i++) if (Number.isFinite(el[i])) idx.push(i);
  if (idx.length < Math.max(MIN_TRACK_POINTS, el.length / 2)) return null;
  const kt = Float64Array.from(idx, (i) => t[i]);
  const kv = Float64Array.from(idx, (i) => el[i]);
  const noise = estimateNoise1d(kt, periodT, kv);
  const choice = chooseSmoothing(kt, periodT, [kv], kt.length * noise * noise, { maxLengthM: 50 });
  const spline = choice.fit.spline;
  const out = new Float64Array(gridT.length);
  const o = new Float64Array(3);
  for (let q = 0; q < gridT.length; q++) {
    evaluateSpline(spline, 0, gridT[q], o);
    out[q] = o[0];
  }
  return out;
}
