// Map-matching: every moment of a session gets its distance along the track's reference line and its
// offset from it. GPS fixes are projected continuously; the distance driven (the lap-distance odometer,
// else the wheel speed integrated), turned into reference-line distance through the driven line (1 − κn),
// carries the shape between fixes and across dropouts; a robust local-linear fit of (GPS − dead
// reckoning) removes the sensor's scale error and averages GPS noise. The driven line is the session's
// mean line plus each pass's own deviation, smoothed from GPS and from the yaw rate, or without a gyro the
// lateral acceleration over the speed (line-smoother.ts).

import type { TrackModel } from '../geometry/types.ts';
import { channelByName, type Channel, type Session } from '../model/session.ts';
import { createFastFrame, fastToLocal } from './fast-frame.ts';
import { acquire, createLineProjector, projectFrom, type Foot, type LineProjector } from './line-projector.ts';
import { channelAt, interpolateSorted, mod } from './interpolate.ts';
import { lapProfile, profileAt } from './lap-profile.ts';
import { drivenLine } from './driven-line.ts';
import { LINE_SMOOTHER_DEFAULTS, type LineSmootherOptions } from './line-smoother.ts';
import { lapOdometerIncrements, odometerIncrements } from './odometer.ts';
import { fuseDistance } from './dead-reckoning.ts';
import { anchorAtLapTrigger, lapTriggerTimes, type LapTriggerAnchoring } from './lap-trigger.ts';

export interface AlignmentOptions {
  /** Spacing of the alignment's time knots, s (default 0.05). */
  knotStepS?: number;
  /**
   * Half-width of the robust local-linear fit of the GPS-minus-dead-reckoning residual, s (default 20 from
   * the wheel speed; 60 from the lap-distance odometer, whose error does not grow between its samples).
   */
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
  /** Use the logger's lap-distance odometer for the distance driven when it has one (default true). */
  useOdometer?: boolean;
  /** Anchor the distance at the logger's lap trigger, where its lap-distance odometer restarts (default true). */
  useLapTrigger?: boolean;
  /** Use the yaw rate to measure each pass's line through the corners (default true). */
  useYawRate?: boolean;
  /** Without a yaw rate, use the lateral acceleration over the speed instead (default true). */
  useLateralAcceleration?: boolean;
  /**
   * Without the line smoother only: how far the offset used to turn distance driven into line distance is
   * pulled from the pass's own GPS offset towards the session's mean line at that spot, 0–1 (default 0.75).
   */
  meanLineWeight?: number;
  /** The driven-line smoother (line-smoother.ts, driven-line.ts); false = the GPS offset pulled towards the mean line. */
  lineSmoother?: Partial<LineSmootherOptions> | false;
}

/** The channels that carry the car between GPS fixes. */
export interface DeadReckoningSensors {
  speed?: Channel;
  lapDistance?: Channel;
  /** A yaw-rate gyro's, or (yawFromLateralAcceleration) the lateral acceleration over the speed. */
  yawRate?: Channel;
  /** Which of the two yawRate is, with the logger's channel. */
  yawFrom?: AlignmentSensor<'yaw-rate' | 'lateral-acceleration'>;
}

/** A sensor an alignment used: what it measured with, and the logger's channel (its name in the source). */
export interface AlignmentSensor<K extends string> {
  kind: K;
  channel: string;
}

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
  /** The lap trigger's passes the distance was anchored at (lap-trigger.ts); null when it was not. */
  lapTrigger: LapTriggerAnchoring | null;
  /** What carried the car between fixes (the distance driven); null: GPS alone. */
  deadReckoning: AlignmentSensor<'lap-distance odometer' | 'speed' | 'gps-speed'> | null;
  /** What measured each pass's line through the corners besides GPS; null: GPS alone. */
  lineCurvature: AlignmentSensor<'yaw-rate' | 'lateral-acceleration'> | null;
}

/** What an alignment used besides GPS. */
type SensorsUsed = Pick<TrackAlignment, 'lapTrigger' | 'deadReckoning' | 'lineCurvature'>;
const GPS_ALONE: SensorsUsed = { lapTrigger: null, deadReckoning: null, lineCurvature: null };

const DEFAULTS = {
  knotStepS: 0.05,
  lateralWindowS: 0.5,
  maxLateralM: 60,
  gpsGapS: 1,
  speedGapS: 2.5,
  meanLineWeight: 0.75,
  lineSmoother: {} as Partial<LineSmootherOptions> | false,
};

/** A position repeated within this time of the previous fix is the logger holding it, not a new fix (s). */
const HELD_REPEAT_S = 0.5;

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
  const lonAt = sameTimes(lat, lon) ? lon.values : channelAt(lon, lat.timeS);
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

