// The line a car drove through every moment of a session, for the map-matching's dead reckoning: the
// session's mean line plus each pass's own deviation, smoothed (line-smoother.ts) from the GPS offset and
// from the path curvature the yaw rate gives. The smoothing runs on groups of three knots (0.15 s),
// each carrying the mean of its measurements: the deviation bends over tens of metres, and a Kalman
// smoother is a long chain of dependent arithmetic per step.

import { offsetCurve } from '../geometry/offset-curve.ts';
import type { Channel } from '../model/session.ts';
import { channelAt, mod } from './interpolate.ts';
import { lapProfile, profileAt, profileAtWrapped, type LapProfile } from './lap-profile.ts';
import { smoothLineDeviation, type LineSmootherInput, type LineSmootherOptions } from './line-smoother.ts';
import { quickMedian } from './residual-fit.ts';

export interface DrivenLineInput {
  /** Knot times (s) and each knot's distance along the reference line (unwrapped, m). */
  knotT: Float64Array;
  distanceM: Float64Array;
  /** 1 where a GPS fix supports the knot. */
  support: Uint8Array;
  /** The GPS's own offset from the reference line at each knot (m, + left; NaN without a fix). */
  gpsOffsetM: Float64Array;
  /** The session's mean offset along the lap. */
  meanLine: LapProfile;
  /** The reference line's curvature on its 1 m grid (1/m, + left) and its length (m). */
  curvaturePerM: Float64Array;
  lengthM: number;
  yawRate?: Channel;
  speed?: Channel;
}

export interface DrivenLine {
  /** The driven line's offset at every knot (m, + left). */
  offsetM: Float64Array;
  /** Whether the yaw rate's path curvature measured it (false: GPS alone, or a yaw rate that does not follow the track). */
  curvatureUsed: boolean;
  /** The wander of the passes about their mean line the smoothing assumed (σ, m). */
  wanderSigmaM: number;
}

/** Knots per smoothing step. */
const KNOTS_PER_GROUP = 3;
/** The session's mean path curvature: 1 m bins pooled over ±1, one pass (knots off the mean line, pit lane, are left out before). */
const MEAN_CURVATURE = { binM: 1, halfBins: 1, minCount: 6, gate: Infinity };
/** Knots whose GPS is farther than this from the mean line (pit lane, off track) measure no curvature (m). */
const PIT_GATE_M = 3;
/** Below this speed the yaw rate says little about the path's curvature (m/s). */
const MIN_CURVATURE_SPEED_MS = 5;
/** The yaw rate is used when its curvature follows the track's to within this factor (either way). */
const MIN_YAW_AGREEMENT = 0.7;
/** What the curvature measurement cannot know about the line (sideslip, the line's own bends), 1/m. */
const CURVATURE_MODEL_SIGMA_PER_M = 1e-4;
/** How far off its spot a knot may be placed (m): where the curvature changes fast, that is noise. */
const PLACE_SIGMA_M = 0.3;
/** Half-step of the mean line's slope (m); the largest bend of a line believed (1/m); lines this close to the bend's centre (1 − κn) are skipped. */
const LINE_DERIVATIVE_STEP_M = 3;
const MAX_LINE_BEND = 0.1;
const MIN_STRETCH = 0.2;
/** Where the yaw rate pins the line (|∂κ/∂w| at least this, 1/m²: a bend of about 18 m radius), and the bounds of the wander measured there (m). */
const STRONG_CURVATURE_GAIN = 3e-3;
const WANDER_BOUNDS_M = [0.05, 0.5];
/** Groups needed in such bends to measure the wander (about five passes through one hairpin), and the most groups it is measured over (10 minutes at 20 knots/s). */
const MIN_STRONG_GROUPS = 25;
const MAX_WANDER_GROUPS = Math.round((10 * 60 * 20) / KNOTS_PER_GROUP);

