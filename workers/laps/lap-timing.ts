// Lap times from a session's own telemetry. Start/finish crossings come from the lap-distance
// odometer's reset (the car's timing beacon), timed to the sub-sample with the speed channel, and/or
// from the GPS trace crossing a given line (point + direction), timed from a whole window of GPS
// samples (anchored to the speed integral, or a least-squares fit) so that GPS noise averages out.

import { channelByName, type Channel, type Session } from '../model/session.ts';
import { createLocalFrame, geodeticToLocal, localToGeodetic } from '../geometry/projection.ts';

export interface StartFinishLine {
  latDeg: number;
  lonDeg: number;
  /** Direction of travel across the line, compass degrees (clockwise from north). */
  headingDeg: number;
  /** How far either side of the point the line reaches (m); default 30. */
  halfWidthM?: number;
}

export interface LapTime {
  lap: number;
  startTimeS: number;
  lapTimeS: number;
}

export type CrossingSource = 'lap_distance' | 'gps';

export interface LineCrossing {
  timeS: number;
  source: CrossingSource;
}

/** A lap-distance drop larger than this (m) and than half the distance before it is a new lap. */
const WRAP_MIN_DROP_M = 100;
/** GPS and odometer crossings closer than this belong to the same passage of the line (s). */
const SAME_PASSAGE_S = 0.5;
/** Half-width of the window the GPS distance-to-line is fitted over (s): quadratic fit, and anchored to the speed integral. */
const GPS_FIT_HALF_WINDOW_S = 0.6;
const GPS_ODOMETER_HALF_WINDOW_S = 1;
/** GPS fixes this far beyond the end of the line (m) still count as crossing it: position error, and a car on the kerb. */
const GPS_LINE_MARGIN_M = 5;

function valueAt(c: Channel, t: number): number {
  const ts = c.timeS;
  const n = ts.length;
  if (n === 0) return NaN;
  if (t <= ts[0]) return c.values[0];
  if (t >= ts[n - 1]) return c.values[n - 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= t) lo = mid; else hi = mid;
  }
  const f = (t - ts[lo]) / (ts[hi] - ts[lo]);
  return c.values[lo] + f * (c.values[hi] - c.values[lo]);
}

/**
 * Times at which the lap-distance odometer was reset. The crossing lies before the first sample
 * after the reset by the distance it shows: with the speed channel, solve ∫v dt = d with v linear
 * between the speed samples, averaged over the first two samples after the reset; without it, fit
 * a quadratic through the first three.
 */
export function lapDistanceCrossings(session: Session): number[] {
  const ld = channelByName(session, 'lap_distance');
  if (!ld || ld.values.length < 3) return [];
  const speed = channelByName(session, 'speed');
  const t = ld.timeS, d = ld.values;
  const out: number[] = [];
  for (let k = 1; k < d.length; k++) {
    const drop = d[k - 1] - d[k];
    if (!(drop > WRAP_MIN_DROP_M && drop > 0.5 * d[k - 1])) continue;
    const estimates: number[] = [];
    if (speed && speed.values.length >= 2) {
      for (let j = k; j < Math.min(d.length, k + 2); j++) {
        if (j > k && !(d[j] > d[j - 1])) break;
        const tc = backToZero(speed, t[j], d[j], t[k - 1]);
        if (Number.isFinite(tc)) estimates.push(tc);
      }
    } else if (k + 2 < d.length && d[k + 1] > d[k] && d[k + 2] > d[k + 1]) {
      const tc = quadraticRoot(t[k], d[k], t[k + 1], d[k + 1], t[k + 2], d[k + 2], t[k - 1]);
      if (Number.isFinite(tc)) estimates.push(tc);
    }
    if (estimates.length === 0) {
      // fall back to a straight line between the reset and the next sample
      if (k + 1 < d.length && d[k + 1] > d[k]) estimates.push(t[k] - (d[k] * (t[k + 1] - t[k])) / (d[k + 1] - d[k]));
      else continue;
    }
    out.push(estimates.reduce((a, b) => a + b, 0) / estimates.length);
  }
  return out;
}

