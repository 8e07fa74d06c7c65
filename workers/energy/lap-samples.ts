// A lap's samples for the energy kernels: the logger's own samples between the lap's start and end
// (the fastest motion channel's clock, plus the two exact boundary instants), every input channel
// interpolated onto them, and each sample's position along the lap from the lap's 1 m grid.
// Longitudinal acceleration: the accelerometer when logged (aligned to the speed signal, lightly
// smoothed), else d(speed)/dt; yaw rate: the gyro when logged, else v·κ of the reference line.

import type { TrackGrid } from '../geometry/types.ts';
import { IngestError } from '../ingest/errors.ts';
import type { DistanceLap } from '../laps/types.ts';
import type { Channel, Session } from '../model/session.ts';
import { alignedAcceleration, estimateAccelAlignment, type AccelAlignment } from './accel-alignment.ts';
import { DEFAULT_DERIVATIVE_MIN_POINTS, DEFAULT_DERIVATIVE_WINDOW_S, savitzkyGolayDerivative, savitzkyGolaySmooth } from './derivative.ts';
import { interpolateArrays } from './interpolate.ts';
import type { PhysicsInputName } from './kernels.ts';

export interface LapSampleOptions {
  /** 'auto': the accelerometer (acc_long) when logged, else d(speed)/dt; 'speed': always d(speed)/dt. */
  accelSource?: 'auto' | 'speed';
  /** 'auto': the gyro (yaw_rate) when logged, else v·κ; 'curvature': always v·κ. */
  yawSource?: 'auto' | 'curvature';
  /** Window of the Savitzky–Golay derivatives (d(speed)/dt, d(yaw rate)/dt), s, and their fewest points. */
  derivativeWindowS?: number;
  derivativeMinPoints?: number;
  /**
   * Accelerometer lag and offset against d(speed)/dt: given (e.g. estimated once per session), null to use
   * the raw accelerometer, or undefined to estimate them over this lap.
   */
  accelAlignment?: AccelAlignment | null;
  /** Zero-phase Savitzky–Golay smoothing of the accelerometer, window in s (default 0.25; 0 = none). */
  accelSmoothingS?: number;
  /** Half-width of the centred difference that gives the gradient dz/ds from the grid's elevation, m (default 5). */
  gradientHalfWindowM?: number;
}

export const DEFAULT_ACCEL_SMOOTHING_S = 0.25;

export interface SampleSources {
  /** The channel whose sample times are the lap's samples. */
  clock: string;
  accel: 'accelerometer' | 'speed-derivative';
  accelAlignment: AccelAlignment | null;
  yawRate: 'gyro' | 'speed×curvature' | 'none';
  brakes: 'front+rear' | 'single' | 'none';
  gradient: 'elevation' | 'flat';
  /** The filters used, in words. */
  filters: string;
}

export interface LapSamples {
  lap: number;
  lengthM: number;
  /** Bins of the lap's 1 m grid: ceil(lengthM). */
  bins: number;
  /** Session time of the lap's start (distance 0), s. */
  startTimeS: number;
  /** Time since the lap's start, s: 0 first, the lap time last. */
  timeS: Float64Array;
  /** timeS[i + 1] − timeS[i] (0 for the last sample), s, computed in float64. */
  dtS: Float64Array;
  /** Distance along the lap, m, and the same as whole metre + fraction (the kernels' position format). */
  distanceM: Float64Array;
  binIndex: Uint32Array;
  binFrac: Float64Array;
  inputs: Record<PhysicsInputName, Float64Array>;
  /** The lap grid's time and speed at grid points 0…bins (bins + 1 values). */
  gridTimeS: Float64Array;
  gridSpeedMs: Float64Array;
  sources: SampleSources;
}

const CLOCK_CANDIDATES = ['acc_long', 'yaw_rate', 'brake_front', 'brake', 'throttle', 'speed', 'gps_speed'];

