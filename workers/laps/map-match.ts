// Map-matching: every moment of a session gets its distance along the track's reference line and its
// offset from it. GPS fixes are projected continuously; the wheel speed, integrated and turned into
// centre-line distance (1 − κn), carries the shape between fixes and across dropouts; a robust local-
// linear fit of (GPS − speed integral) removes the speed sensor's scale error and averages GPS noise.

import type { TrackModel } from '../geometry/types.ts';
import { channelByName, type Channel, type Session } from '../model/session.ts';
import { createFastFrame, fastToLocal } from './fast-frame.ts';
import { acquire, createLineProjector, projectFrom, type Foot, type LineProjector } from './line-projector.ts';
import { odometerIncrements } from './odometer.ts';

export interface AlignmentOptions {
  /** Spacing of the alignment's time knots, s (default 0.05). */
  knotStepS?: number;
  /** Half-width of the robust local-linear fit of the GPS-minus-speed residual, s (default 20). */
  residualWindowS?: number;
  /** Half-width of the moving average applied to the lateral offset, s (default 0.5). */
  lateralWindowS?: number;
  /** Fixes farther than this from the line are ignored, m (default 60). */
  maxLateralM?: number;
  /** No fix for longer than this is a GPS dropout, s (default 1). */
  gpsGapS?: number;
  /** Speed samples further apart than this leave the distance unknown there, s (default 2.5). */
  speedGapS?: number;
  /** Use the speed channel (default true); false = GPS positions only. */
  useSpeed?: boolean;
  /**
   * How far the offset used to turn wheel distance into line distance is pulled from the lap's own GPS
   * offset towards the session's mean line at that spot, 0–1 (default 0.75). Drivers repeat their line to
   * within GPS noise, so the mean over laps knows it better than one lap's GPS does.
   */
  meanLineWeight?: number;
}

/** A session on the track: knots every stepS seconds of session time. */
export interface TrackAlignment {
  lengthM: number;
  /** Knot times, seconds on the session's clock (uniform, t0S + j·stepS). */
  timeS: Float64Array;
  t0S: number;
  stepS: number;
  /** Distance along the line, unwrapped (≡ lap distance mod lengthM), non-decreasing; NaN where unknown. */
  distanceM: Float64Array;
  /** Smoothed signed offset from the line, m (+ left); NaN away from GPS fixes. */
  lateralM: Float64Array;
  /** 1 where an accepted GPS fix lies within gpsGapS / 2, 0 where the distance is bridged by the speed integral. */
  gpsSupport: Uint8Array;
  /** 1 where the logger had any GPS fix within gpsGapS / 2 (also one too far from the line to use). */
  gpsPresent: Uint8Array;
  source: 'gps+speed' | 'gps';
  fixesUsed: number;
  fixesRejected: number;
  /** RMS of the accepted fixes' along-line residual from the fitted distance, m. */
  residualRmsM: number;
}

const DEFAULTS: Required<AlignmentOptions> = {
  knotStepS: 0.05,
  residualWindowS: 20,
  lateralWindowS: 0.5,
  maxLateralM: 60,
  gpsGapS: 1,
  speedGapS: 2.5,
  useSpeed: true,
  meanLineWeight: 0.75,
};

/** A position repeated within this time of the previous fix is the logger holding it, not a new fix (s). */
const HELD_REPEAT_S = 0.5;

/** Refits after dropping outlying fixes. */
const ROBUST_PASSES = 1;

/** Residual fit evaluated every this many seconds, then interpolated onto the knots. */
const RESIDUAL_EVAL_STEP_S = 1;