/** The time tc ≥ lowerS with ∫_tc^tEnd v dt = dist, v linear between speed samples. */
function backToZero(speed: Channel, tEnd: number, dist: number, lowerS: number): number {
  if (dist <= 0) return tEnd;
  let acc = 0;
  let t1 = tEnd;
  let v1 = valueAt(speed, t1);
  // walk back sample interval by sample interval
  const ts = speed.timeS;
  let j = ts.length - 1;
  while (j > 0 && ts[j] >= t1) j--;
  for (let guard = 0; guard < 50; guard++) {
    const t0 = j >= 0 ? Math.min(ts[j], t1) : t1 - 1;
    const v0 = valueAt(speed, t0);
    const piece = 0.5 * (v0 + v1) * (t1 - t0);
    if (acc + piece >= dist || t0 <= lowerS - 1) {
      // solve within [t0, t1]: distance from t back to t1 with v linear
      const need = dist - acc;
      const slope = (v1 - v0) / (t1 - t0 || 1);
      // ∫_{t1-x}^{t1} v = v1·x − slope·x²/2 = need
      const x = Math.abs(slope) < 1e-9 ? need / v1 : (v1 - Math.sqrt(Math.max(0, v1 * v1 - 2 * slope * need))) / slope;
      return t1 - x;
    }
    acc += piece;
    t1 = t0;
    v1 = v0;
    j--;
  }
  return NaN;
}

/** Root (d = 0) of the parabola through three samples, searched back from t0 to no earlier than lowerS. */
function quadraticRoot(t0: number, d0: number, t1: number, d1: number, t2: number, d2: number, lowerS: number): number {
  const h1 = t1 - t0, h2 = t2 - t0;
  // d(τ) = d0 + bτ + cτ², τ = t − t0
  const c = ((d2 - d0) / h2 - (d1 - d0) / h1) / (h2 - h1);
  const b = (d1 - d0) / h1 - c * h1;
  let tau: number;
  if (Math.abs(c) < 1e-12) tau = -d0 / b;
  else {
    const disc = b * b - 4 * c * d0;
    if (disc < 0) return NaN;
    const r1 = (-b + Math.sqrt(disc)) / (2 * c), r2 = (-b - Math.sqrt(disc)) / (2 * c);
    // the root just before the first sample
    const cands = [r1, r2].filter((r) => r <= 0 && t0 + r >= lowerS - 0.5);
    if (cands.length === 0) return NaN;
    tau = Math.max(...cands);
  }
  return t0 + tau;
}

/**
 * Times at which the GPS trace crosses the line in the direction of travel, within its half-width.
 * With a speed channel, the along-line distance of every GPS sample within ±1 s is matched to the
 * distance travelled (∫v dt) and the crossing is where that reaches the mean offset; without one,
 * the root of a quadratic least-squares fit over ±0.6 s.
 */
export function gpsLineCrossings(session: Session, line: StartFinishLine): number[] {
  const lat = channelByName(session, 'lat');
  const lon = channelByName(session, 'lon');
  if (!lat || !lon || lat.values.length < 3) return [];
  const frame = createLocalFrame(line.latDeg, line.lonDeg);
  const heading = ((90 - line.headingDeg) * Math.PI) / 180; // compass → math angle
  const ux = Math.cos(heading), uy = Math.sin(heading);
  const half = line.halfWidthM ?? 30;
  const t = lat.timeS;
  const n = t.length;
  const along = new Float64Array(n), across = new Float64Array(n);
  const sameClock = lon.timeS.length === n && lon.timeS.every((x, i) => x === t[i]);
  for (let i = 0; i < n; i++) {
    const lo = sameClock ? lon.values[i] : valueAt(lon, t[i]);
    const p = geodeticToLocal(frame, lat.values[i], lo);
    along[i] = p.xM * ux + p.yM * uy;
    across[i] = -p.xM * uy + p.yM * ux;
  }
  const speed = channelByName(session, 'speed');
  const odometer = speed && speed.values.length >= 2 ? new Odometer(speed) : undefined;
  const out: number[] = [];
  for (let i = 1; i < n; i++) {
    if (!(along[i - 1] < 0 && along[i] >= 0)) continue;
    if (Math.abs(across[i]) > half + GPS_LINE_MARGIN_M || Math.abs(across[i - 1]) > half + GPS_LINE_MARGIN_M) continue;
    if (t[i] - t[i - 1] > 1) continue;
    const rough = t[i - 1] + ((t[i] - t[i - 1]) * -along[i - 1]) / (along[i] - along[i - 1]);
    const tc = odometer ? speedAnchoredRoot(odometer, t, along, i, rough) : quadraticFitRoot(t, along, i, rough);
    out.push(tc);
  }
  return out;
}