/** The driven line at every knot. `wanderSigmaM` reuses an earlier pass's measured wander. */
export function drivenLine(input: DrivenLineInput, smoother: LineSmootherOptions, wanderSigmaM?: number): DrivenLine {
  const nk = input.knotT.length;
  const ng = Math.ceil(nk / KNOTS_PER_GROUP);
  const { distanceM, meanLine, lengthM: L } = input;
  // each knot's place on the lap and the mean line there (from a per-metre table), once, with the GPS per group
  const nb = input.curvaturePerM.length;
  const meanTable = new Float64Array(nb + 1);
  for (let i = 0; i <= nb; i++) meanTable[i] = profileAtWrapped(meanLine, i < nb ? i : 0);
  const wrapped = new Float64Array(nk);
  const meanAt = new Float64Array(nk);
  // per group: distance, mean GPS deviation from the mean line and how many knots it averages
  const gs = new Float64Array(ng);
  const gpsDev = new Float64Array(ng).fill(NaN);
  const gpsCount = new Float64Array(ng).fill(1);
  const gpsOffset = input.gpsOffsetM;
  const gate = smoother.gpsGateM;
  const last = nb - 1;
  for (let g = 0; g < ng; g++) {
    const a = g * KNOTS_PER_GROUP;
    const b = a + KNOTS_PER_GROUP < nk ? a + KNOTS_PER_GROUP : nk;
    let sd = 0, sum = 0, cnt = 0;
    for (let j = a; j < b; j++) {
      const s = distanceM[j];
      sd += s;
      let w = s - L * Math.floor(s / L);
      if (!(w < L)) w = 0;
      wrapped[j] = w;
      const i = w < last ? Math.floor(w) : last;
      const f = w - i < 1 ? w - i : 1;
      const m = lerp(meanTable, i, i + 1, f);
      meanAt[j] = m;
      const d = gpsOffset[j] - m;
      if (Math.abs(d) <= gate) { sum += d; cnt++; }
    }
    gs[g] = sd / (b - a);
    if (cnt) { gpsDev[g] = sum / cnt; gpsCount[g] = cnt; }
  }
  const curvature = input.yawRate && input.speed ? curvatureMeasurements(input, gs, wrapped, meanAt, input.yawRate, input.speed) : undefined;
  const smootherInput: LineSmootherInput = { distanceM: gs, gpsDeviationM: gpsDev, gpsCount, ...curvature };
  const wander = wanderSigmaM ?? (curvature ? wanderFromCorners(smootherInput, smoother) : smoother.wanderSigmaM);
  const w = smoothLineDeviation(smootherInput, { ...smoother, wanderSigmaM: wander });
  // back onto the knots: linear between group centres, plus the mean line
  const offsetM = new Float64Array(nk);
  const centre = (KNOTS_PER_GROUP - 1) / 2;
  for (let j = 0; j < nk; j++) {
    const x = Math.min(ng - 1, Math.max(0, (j - centre) / KNOTS_PER_GROUP));
    const g = Math.min(ng - 2, Math.floor(x));
    const f = ng > 1 ? x - g : 0;
    const wj = ng > 1 ? w[g] + f * (w[g + 1] - w[g]) : w[0];
    const m = meanAt[j];
    offsetM[j] = (m === m ? m : 0) + wj;
  }
  return { offsetM, wanderSigmaM: wander, curvatureUsed: curvature !== undefined };
}

/**
 * Per group: path curvature (yaw rate / speed) minus the session's mean path curvature at each knot's
 * spot, averaged over the group's knots; the measurement's σ; and the gains of the mean line at the
 * group's spot. Undefined when the yaw rate does not follow the track.
 */