/** The speed channel used for dead reckoning: wheel speed, else GPS speed. */
export function speedChannel(session: Session): Channel | undefined {
  const s = channelByName(session, 'speed');
  if (s && s.values.length >= 2) return s;
  const g = channelByName(session, 'gps_speed');
  return g && g.values.length >= 2 ? g : undefined;
}

/** The session's dead-reckoning channels, as the options allow. */
export function deadReckoningSensors(session: Session, options: AlignmentOptions = {}): DeadReckoningSensors {
  if (options.useSpeed === false) return {};
  const speed = speedChannel(session);
  if (!speed) return {};
  const odometer = options.useOdometer === false ? undefined : channelByName(session, 'lap_distance');
  // an odometer counting whole metres (or coarser) says less between its samples than the speed does
  const lapDistance = odometer && odometerResolutionM(odometer.values) <= MAX_ODOMETER_RESOLUTION_M ? odometer : undefined;
  const gyro = options.useYawRate === false ? undefined : channelByName(session, 'yaw_rate');
  const lateral = gyro || options.useYawRate === false || options.useLateralAcceleration === false ? undefined : yawFromLateralAcceleration(session, speed);
  const yawRate = gyro ?? lateral;
  const usable = yawRate && yawRate.values.length >= 3;
  return {
    speed,
    lapDistance: lapDistance && lapDistance.values.length >= 2 ? lapDistance : undefined,
    yawRate: usable ? yawRate : undefined,
    yawFrom: usable ? { kind: gyro ? 'yaw-rate' : 'lateral-acceleration', channel: yawRate.sourceName } : undefined,
  };
}

/** Below this speed a lateral acceleration says nothing about the path's curvature (m/s). */
const MIN_LATERAL_SPEED_MS = 2;

/**
 * Without a yaw-rate gyro, the lateral acceleration's yaw-rate equivalent a_y / v (rad/s): v·κ of the
 * path, as the yaw rate is without sideslip. Zero below 2 m/s. Undefined without acc_lat.
 */
export function yawFromLateralAcceleration(session: Session, speed: Channel): Channel | undefined {
  const acc = channelByName(session, 'acc_lat');
  if (!acc || acc.values.length < 3) return undefined;
  const v = channelAt(speed, acc.timeS);
  const values = new Float64Array(acc.values.length);
  for (let i = 0; i < values.length; i++) {
    const a = acc.values[i];
    values[i] = v[i] >= MIN_LATERAL_SPEED_MS && Number.isFinite(a) ? a / v[i] : 0;
  }
  return { name: 'yaw_rate', sourceName: `${acc.sourceName} / speed`, unit: 'rad/s', kind: 'continuous', timeS: acc.timeS, values };
}

/**
 * Aligns a session with a track model. Null when the session has no usable GPS (or the model has no
 * geographic frame).
 */
export function alignSession(session: Session, model: TrackModel, options: AlignmentOptions = {}, projector?: LineProjector): TrackAlignment | null {
  const fixes = gpsFixes(session, model);
  if (!fixes) return null;
  return alignFixes(fixes, deadReckoningSensors(session, options), model, options, projector);
}