export function sessionChannel(session: Session, name: string): Channel | undefined {
  const c = session.channels.find((x) => x.name === name);
  return c && c.values.length > 0 ? c : undefined;
}

/** The speed channel the energy model uses (wheel/vehicle speed, else GPS speed). */
export function speedChannel(session: Session): Channel {
  const c = sessionChannel(session, 'speed') ?? sessionChannel(session, 'gps_speed');
  if (!c) throw new IngestError('no-data', 'the energy model needs a speed channel (speed or gps_speed)', { file: session.meta.sourceFile, channel: 'speed' });
  return c;
}

/** The samples of one lap. `grid` (the reference line) gives curvature and elevation; null = flat, no v·κ. */
export function lapSamples(session: Session, lap: DistanceLap, grid: TrackGrid | null, options: LapSampleOptions = {}): LapSamples {
  const speedCh = speedChannel(session);
  const bins = lap.distanceM.length - 1;
  if (bins < 1) throw new RangeError(`lap ${lap.lap} has no distance grid`);
  const t0 = lap.startTimeS;
  const t1 = t0 + lap.timeS[bins];

  // the sample clock: the channel with the most samples inside the lap
  let clock = speedCh;
  let best = -1;
  for (const name of CLOCK_CANDIDATES) {
    const c = sessionChannel(session, name);
    if (!c) continue;
    const k = lowerBound(c.timeS, t1) - lowerBound(c.timeS, t0);
    if (k > best) { best = k; clock = c; }
  }
  const times: number[] = [t0];
  for (let i = lowerBound(clock.timeS, t0); i < clock.timeS.length && clock.timeS[i] < t1 - 1e-9; i++) if (clock.timeS[i] > t0 + 1e-9) times.push(clock.timeS[i]);
  times.push(t1);
  const tAbs = Float64Array.from(times);
  const n = tAbs.length;

  const speed = interpolate(speedCh, tAbs);
  const windowS = options.derivativeWindowS ?? DEFAULT_DERIVATIVE_WINDOW_S;
  const minPoints = options.derivativeMinPoints ?? DEFAULT_DERIVATIVE_MIN_POINTS;
  const deriv = { windowS, minPoints };
  const smoothS = options.accelSmoothingS ?? DEFAULT_ACCEL_SMOOTHING_S;

  const accCh = options.accelSource === 'speed' ? undefined : sessionChannel(session, 'acc_long');
  let acc: Float64Array;
  let alignment: AccelAlignment | null = null;
  if (accCh) {
    alignment = options.accelAlignment !== undefined ? options.accelAlignment : estimateAccelAlignment(accCh, speedCh, t0, t1, { derivative: deriv });
    const lag = alignment?.lagS ?? 0;
    // the accelerometer's own samples around the lap, smoothed (zero phase), shifted by the lag
    const [a, b] = indexRange(accCh.timeS, t0 + lag - 1, t1 + lag + 1);
    const ts = accCh.timeS.subarray(a, b);
    const raw = finiteOrInterpolated(ts, accCh.values.subarray(a, b));
    const smooth = smoothS > 0 ? savitzkyGolaySmooth(ts, raw, { windowS: smoothS, minPoints: 3 }) : raw;
    const shifted = new Float64Array(n);
    for (let i = 0; i < n; i++) shifted[i] = tAbs[i] + lag;
    acc = interpolateArrays(ts, smooth, shifted);
    for (let i = 0; i < n; i++) acc[i] = alignedAcceleration(alignment, acc[i]);
  } else {
    // derivative on the speed channel's own samples (around the lap), then onto the sample clock
    const [a, b] = indexRange(speedCh.timeS, t0 - 2 * windowS - 1, t1 + 2 * windowS + 1);
    const ts = speedCh.timeS.subarray(a, b);
    acc = interpolateArrays(ts, savitzkyGolayDerivative(ts, speedCh.values.subarray(a, b), deriv), tAbs);
  }

  // position along the lap: invert the grid's time → distance
  const relT = new Float64Array(n);
  for (let i = 0; i < n; i++) relT[i] = tAbs[i] - t0;
  const distanceM = distanceAtTimes(lap, relT);
  const binIndex = new Uint32Array(n);
  const binFrac = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.min(bins - 1, Math.max(0, Math.floor(distanceM[i])));
    binIndex[i] = k;
    binFrac[i] = Math.max(0, distanceM[i] - k);
  }

  const gyro = options.yawSource === 'curvature' ? undefined : sessionChannel(session, 'yaw_rate');
  let yawRate: Float64Array;
  let yawSource: SampleSources['yawRate'];
  if (gyro) { yawRate = interpolate(gyro, tAbs); yawSource = 'gyro'; }
  else if (grid) {
    yawRate = new Float64Array(n);
    for (let i = 0; i < n; i++) yawRate[i] = Math.max(0, speed[i]) * gridValueAt(grid.curvaturePerM, grid.lengthM, distanceM[i]);
    yawSource = 'speed×curvature';
  } else { yawRate = new Float64Array(n); yawSource = 'none'; }
  const yawAccel = savitzkyGolayDerivative(tAbs, yawRate, deriv);

  const bF = sessionChannel(session, 'brake_front');
  const bR = sessionChannel(session, 'brake_rear');
  const bS = sessionChannel(session, 'brake');
  let brakeFront: Float64Array;
  let brakeRear: Float64Array;
  let brakes: SampleSources['brakes'];
  if (bF || bR) {
    brakeFront = bF ? interpolate(bF, tAbs) : new Float64Array(n);
    brakeRear = bR ? interpolate(bR, tAbs) : new Float64Array(n);
    brakes = 'front+rear';
  } else if (bS) {
    brakeFront = interpolate(bS, tAbs);
    brakeRear = Float64Array.from(brakeFront);
    brakes = 'single';
  } else {
    // no brake channel: equal nominal pressures, and the caller sets brakeFullBar ≤ 0 (all retarding work is braking)
    brakeFront = new Float64Array(n).fill(1);
    brakeRear = new Float64Array(n).fill(1);
    brakes = 'none';
  }

  const gradient = new Float64Array(n);
  const halfM = options.gradientHalfWindowM ?? 5;
  const hasElevation = grid?.elevationM != null && grid.elevationM.some((z) => Number.isFinite(z));
  if (grid && hasElevation) {
    const g = gradientOnGrid(grid.elevationM!, halfM);
    for (let i = 0; i < n; i++) gradient[i] = gridValueAt(g, grid.lengthM, distanceM[i]);
  }

  const dtS = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) dtS[i] = relT[i + 1] - relT[i];
  const gridSpeed = lap.channels.speed ?? lap.channels.gps_speed;
  const filters = [
    accCh
      ? `acceleration: accelerometer (acc_long)${alignment ? `${alignment.sign < 0 ? ', sign inverted (it reads braking as positive)' : ''}, shifted by its lag ${(alignment.lagS * 1000).toFixed(0)} ms and offset ${alignment.offsetMs2.toFixed(3)} m/s² against d(speed)/dt (gain ${Math.abs(alignment.gain).toFixed(2)}${Math.abs(Math.abs(alignment.gain) - 1) > 0.2 ? ', far from 1: check the accelerometer units' : ''})` : ''}${smoothS > 0 ? `, zero-phase Savitzky–Golay smoothing over ${smoothS} s` : ''}`
      : `acceleration: d(speed)/dt, least-squares quadratic (Savitzky–Golay) over a centred ${windowS} s window, at least ${minPoints} samples`,
    yawSource === 'gyro' ? 'yaw rate: gyro' : yawSource === 'none' ? 'yaw rate: unknown (no gyro, no track map)' : 'yaw rate: speed × reference-line curvature',
    `yaw acceleration: Savitzky–Golay derivative over ${windowS} s`,
    hasElevation ? `gradient: centred difference of the grid elevation over ±${halfM} m` : 'gradient: flat (no elevation)',
  ].join('; ');
  return {
    lap: lap.lap,
    lengthM: lap.lengthM,
    bins,
    startTimeS: t0,
    timeS: relT,
    dtS,
    distanceM,
    binIndex,
    binFrac,
    inputs: { speedMs: speed, accLongMs2: acc, yawRateRadS: yawRate, yawAccelRadS2: yawAccel, brakeFrontBar: brakeFront, brakeRearBar: brakeRear, gradient },
    gridTimeS: lap.timeS,
    gridSpeedMs: gridSpeed && gridSpeed.every(Number.isFinite) ? gridSpeed : interpolateArrays(relT, speed, lap.timeS),
    sources: { clock: clock.name, accel: accCh ? 'accelerometer' : 'speed-derivative', accelAlignment: alignment, yawRate: yawSource, brakes, gradient: hasElevation ? 'elevation' : 'flat', filters },
  };
}