function curvatureMeasurements(input: DrivenLineInput, gs: Float64Array, wrapped: Float64Array, meanAt: Float64Array, yaw: Channel, speed: Channel) {
  const { knotT, distanceM, support, curvaturePerM: kappa, lengthM: L } = input;
  const nk = knotT.length;
  const ng = gs.length;
  // the yaw rate averaged over each knot's interval (every sample counts, whatever the logger's rate)
  const curv = intervalMeans(yaw, knotT);
  const speedAt = channelAt(speed, knotT);
  const gpsOffset = input.gpsOffsetM;
  for (let j = 0; j < nk; j++) {
    const usable = speedAt[j] >= MIN_CURVATURE_SPEED_MS && support[j] && Math.abs(gpsOffset[j] - meanAt[j]) <= PIT_GATE_M;
    curv[j] = usable ? curv[j] / speedAt[j] : NaN;
  }
  // the logger's sign convention (+ left or + right) from the bends themselves; a yaw rate that does not
  // follow the track's curvature at all (wrong unit, a gyro on another axis) is not used
  const agreement = curvatureAgreement(curv, wrapped, kappa);
  if (!(Math.abs(agreement) >= MIN_YAW_AGREEMENT && Math.abs(agreement) <= 1 / MIN_YAW_AGREEMENT)) return undefined;
  if (agreement < 0) for (let j = 0; j < nk; j++) curv[j] = -curv[j];
  const table = gainTable(input.meanLine, lapProfile(curv, distanceM, L, MEAN_CURVATURE, wrapped), kappa, L);
  const yawVar = whiteNoiseSigma(yaw.values) ** 2;
  const modelVar = CURVATURE_MODEL_SIGMA_PER_M * CURVATURE_MODEL_SIGMA_PER_M;
  const deviation = new Float64Array(ng).fill(NaN);
  const sigma = new Float64Array(ng);
  const gain = new Float64Array(ng).fill(NaN);
  const slopeGain = new Float64Array(ng).fill(NaN);
  const bendGain = new Float64Array(ng).fill(NaN);
  const { meanCurvature, gain: gainT, slopeGain: slopeT, bendGain: bendT, placeVar: placeT } = table;
  const nb = meanCurvature.length;
  const last = nb - 1;
  for (let g = 0; g < ng; g++) {
    const a = g * KNOTS_PER_GROUP;
    const b = a + KNOTS_PER_GROUP < nk ? a + KNOTS_PER_GROUP : nk;
    // the knots' deviations from the mean path curvature at their own places, averaged
    let sum = 0, noise = 0, cnt = 0;
    for (let j = a; j < b; j++) {
      const c = curv[j];
      if (c !== c) continue;
      const w = wrapped[j];
      const i = w < last ? Math.floor(w) : last;
      const f = w - i < 1 ? w - i : 1;
      const mc = lerp(meanCurvature, i, i < last ? i + 1 : 0, f);
      if (mc !== mc) continue;
      sum += c - mc;
      const v = speedAt[j];
      noise += yawVar / (v * v);
      cnt++;
    }
    if (!cnt) continue;
    // the gains at the group's place (three knots span a few metres: the gains barely change over them)
    const w = mod(gs[g], L);
    const i = w < last ? Math.floor(w) : last;
    const f = w - i < 1 ? w - i : 1;
    const i1 = i < last ? i + 1 : 0;
    const h0 = lerp(gainT, i, i1, f);
    if (h0 !== h0) continue;
    gain[g] = h0;
    slopeGain[g] = lerp(slopeT, i, i1, f);
    bendGain[g] = lerp(bendT, i, i1, f);
    deviation[g] = sum / cnt;
    // each knot's error taken as its own (as it would be, one knot per step)
    const place = lerp(placeT, i, i1, f);
    sigma[g] = Math.sqrt((noise + cnt * (modelVar + place)) / (cnt * cnt));
  }
  return { curvatureDeviationPerM: deviation, curvatureSigmaPerM: sigma, curvatureGainPerM2: gain, curvatureSlopeGainPerM: slopeGain, curvatureBendGain: bendGain };
}

/** A per-metre table between its entries i and i1 (the next one, or the first past the line), fraction f. */
function lerp(table: Float64Array, i: number, i1: number, f: number): number {
  return table[i] + f * (table[i1] - table[i]);
}

/** Per metre of the lap: the mean path curvature, the gains of the mean line there, and the placement variance. */
interface GainTable {
  lengthM: number;
  meanCurvature: Float64Array;
  gain: Float64Array;
  slopeGain: Float64Array;
  bendGain: Float64Array;
  placeVar: Float64Array;
}

/**
 * The gains (∂κ/∂n, ∂κ/∂n′, ∂κ/∂n″) of the mean line at every metre: the offset curve's curvature formula
 * differentiated about the mean line (n, n′ from the GPS mean line, n″ from the mean path curvature rather
 * than from differentiating GPS twice); NaN where the line is too close to the bend's centre.
 */
function gainTable(line: LapProfile, meanCurv: LapProfile, kappa: Float64Array, L: number): GainTable {
  const nb = kappa.length;
  const t: GainTable = {
    lengthM: L,
    meanCurvature: new Float64Array(nb).fill(NaN),
    gain: new Float64Array(nb).fill(NaN),
    slopeGain: new Float64Array(nb).fill(NaN),
    bendGain: new Float64Array(nb).fill(NaN),
    placeVar: new Float64Array(nb),
  };
  const h = LINE_DERIVATIVE_STEP_M;
  const e = 1e-3;
  for (let i = 0; i < nb; i++) {
    const mc = profileAt(meanCurv, i);
    t.meanCurvature[i] = mc;
    const gradient = (profileAt(meanCurv, i + 1) - profileAt(meanCurv, i - 1)) / 2;
    t.placeVar[i] = Number.isFinite(gradient) ? (gradient * PLACE_SIGMA_M) ** 2 : 0;
    const m = profileAt(line, i);
    const dm = (profileAt(line, i + h) - profileAt(line, i - h)) / (2 * h);
    if (!Number.isFinite(mc) || !Number.isFinite(m) || !Number.isFinite(dm)) continue;
    const k = kappa[i];
    const dk = (kappa[(i + 1) % nb] - kappa[(i - 1 + nb) % nb]) / 2;
    const a = 1 - m * k;
    if (!(a > MIN_STRETCH)) continue;
    const st = Math.sqrt(a * a + dm * dm);
    const ddm = Math.max(-MAX_LINE_BEND, Math.min(MAX_LINE_BEND, (mc * st * st * st - a * a * k - dm * (2 * dm * k + m * dk)) / a));
    t.gain[i] = (offsetCurve(k, dk, m + e, dm, ddm).curvaturePerM - offsetCurve(k, dk, m - e, dm, ddm).curvaturePerM) / (2 * e);
    t.slopeGain[i] = (offsetCurve(k, dk, m, dm + e, ddm).curvaturePerM - offsetCurve(k, dk, m, dm - e, ddm).curvaturePerM) / (2 * e);
    t.bendGain[i] = a / (st * st * st);
  }
  return t;
}