/** The alignment from GPS fixes (local metres, model frame) and the dead-reckoning channels. */
export function alignFixes(fixes: Fixes, sensors: DeadReckoningSensors, model: TrackModel, options: AlignmentOptions = {}, projector?: LineProjector): TrackAlignment | null {
  const o = { ...DEFAULTS, ...options };
  const proj = projector ?? createLineProjector(model.grid);
  const L = proj.lengthM;
  const nf = fixes.t.length;
  const { speed } = sensors;
  const odometer = speed && sensors.lapDistance ? sensors.lapDistance : undefined;
  const residualWindowS = options.residualWindowS ?? (odometer ? ODOMETER_RESIDUAL_WINDOW_S : SPEED_RESIDUAL_WINDOW_S);

  // Knots over the span of the fixes.
  const t0 = fixes.t[0];
  const nk = Math.max(2, Math.floor((fixes.t[nf - 1] - t0) / o.knotStepS) + 1);
  const knotT = new Float64Array(nk);
  for (let j = 0; j < nk; j++) knotT[j] = t0 + j * o.knotStepS;

  // Path distance increments between knots (NaN where unknown).
  const dPath = !speed
    ? null
    : odometer
      ? lapOdometerIncrements(odometer.timeS, odometer.values, speed.timeS, speed.values, knotT, o.speedGapS)
      : odometerIncrements(speed.timeS, speed.values, knotT, o.speedGapS);
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
  const meanLine = lapProfile(rawLat, fs, L, MEAN_LINE);

  // 2. Knots: the GPS distance, the smoothed GPS offset and GPS support.
  const gpsLateral = new Float64Array(nk).fill(NaN);
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
        gpsLateral[j] = fn[k] + f * (fn[k + 1] - fn[k]);
      }
    }
  }

  if (!dPath) {
    // GPS only: the projected distances, made non-decreasing.
    for (let j = 1; j < nk; j++) if (sRaw[j] < sRaw[j - 1]) sRaw[j] = sRaw[j - 1];
    return result(sRaw, gpsLateral, 'gps', 0);
  }
  // 3. The driven line: each pass's own, from GPS and the yaw rate, smoothed along the distance; or (no
  //    smoother) the GPS offset pulled towards the session's mean line.
  let line: Float64Array;
  let lineCurvature: TrackAlignment['lineCurvature'] = null;
  if (o.lineSmoother !== false) {
    const smoother = { ...LINE_SMOOTHER_DEFAULTS, ...o.lineSmoother };
    const driven = drivenLine(
      { knotT, distanceM: sRaw, support, gpsOffsetM: gpsLateral, meanLine, curvaturePerM: proj.grid.curvaturePerM, lengthM: L, yawRate: sensors.yawRate, speed: sensors.speed },
      smoother,
    );
    line = driven.offsetM;
    if (driven.curvatureUsed) lineCurvature = sensors.yawFrom ?? null;
    // the offset reported: the driven line, or the GPS where the car is far off it (pit lane, off track)
    for (let j = 0; j < nk; j++) if (support[j] && Math.abs(gpsLateral[j] - line[j]) <= smoother.gpsGateM) gpsLateral[j] = line[j];
  } else {
    line = new Float64Array(nk);
    for (let j = 0; j < nk; j++) {
      const g = gpsLateral[j];
      const mean = profileAt(meanLine, sRaw[j]);
      line[j] = g !== g ? NaN : Number.isFinite(mean) ? mean + (1 - o.meanLineWeight) * (g - mean) : g;
    }
  }

  // 4. The distance driven through that line, fused with the GPS distance.
  const dr = { dPath, sRaw, knotT, kappa: proj.grid.curvaturePerM, lengthM: L, fixT: ft, fixDistanceM: fs, residualWindowS };
  let fused = fuseDistance(dr, line, sRaw);
  // With the odometer (the distance driven to centimetres), where each knot is looked up on the line's
  // curvature is what is left: the GPS's own distance is off by its error, the fused one far less. So once
  // more, at the fused distance (the first pass's outliers kept). From the wheel speed it gains nothing.
  if (odometer) fused = fuseDistance(dr, line, fused.distance, fused.weights);
  // 5. Each pass of the logger's lap trigger: one place on the track.
  const trigger =
    odometer && speed && options.useLapTrigger !== false
      ? anchorAtLapTrigger(knotT, fused.distance, lapTriggerTimes(odometer.timeS, odometer.values, speed.timeS, speed.values, L), L, model.corners)
      : null;
  const deadReckoning: TrackAlignment['deadReckoning'] = odometer
    ? { kind: 'lap-distance odometer', channel: odometer.sourceName }
    : { kind: speed!.name === 'gps_speed' ? 'gps-speed' : 'speed', channel: speed!.sourceName };
  return result(fused.distance, gpsLateral, 'gps+speed', fused.residualRmsM, { lapTrigger: trigger, deadReckoning, lineCurvature });

  function result(distance: Float64Array, lateral: Float64Array, source: TrackAlignment['source'], residualRmsM: number, sensorsUsed: SensorsUsed = GPS_ALONE): TrackAlignment {
    return {
      lengthM: L,
      timeS: knotT,
      t0S: t0,
      stepS: o.knotStepS,
      distanceM: distance,
      lateralM: lateral,
      gpsSupport: support,
      gpsPresent: presence(fixes.t, knotT, o.gpsGapS),
      source,
      fixesUsed: m,
      fixesRejected: nf - m,
      residualRmsM,
      ...sensorsUsed,
    };
  }
}

/** The coarsest lap-distance resolution used for dead reckoning (m). */
const MAX_ODOMETER_RESOLUTION_M = 0.25;
const RESOLUTIONS_M = [1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01];

/** The step an odometer counts in: the coarsest of the usual ones that 99 % of its values are multiples of (0 = finer). */
export function odometerResolutionM(values: Float64Array): number {
  const every = Math.max(1, Math.floor(values.length / 5000));
  for (const q of RESOLUTIONS_M) {
    let on = 0;
    let all = 0;
    for (let i = 0; i < values.length; i += every) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      all++;
      if (Math.abs(v / q - Math.round(v / q)) < 1e-6) on++;
    }
    if (all > 0 && on >= 0.99 * all) return q;
  }
  return 0;
}

/** Residual-fit half-widths: from the wheel speed, and from the lap-distance odometer (s). */
const SPEED_RESIDUAL_WINDOW_S = 40;
const ODOMETER_RESIDUAL_WINDOW_S = 100;


/** The session's mean line: 2 m bins pooled over ±2 (about three laps' worth of fixes each), 3 m gate. */
const MEAN_LINE = { binM: 2, halfBins: 2, minCount: 3, gate: 3 };

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