/**
 * With speed: the car's along-line position over the window is its odometer (∫v dt) less an
 * offset; the offset is the mean over every GPS sample of the window, so only one number is fitted
 * and the noise averages over all of them. The crossing is where the odometer reaches the offset.
 */
function speedAnchoredRoot(odo: Odometer, t: Float64Array, along: Float64Array, i: number, rough: number): number {
  let sum = 0, count = 0;
  for (let j = i; j >= 0 && t[j] >= rough - GPS_ODOMETER_HALF_WINDOW_S; j--) { sum += odo.at(t[j]) - along[j]; count++; }
  for (let j = i + 1; j < t.length && t[j] <= rough + GPS_ODOMETER_HALF_WINDOW_S; j++) { sum += odo.at(t[j]) - along[j]; count++; }
  if (count < 4) return quadraticFitRoot(t, along, i, rough);
  const tc = odo.timeAt(sum / count, rough);
  return Math.abs(tc - rough) < GPS_ODOMETER_HALF_WINDOW_S ? tc : rough;
}

/** Without speed: least-squares quadratic of the along-line distance over the window, solved for zero. */
function quadraticFitRoot(t: Float64Array, along: Float64Array, i: number, rough: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
  const acc = (j: number) => {
    const x = t[j] - rough, y = along[j];
    s0 += 1; s1 += x; s2 += x * x; s3 += x * x * x; s4 += x * x * x * x;
    y0 += y; y1 += x * y; y2 += x * x * y;
  };
  for (let j = i; j >= 0 && t[j] >= rough - GPS_FIT_HALF_WINDOW_S; j--) acc(j);
  for (let j = i + 1; j < t.length && t[j] <= rough + GPS_FIT_HALF_WINDOW_S; j++) acc(j);
  if (s0 < 4) return rough;
  const sol = solve3([s0, s1, s2, s1, s2, s3, s2, s3, s4], [y0, y1, y2]);
  if (!sol) return rough;
  const [a, b, c] = sol;
  // Newton from the rough estimate on a + bx + cx² = 0
  let x = 0;
  for (let it = 0; it < 20; it++) {
    const f = a + b * x + c * x * x, df = b + 2 * c * x;
    if (Math.abs(df) < 1e-9) break;
    const step = f / df;
    x -= step;
    if (Math.abs(step) < 1e-9) break;
  }
  return Math.abs(x) < GPS_FIT_HALF_WINDOW_S ? rough + x : rough;
}

/** Distance travelled, ∫v dt, from a speed channel (v linear between samples). */
class Odometer {
  private readonly cum: Float64Array;
  constructor(private readonly speed: Channel) {
    const t = speed.timeS, v = speed.values;
    this.cum = new Float64Array(t.length);
    for (let k = 1; k < t.length; k++) this.cum[k] = this.cum[k - 1] + 0.5 * (v[k] + v[k - 1]) * (t[k] - t[k - 1]);
  }

  private index(time: number): number {
    const t = this.speed.timeS;
    let lo = 0, hi = t.length - 1;
    if (time <= t[0]) return 0;
    if (time >= t[hi]) return hi - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid] <= time) lo = mid; else hi = mid;
    }
    return lo;
  }

  at(time: number): number {
    const t = this.speed.timeS, v = this.speed.values;
    const k = this.index(time);
    const dt = time - t[k];
    const slope = (v[k + 1] - v[k]) / (t[k + 1] - t[k]);
    return this.cum[k] + v[k] * dt + 0.5 * slope * dt * dt;
  }

  /** The time near `guess` at which the odometer reads `dist` (Newton). */
  timeAt(dist: number, guess: number): number {
    let x = guess;
    for (let it = 0; it < 30; it++) {
      const f = this.at(x) - dist;
      const v = Math.max(0.5, valueAt(this.speed, x));
      const step = f / v;
      x -= step;
      if (Math.abs(step) < 1e-7) break;
    }
    return x;
  }
}