/**
 * How far this session's passes stray from their mean line (σ of w), measured with a loose prior where the
 * yaw rate pins the line (the slow corners): the prior of the final smoothing. Drivers differ: one repeats
 * their line to a few centimetres, another wanders by half a metre.
 */
function wanderFromCorners(input: LineSmootherInput, smoother: LineSmootherOptions): number {
  const gain = input.curvatureGainPerM2;
  if (!gain) return smoother.wanderSigmaM;
  const w = smoothLineDeviation(prefix(input, MAX_WANDER_GROUPS), { ...smoother, wanderSigmaM: WANDER_BOUNDS_M[1] });
  let sum = 0;
  let cnt = 0;
  for (let j = 0; j < w.length; j++) if (Math.abs(gain[j]) >= STRONG_CURVATURE_GAIN) { sum += w[j] * w[j]; cnt++; }
  if (cnt < MIN_STRONG_GROUPS) return smoother.wanderSigmaM;
  return Math.min(WANDER_BOUNDS_M[1], Math.max(WANDER_BOUNDS_M[0], Math.sqrt(sum / cnt)));
}

/** The first n groups of a smoother input. */
function prefix(input: LineSmootherInput, n: number): LineSmootherInput {
  if (input.distanceM.length <= n) return input;
  const cut = (a?: Float64Array) => a?.subarray(0, n);
  return {
    distanceM: input.distanceM.subarray(0, n),
    gpsDeviationM: input.gpsDeviationM.subarray(0, n),
    gpsCount: cut(input.gpsCount),
    curvatureDeviationPerM: cut(input.curvatureDeviationPerM),
    curvatureSigmaPerM: cut(input.curvatureSigmaPerM),
    curvatureGainPerM2: cut(input.curvatureGainPerM2),
    curvatureSlopeGainPerM: cut(input.curvatureSlopeGainPerM),
    curvatureBendGain: cut(input.curvatureBendGain),
  };
}

/** Least-squares slope of the path curvature on the reference line's, over the bends (≈ +1 when the yaw rate is + left in rad/s). */
function curvatureAgreement(curv: Float64Array, wrapped: Float64Array, kappa: Float64Array): number {
  let sxy = 0;
  let sxx = 0;
  for (let j = 0; j < curv.length; j++) {
    const c = curv[j];
    if (c !== c) continue;
    const k = kappa[Math.min(kappa.length - 1, Math.floor(wrapped[j]))];
    if (Math.abs(k) < 1 / 200) continue;
    sxy += k * c;
    sxx += k * k;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/** σ of a channel's white noise, from its second differences (robust: 1.4826 · MAD / √1.5). */
function whiteNoiseSigma(v: Float64Array): number {
  const n = v.length;
  if (n < 3) return 0;
  const every = Math.max(1, Math.floor(n / 20_000));
  const d = new Float64Array(Math.ceil((n - 2) / every));
  let q = 0;
  for (let i = 1; i < n - 1; i += every) d[q++] = Math.abs(v[i] - 0.5 * (v[i - 1] + v[i + 1]));
  return (1.4826 * quickMedian(d.subarray(0, q))) / Math.sqrt(1.5);
}

/** The mean of a channel's samples within each knot's interval (halfway to its neighbours); linear interpolation where none falls inside. */
function intervalMeans(c: Channel, knotT: Float64Array): Float64Array {
  const n = knotT.length;
  const out = new Float64Array(n);
  const t = c.timeS;
  const v = c.values;
  const m = t.length;
  let i = 0;
  for (let j = 0; j < n; j++) {
    const lo = j > 0 ? 0.5 * (knotT[j - 1] + knotT[j]) : knotT[j];
    const hi = j < n - 1 ? 0.5 * (knotT[j] + knotT[j + 1]) : knotT[j];
    while (i < m && t[i] < lo) i++;
    let sum = 0;
    let cnt = 0;
    for (let k = i; k < m && t[k] < hi; k++) {
      sum += v[k];
      cnt++;
    }
    if (cnt) out[j] = sum / cnt;
    else if (i <= 0) out[j] = v[0];
    else if (i >= m) out[j] = v[m - 1];
    else out[j] = v[i - 1] + ((v[i] - v[i - 1]) * (knotT[j] - t[i - 1])) / (t[i] - t[i - 1]);
  }
  return out;
}