interface Fixes {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

/** GPS fixes of a session in the model's local frame; a position repeated by the logger (held) is not a new fix. */
export function gpsFixes(session: Session, model: TrackModel): Fixes | null {
  const lat = channelByName(session, 'lat');
  const lon = channelByName(session, 'lon');
  if (!lat || !lon || !model.frame || lat.values.length < 2) return null;
  const frame = createFastFrame(model.frame.originLatDeg, model.frame.originLonDeg);
  const p = new Float64Array(2);
  const n = lat.values.length;
  const lonAt = sameTimes(lat, lon) ? lon.values : interpolateAt(lon, lat.timeS);
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let m = 0;
  let pla = NaN;
  let plo = NaN;
  for (let i = 0; i < n; i++) {
    const la = lat.values[i];
    const lo = lonAt[i];
    if (!(Math.abs(la) <= 90) || !(Math.abs(lo) <= 180) || (la === 0 && lo === 0)) continue;
    // a repeat within HELD_REPEAT_S is the logger holding the last fix; a longer one is a car standing still
    if (la === pla && lo === plo && lat.timeS[i] - (m ? t[m - 1] : -Infinity) < HELD_REPEAT_S) continue;
    pla = la;
    plo = lo;
    fastToLocal(frame, la, lo, p);
    t[m] = lat.timeS[i];
    x[m] = p[0];
    y[m] = p[1];
    m++;
  }
  if (m < 2) return null;
  return { t: t.subarray(0, m), x: x.subarray(0, m), y: y.subarray(0, m) };
}

function sameTimes(a: Channel, b: Channel): boolean {
  if (a.timeS.length !== b.timeS.length) return false;
  for (let i = 0; i < a.timeS.length; i++) if (a.timeS[i] !== b.timeS[i]) return false;
  return true;
}

function interpolateAt(c: Channel, times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  const ts = c.timeS;
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    while (k < ts.length - 2 && ts[k + 1] <= t) k++;
    const dt = ts[k + 1] - ts[k];
    const f = dt > 0 ? Math.min(1, Math.max(0, (t - ts[k]) / dt)) : 0;
    out[i] = c.values[k] + f * (c.values[k + 1] - c.values[k]);
  }
  return out;
}

/** The speed channel used for dead reckoning: wheel speed, else GPS speed. */
export function speedChannel(session: Session): Channel | undefined {
  const s = channelByName(session, 'speed');
  if (s && s.values.length >= 2) return s;
  const g = channelByName(session, 'gps_speed');
  return g && g.values.length >= 2 ? g : undefined;
}

/**
 * Aligns a session with a track model. Null when the session has no usable GPS (or the model has no
 * geographic frame).
 */
export function alignSession(session: Session, model: TrackModel, options: AlignmentOptions = {}, projector?: LineProjector): TrackAlignment | null {
  const fixes = gpsFixes(session, model);
  if (!fixes) return null;
  return alignFixes(fixes, options.useSpeed === false ? undefined : speedChannel(session), model, options, projector);
}