function solve3(m: number[], r: number[]): [number, number, number] | undefined {
  const det = (a: number[]) => a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
  const D = det(m);
  if (Math.abs(D) < 1e-12) return undefined;
  const col = (k: number) => m.map((v, idx) => (idx % 3 === k ? r[Math.floor(idx / 3)] : v));
  return [det(col(0)) / D, det(col(1)) / D, det(col(2)) / D];
}

/**
 * The line where the lap-distance odometer resets, from the GPS positions at the resets
 * (direction from the positions a second either side). Undefined without both channels.
 */
export function startFinishFromLapDistance(session: Session): StartFinishLine | undefined {
  const lat = channelByName(session, 'lat');
  const lon = channelByName(session, 'lon');
  const crossings = lapDistanceCrossings(session);
  if (!lat || !lon || crossings.length === 0) return undefined;
  const frame = createLocalFrame(valueAt(lat, crossings[0]), valueAt(lon, crossings[0]));
  let x = 0, y = 0, dx = 0, dy = 0;
  for (const tc of crossings) {
    const p = geodeticToLocal(frame, valueAt(lat, tc), valueAt(lon, tc));
    const a = geodeticToLocal(frame, valueAt(lat, tc - 1), valueAt(lon, tc - 1));
    const b = geodeticToLocal(frame, valueAt(lat, tc + 1), valueAt(lon, tc + 1));
    x += p.xM; y += p.yM;
    dx += b.xM - a.xM; dy += b.yM - a.yM;
  }
  x /= crossings.length; y /= crossings.length;
  const { latDeg: lat0, lonDeg: lon0 } = localToGeodetic(frame, x, y);
  const headingDeg = ((90 - (Math.atan2(dy, dx) * 180) / Math.PI) % 360 + 360) % 360;
  return { latDeg: lat0, lonDeg: lon0, headingDeg };
}

/**
 * Crossing times of the start/finish line. With a line and GPS, each GPS crossing is kept, and
 * replaced by the odometer reset of the same passage when there is one (the beacon is then at this
 * line: the odometer times it to about a millisecond, GPS to a few). Without a line, the odometer resets.
 */
export function lineCrossings(session: Session, line?: StartFinishLine): LineCrossing[] {
  const beacon = lapDistanceCrossings(session);
  if (!line) return beacon.map((timeS) => ({ timeS, source: 'lap_distance' as const }));
  const gps = gpsLineCrossings(session, line);
  if (gps.length === 0) return beacon.map((timeS) => ({ timeS, source: 'lap_distance' as const }));
  return gps.map((tg) => {
    let best = NaN;
    for (const tb of beacon) if (Math.abs(tb - tg) <= SAME_PASSAGE_S && !(Math.abs(tb - tg) >= Math.abs(best - tg))) best = tb;
    return Number.isFinite(best) ? { timeS: best, source: 'lap_distance' as const } : { timeS: tg, source: 'gps' as const };
  });
}

/** Full laps between consecutive start/finish crossings, numbered by the session's lap counter when it has one. */
export function computeLapTimes(session: Session, startFinish?: StartFinishLine): LapTime[] {
  const crossings = lineCrossings(session, startFinish).map((c) => c.timeS).sort((a, b) => a - b);
  const lapChannel = channelByName(session, 'lap');
  const out: LapTime[] = [];
  for (let k = 0; k + 1 < crossings.length; k++) {
    const start = crossings[k], end = crossings[k + 1];
    let lap = k + 1;
    if (lapChannel && lapChannel.values.length > 0) {
      const mid = 0.5 * (start + end);
      const ts = lapChannel.timeS;
      let j = 0;
      while (j + 1 < ts.length && ts[j + 1] <= mid) j++;
      const v = lapChannel.values[j];
      if (Number.isFinite(v) && v >= 0 && v < 32768) lap = Math.round(v);
    }
    out.push({ lap, startTimeS: start, lapTimeS: end - start });
  }
  return out;
}