function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [lo, hi) of the sorted times within [a, b]. */
function indexRange(t: Float64Array, a: number, b: number): [number, number] {
  return [lowerBound(t, a), lowerBound(t, b + 1e-12)];
}

/** The values with NaNs replaced by linear interpolation between finite neighbours. */
function finiteOrInterpolated(t: Float64Array, v: Float64Array): Float64Array {
  if (v.every(Number.isFinite)) return v;
  const tt: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) { tt.push(t[i]); vv.push(v[i]); }
  return interpolateArrays(Float64Array.from(tt), Float64Array.from(vv), t);
}

/** A channel at the (increasing) query times, linear between its finite samples, held beyond its ends. */
function interpolate(c: Channel, q: Float64Array): Float64Array {
  if (c.values.every(Number.isFinite)) return interpolateArrays(c.timeS, c.values, q);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < c.values.length; i++) if (Number.isFinite(c.values[i])) { t.push(c.timeS[i]); v.push(c.values[i]); }
  return interpolateArrays(Float64Array.from(t), Float64Array.from(v), q);
}

/** Distance along the lap at each (increasing) time since the lap start, from the grid's times. */
function distanceAtTimes(lap: DistanceLap, relT: Float64Array): Float64Array {
  const t = lap.timeS;
  const d = lap.distanceM;
  const m = t.length;
  const out = new Float64Array(relT.length);
  let k = 0;
  for (let i = 0; i < relT.length; i++) {
    const x = relT[i];
    while (k + 1 < m - 1 && t[k + 1] <= x) k++;
    const span = t[k + 1] - t[k];
    const f = span > 0 ? Math.min(1, Math.max(0, (x - t[k]) / span)) : 0;
    out[i] = d[k] + f * (d[k + 1] - d[k]);
  }
  out[0] = 0;
  out[relT.length - 1] = lap.lengthM;
  return out;
}

/** A per-metre grid array at a distance (linear; the step from the last point back to 0 closes the loop). */
export function gridValueAt(values: Float64Array, lengthM: number, distanceM: number): number {
  const n = values.length;
  let s = distanceM % lengthM;
  if (s < 0) s += lengthM;
  const i = Math.min(n - 1, Math.floor(s));
  const next = i + 1 < n ? i + 1 : 0;
  const span = i + 1 < n ? 1 : lengthM - (n - 1);
  const f = span > 0 ? Math.min(1, (s - i) / span) : 0;
  return values[i] + f * (values[next] - values[i]);
}

/** dz/ds on the grid by a centred difference over ±h metres (cyclic); NaN elevations take the last finite one. */
function gradientOnGrid(z: Float64Array, h: number): Float64Array {
  const n = z.length;
  const filled = Float64Array.from(z);
  let last = NaN;
  for (let pass = 0; pass < 2; pass++) for (let i = 0; i < n; i++) { if (Number.isFinite(z[i])) last = z[i]; else if (Number.isFinite(last)) filled[i] = last; }
  const k = Math.max(1, Math.round(h));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (filled[(i + k) % n] - filled[(i - k + n) % n]) / (2 * k);
  return out;
}