/** The alignment from GPS fixes (local metres, model frame) and an optional speed channel. */
export function alignFixes(fixes: Fixes, speed: Channel | undefined, model: TrackModel, options: AlignmentOptions = {}, projector?: LineProjector): TrackAlignment | null {
  const o = { ...DEFAULTS, ...options };
  const proj = projector ?? createLineProjector(model.grid);
  const L = proj.lengthM;
  const nf = fixes.t.length;

  // Knots over the span of the fixes.
  const t0 = fixes.t[0];
  const nk = Math.max(2, Math.floor((fixes.t[nf - 1] - t0) / o.knotStepS) + 1);
  const knotT = new Float64Array(nk);
  for (let j = 0; j < nk; j++) knotT[j] = t0 + j * o.knotStepS;

  // Path distance increments between knots from the speed channel (NaN where unknown).
  const dPath = speed ? odometerIncrements(speed.timeS, speed.values, knotT, o.speedGapS) : null;
  const pathAtFix = dPath ? cumulativeAt(knotT, dPath, fixes.t) : null;

  // 1. Continuous projection of the fixes, unwrapped.
  const cum = new Float64Array(nf).fill(NaN);
  const lat = new Float64Array(nf).fill(NaN);
  const foot: Foot = { distanceM: 0, lateralM: 0, segment: 0 };
  let have = false;
  let prevCum = 0;
  let prevSeg = 0;
  let prevT = 0;
  let prevPath = NaN;

  for (let k = 0; k < nf; k++) {
    const x = fixes.x[k];
    const y = fixes.y[k];
    const dt = fixes.t[k] - prevT;
    const travelled = pathAtFix && Number.isFinite(pathAtFix[k]) && Number.isFinite(prevPath) ? pathAtFix[k] - prevPath : NaN;
    let predicted = prevCum + (Number.isFinite(travelled) ? travelled : 0);
    let ok = false;
    // a local foot farther off than any fix may be is the wrong strand (a crossing, a hairpin): search again
    if (have && dt <= 2 && projectFrom(proj, x, y, prevSeg, 40 + Math.ceil(90 * dt), foot) && Math.abs(foot.lateralM) <= o.maxLateralM) ok = true;
    if (!ok) {
      acquire(proj, x, y, foot, have ? mod(predicted, L) : undefined, have ? Math.max(150, 0.2 * Math.abs(travelled || 0)) : undefined);
      if (!have) predicted = foot.distanceM;
    }
    if (Math.abs(foot.lateralM) > o.maxLateralM) continue;
    const ref = have ? (ok ? prevCum : predicted) : foot.distanceM;
    let d = foot.distanceM - mod(ref, L);
    d -= L * Math.round(d / L);
    const c = have ? ref + d : foot.distanceM;
    cum[k] = c;
    lat[k] = foot.lateralM;
    prevCum = c;
    prevSeg = foot.segment;
    prevT = fixes.t[k];
    prevPath = pathAtFix ? pathAtFix[k] : NaN;
    have = true;
  }
  if (!have) return null;

  // Accepted fixes only, from here on.
  let m = 0;
  for (let k = 0; k < nf; k++) if (cum[k] === cum[k]) m++;
  const ft = new Float64Array(m);
  const fs = new Float64Array(m);
  const rawLat = new Float64Array(m);
  for (let k = 0, q = 0; k < nf; k++) {
    if (cum[k] !== cum[k]) continue;
    ft[q] = fixes.t[k];
    fs[q] = cum[k];
    rawLat[q++] = lat[k];
  }
  const fn = movingAverage(ft, rawLat, o.lateralWindowS);
  if (o.meanLineWeight > 0) shrinkTowardsMeanLine(fn, rawLat, fs, L, o.meanLineWeight);

  // 2. Lateral offset, curvature and line-angle factor at the knots; GPS support.
  const lateral = new Float64Array(nk).fill(NaN);
  const sRaw = new Float64Array(nk);
  const support = new Uint8Array(nk);
  {
    let k = 0;
    for (let j = 0; j < nk; j++) {
      const t = knotT[j];
      while (k < m - 2 && ft[k + 1] <= t) k++;
      const dt = ft[k + 1] - ft[k];
      const f = dt > 0 ? Math.min(1, Math.max(0, (t - ft[k]) / dt)) : 0;
      sRaw[j] = fs[k] + f * (fs[k + 1] - fs[k]);
      const near = Math.min(Math.abs(t - ft[k]), Math.abs(ft[k + 1] - t));
      if (near <= o.gpsGapS / 2 || (t >= ft[k] && t <= ft[k + 1] && dt <= o.gpsGapS)) {
        support[j] = 1;
        lateral[j] = fn[k] + f * (fn[k + 1] - fn[k]);
      }
    }
  }

  // 3. Centre-line distance increments between knots: speed × factor, or the GPS track where speed is unknown.
  const S = new Float64Array(nk);
  let source: TrackAlignment['source'] = 'gps';
  if (dPath) {
    source = 'gps+speed';
    const kappa = proj.grid.curvaturePerM;
    let lastN = 0;
    for (let j = 1; j < nk; j++) {
      const inc = dPath[j];
      if (!Number.isFinite(inc)) {
        S[j] = S[j - 1] + (sRaw[j] - sRaw[j - 1]);
        continue;
      }
      const sm = 0.5 * (sRaw[j] + sRaw[j - 1]);
      const n0 = lateral[j - 1];
      const n1 = lateral[j];
      const nMid = Number.isFinite(n0) && Number.isFinite(n1) ? 0.5 * (n0 + n1) : lastN;
      if (Number.isFinite(n0) && Number.isFinite(n1)) lastN = nMid;
      const ds = sRaw[j] - sRaw[j - 1];
      const slope = Number.isFinite(n0) && Number.isFinite(n1) && ds > 0.05 ? Math.max(-0.5, Math.min(0.5, (n1 - n0) / ds)) : 0;
      const kap = curvatureAt(kappa, L, sm);
      const a = 1 - kap * nMid;
      S[j] = S[j - 1] + inc / Math.sqrt(a * a + slope * slope);
    }
  } else {
    for (let j = 0; j < nk; j++) S[j] = sRaw[j];
  }

  // 4. Robust local-linear fit of the residual (GPS − integrated) at the fixes; the result goes into S.
  const out = S;
  let residualRmsM = 0;
  if (dPath) {
    const r = new Float64Array(m);
    for (let k = 0; k < m; k++) r[k] = fs[k] - atUniform(S, t0, o.knotStepS, ft[k]);
    const w = new Float64Array(m).fill(1);
    let fit = fitResidual(ft, r, w, knotT, o.residualWindowS);
    const e = new Float64Array(m);
    for (let pass = 0; pass <= ROBUST_PASSES; pass++) {
      for (let k = 0; k < m; k++) e[k] = r[k] - atUniform(fit, t0, o.knotStepS, ft[k]);
      if (pass === ROBUST_PASSES) break;
      // the robust scale from at most ~20 000 fixes spread over the session
      const every = Math.max(1, Math.floor(m / 20_000));
      const abs = new Float64Array(Math.ceil(m / every));
      for (let k = 0, q = 0; k < m; k += every) abs[q++] = Math.abs(e[k]);
      const limit = Math.max(4 * 1.4826 * quickMedian(abs), 1.0);
      let changed = false;
      for (let k = 0; k < m; k++) {
        const keep = Math.abs(e[k]) <= limit ? 1 : 0;
        if (keep !== w[k]) changed = true;
        w[k] = keep;
      }
      if (!changed) break;
      fit = fitResidual(ft, r, w, knotT, o.residualWindowS);
    }
    let acc = 0;
    let cnt = 0;
    for (let k = 0; k < m; k++) if (w[k]) { acc += e[k] * e[k]; cnt++; }
    residualRmsM = cnt ? Math.sqrt(acc / cnt) : 0;
    for (let j = 0; j < nk; j++) out[j] += fit[j];
  }
  for (let j = 1; j < nk; j++) if (out[j] < out[j - 1]) out[j] = out[j - 1];

  return {
    lengthM: L,
    timeS: knotT,
    t0S: t0,
    stepS: o.knotStepS,
    distanceM: out,
    lateralM: lateral,
    gpsSupport: support,
    gpsPresent: presence(fixes.t, knotT, o.gpsGapS),
    source,
    fixesUsed: m,
    fixesRejected: nf - m,
    residualRmsM,
  };
}

function mod(a: number, L: number): number {
  const r = a % L;
  return r < 0 ? r + L : r;
}

function curvatureAt(kappa: Float64Array, L: number, s: number): number {
  const n = kappa.length;
  const w = mod(s, L);
  const i = Math.min(n - 1, Math.floor(w));
  const j = i + 1 < n ? i + 1 : 0;
  const f = w - i;
  return kappa[i] + Math.min(1, f) * (kappa[j] - kappa[i]);
}

/** Cumulative sum of per-knot increments (NaN treated as 0), linearly interpolated at the query times. */
function cumulativeAt(knotT: Float64Array, inc: Float64Array, q: Float64Array): Float64Array {
  const c = new Float64Array(knotT.length);
  for (let j = 1; j < knotT.length; j++) c[j] = c[j - 1] + (Number.isFinite(inc[j]) ? inc[j] : 0);
  const out = interpolateSorted(knotT, c, q);
  // a fix inside a speed hole has no usable path distance
  for (let k = 0, j = 0; k < q.length; k++) {
    while (j < knotT.length - 2 && knotT[j + 1] <= q[k]) j++;
    if (!Number.isFinite(inc[Math.min(knotT.length - 1, j + 1)])) out[k] = NaN;
  }
  return out;
}

/** Linear interpolation of values on uniform knots (t0 + j·step) at time t (held at the ends). */
function atUniform(v: Float64Array, t0: number, step: number, t: number): number {
  const x = (t - t0) / step;
  const n = v.length;
  if (!(x > 0)) return v[0];
  if (x >= n - 1) return v[n - 1];
  const j = Math.floor(x);
  return v[j] + (x - j) * (v[j + 1] - v[j]);
}

/** Linear interpolation of (x, y) at sorted query points q (held at the ends). */
export function interpolateSorted(x: Float64Array, y: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(q.length);
  const n = x.length;
  let j = 0;
  for (let k = 0; k < q.length; k++) {
    const t = q[k];
    if (t <= x[0]) { out[k] = y[0]; continue; }
    if (t >= x[n - 1]) { out[k] = y[n - 1]; continue; }
    while (j < n - 2 && x[j + 1] <= t) j++;
    const dx = x[j + 1] - x[j];
    out[k] = dx > 0 ? y[j] + ((y[j + 1] - y[j]) * (t - x[j])) / dx : y[j];
  }
  return out;
}

/** 1 at the knots within gapS / 2 of a fix, or between two fixes less than gapS apart. */
function presence(ft: Float64Array, knotT: Float64Array, gapS: number): Uint8Array {
  const out = new Uint8Array(knotT.length);
  const m = ft.length;
  let k = 0;
  for (let j = 0; j < knotT.length; j++) {
    const t = knotT[j];
    while (k < m - 2 && ft[k + 1] <= t) k++;
    const near = Math.min(Math.abs(t - ft[k]), Math.abs(ft[k + 1] - t));
    if (near <= gapS / 2 || (t >= ft[k] && t <= ft[k + 1] && ft[k + 1] - ft[k] <= gapS)) out[j] = 1;
  }
  return out;
}

/** Bins of the session's mean line, m. */
const MEAN_LINE_BIN_M = 2;
/** A bin needs this many fixes for a mean line (about three laps' worth). */
const MEAN_LINE_MIN_FIXES = 3;
/** Bins either side pooled into each bin's mean. */
const MEAN_LINE_HALF_BINS = 2;

/**
 * Pulls each fix's offset towards the session's mean offset at its place on the lap by `weight`. The mean
 * per 2 m bin (over ±2 bins, linear between bins) is taken twice: over all fixes, then over those within 3 m of the first mean,
 * so pit-lane passes do not drag it.
 */
function shrinkTowardsMeanLine(offset: Float64Array, raw: Float64Array, dist: Float64Array, L: number, weight: number): void {
  const nb = Math.max(1, Math.ceil(L / MEAN_LINE_BIN_M));
  const m = offset.length;
  const pos = new Float64Array(m);
  for (let k = 0; k < m; k++) pos[k] = mod(dist[k], L) / MEAN_LINE_BIN_M;
  let mean = new Float64Array(nb).fill(NaN);
  for (let pass = 0; pass < 2; pass++) {
    const sum = new Float64Array(nb);
    const cnt = new Float64Array(nb);
    for (let k = 0; k < m; k++) {
      const b = Math.min(nb - 1, Math.floor(pos[k]));
      if (pass === 1 && !(Math.abs(raw[k] - meanAt(mean, pos[k])) <= 3)) continue;
      sum[b] += raw[k];
      cnt[b]++;
    }
    const next = new Float64Array(nb).fill(NaN);
    for (let b = 0; b < nb; b++) {
      let a = 0;
      let c = 0;
      for (let d = -MEAN_LINE_HALF_BINS; d <= MEAN_LINE_HALF_BINS; d++) {
        const q = (((b + d) % nb) + nb) % nb;
        a += sum[q];
        c += cnt[q];
      }
      if (c >= MEAN_LINE_MIN_FIXES) next[b] = a / c;
    }
    mean = next;
  }
  for (let k = 0; k < m; k++) {
    const mb = meanAt(mean, pos[k]);
    if (Number.isFinite(mb)) offset[k] = mb + (1 - weight) * (offset[k] - mb);
  }
}

/** The mean line at a bin position (bin centres at b + ½, linear between them, wrapping). */
function meanAt(mean: Float64Array, pos: number): number {
  const nb = mean.length;
  const x = pos - 0.5;
  const b0 = Math.floor(x);
  const f = x - b0;
  const a = mean[((b0 % nb) + nb) % nb];
  const b = mean[(((b0 + 1) % nb) + nb) % nb];
  return a + f * (b - a);
}

/** Centred moving average over ±halfS seconds. */
function movingAverage(t: Float64Array, v: Float64Array, halfS: number): Float64Array {
  const n = t.length;
  const out = new Float64Array(n);
  let a = 0;
  let b = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    while (b < n && t[b] <= t[k] + halfS) sum += v[b++];
    while (t[a] < t[k] - halfS) sum -= v[a++];
    out[k] = sum / (b - a);
  }
  return out;
}

/**
 * Tricube-weighted local-linear fit of r(t) (weights w, 0 = rejected) at evaluation points every
 * RESIDUAL_EVAL_STEP_S, interpolated onto the knots. The fixes are first pooled into bins of that width
 * (weighted mean time and value), which the fit then weighs: the same fit to well under a centimetre for
 * windows of seconds, at a fraction of the cost. Where no fix lies within the window, the fit is
 * interpolated between its neighbours (a GPS dropout bridged by the speed integral).
 */
function fitResidual(t: Float64Array, r: Float64Array, w: Float64Array, knotT: Float64Array, halfS: number): Float64Array {
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
function quickMedian(v: Float64Array): number {
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
