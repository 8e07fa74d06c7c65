// What a driver did in each corner of a lap on the 1 m grid: entry, minimum and exit speed, brake point
// (threshold crossing, interpolated), peak pressure, release and trail length, throttle pickup, time in
// the corner, line offset at the apex, and time gained or lost against a reference lap.

import type { Corner } from '../geometry/types.ts';
import { timeAtDistanceOnLap, valueAtDistance } from './delta.ts';
import type { CornerMetrics, CornerSegment, DistanceLap } from './types.ts';

export interface CornerMetricOptions {
  /** Brake pressure that marks the brake point and the release, bar (default 3). */
  brakeThresholdBar?: number;
  /** Brake applications peaking below this are lifts, not braking for the corner, bar (default 5). */
  minBrakePeakBar?: number;
  /** …or held at or above that peak level for less than this, s (default 0.15). */
  minBrakeDurationS?: number;
}

const DEFAULTS: Required<CornerMetricOptions> = { brakeThresholdBar: 3, minBrakePeakBar: 5, minBrakeDurationS: 0.15 };

/** The brake pressure channel of a lap: front line pressure, else the single sensor, else the rear. */
export function brakeChannel(lap: DistanceLap): Float64Array | undefined {
  return lap.channels.brake_front ?? lap.channels.brake ?? lap.channels.brake_rear;
}

/** Corners in driving order (by apex) with the segments that tile the lap: straight midpoints between them. */
export function cornerSegments(corners: Corner[], lengthM: number): CornerSegment[] {
  const cs = [...corners].sort((a, b) => a.apexM - b.apexM);
  if (cs.length === 0) return [];
  const bounds: number[] = [0];
  for (let k = 0; k + 1 < cs.length; k++) {
    const a = cs[k];
    const b = cs[k + 1];
    const exitA = a.exitM < a.apexM ? a.exitM + lengthM : a.exitM;
    const entryB = b.entryM > b.apexM ? b.entryM - lengthM : b.entryM;
    let mid = exitA <= entryB ? 0.5 * (exitA + entryB) : 0.5 * (a.apexM + b.apexM);
    mid = Math.min(b.apexM, Math.max(a.apexM, mid));
    bounds.push(mid);
  }
  bounds.push(lengthM);
  return cs.map((c, k) => ({ corner: c.number, name: c.name, startM: bounds[k], endM: bounds[k + 1] }));
}

/** Time spent over [a, b] of the lap, s. */
export function segmentTimeS(lap: DistanceLap, a: number, b: number): number {
  return timeAtDistanceOnLap(lap, b) - timeAtDistanceOnLap(lap, a);
}

export function cornerMetrics(lap: DistanceLap, corners: Corner[], reference?: DistanceLap, options: CornerMetricOptions = {}): CornerMetrics[] {
  const o = { ...DEFAULTS, ...options };
  const L = lap.lengthM;
  const speed = lap.channels.speed ?? lap.channels.gps_speed;
  const brake = brakeChannel(lap);
  const throttle = lap.channels.throttle;
  const segments = cornerSegments(corners, L);
  const ordered = [...corners].sort((a, b) => a.apexM - b.apexM);
  const byCorner = brake ? assignBrakeEvents(lap, brake, speed, ordered, o) : [];
  return ordered.map((c, k) => {
    const entry = c.entryM;
    const exit = c.exitM;
    const wraps = entry > exit;
    let minSpeed = Infinity;
    let minAt = NaN;
    if (speed) {
      for (const [a, b] of wraps ? [[entry, L], [0, exit]] : [[entry, exit]]) {
        for (let i = Math.ceil(a); i <= Math.floor(b) && i < speed.length; i++) {
          if (speed[i] < minSpeed) {
            minSpeed = speed[i];
            minAt = lap.distanceM[i];
          }
        }
      }
    }
    const braking = byCorner[k] ?? null;
    const releaseM = braking ? braking.releaseM : NaN;
    const pickupFrom = braking && Number.isFinite(releaseM) ? releaseM : wraps ? 0 : entry;
    const nextLimit = k + 1 < ordered.length ? ordered[k + 1].apexM : L;
    const pickup = throttle ? throttlePickup(lap, throttle, pickupFrom, nextLimit) : NaN;
    const timeIn = wraps ? segmentTimeS(lap, entry, L) + segmentTimeS(lap, 0, exit) : segmentTimeS(lap, entry, exit);
    const seg = segments[k];
    const deltaVsRefS = reference ? segmentTimeS(lap, seg.startM, seg.endM) - segmentTimeS(reference, seg.startM, seg.endM) : NaN;
    return {
      number: c.number,
      name: c.name,
      entryM: entry,
      apexM: c.apexM,
      exitM: exit,
      entrySpeedMs: speed ? valueAtDistance(lap, speed, entry) : NaN,
      minSpeedMs: Number.isFinite(minSpeed) ? minSpeed : NaN,
      minSpeedAtM: minAt,
      exitSpeedMs: speed ? valueAtDistance(lap, speed, exit) : NaN,
      brakePointM: braking ? braking.pointM : NaN,
      peakBrakeBar: braking ? braking.peakBar : NaN,
      brakeReleaseM: releaseM,
      trailBrakeM: braking && Number.isFinite(releaseM) ? Math.max(0, wraps ? releaseM + (releaseM < entry ? L - entry : -entry) : releaseM - entry) : NaN,
      throttlePickupM: pickup,
      timeInCornerS: timeIn,
      apexOffsetM: valueAtDistance(lap, lap.lateralM, c.apexM),
      deltaVsRefS,
    };
  });
}

export interface BrakeApplication {
  pointM: number;
  peakBar: number;
  releaseM: number;
}

/** Every real brake application of the lap (see brakeEvent), in order. */
export function brakeApplications(lap: DistanceLap, brake: Float64Array, options: CornerMetricOptions = {}): BrakeApplication[] {
  const o = { ...DEFAULTS, ...options };
  const out: BrakeApplication[] = [];
  let from = 0;
  for (;;) {
    const e = brakeEvent(lap, brake, from, lap.lengthM, o);
    if (!e) return out;
    out.push(e);
    if (!Number.isFinite(e.releaseM)) return out;
    from = e.releaseM;
  }
}

/**
 * Braking for a corner is braking that leads to the car's slowest point in it: each application goes to
 * the corner holding the lowest speed between it and the next application (the corner whose apex is
 * nearest that point when it falls between corners); a corner keeps its first application.
 */
function assignBrakeEvents(
  lap: DistanceLap,
  brake: Float64Array,
  speed: Float64Array | undefined,
  ordered: Corner[],
  o: Required<CornerMetricOptions>,
): (BrakeApplication | undefined)[] {
  const out: (BrakeApplication | undefined)[] = new Array(ordered.length);
  const events = brakeApplications(lap, brake, o);
  const L = lap.lengthM;
  const n = lap.distanceM.length;
  events.forEach((e, idx) => {
    const end = Math.min(L, idx + 1 < events.length ? events[idx + 1].pointM : e.pointM + SLOWEST_SEARCH_M);
    let at = e.pointM;
    if (speed) {
      let best = Infinity;
      for (let i = Math.ceil(e.pointM); i <= Math.floor(end) && i < n; i++) {
        if (speed[i] < best) {
          best = speed[i];
          at = lap.distanceM[i];
        }
      }
    }
    let k = ordered.findIndex((c) => (c.entryM <= c.exitM ? at >= c.entryM && at <= c.exitM : at >= c.entryM || at <= c.exitM));
    if (k < 0) {
      let gap = Infinity;
      ordered.forEach((c, i) => {
        const g = Math.abs(c.apexM - at);
        if (g < gap) [gap, k] = [g, i];
      });
    }
    if (k >= 0 && !out[k]) out[k] = e;
  });
  return out;
}

/** Samples below the threshold spanning at most this long inside an application are a sensor dropout, s. */
const BRAKE_DROPOUT_S = 0.1;

/** How far past a brake application its corner's slowest point is looked for when no other follows, m. */
const SLOWEST_SEARCH_M = 400;

/**
 * The first brake application starting between `fromM` and `toM` that peaks at or above the minimum and
 * stays above the threshold long enough (shorter ones are dabs): where the pressure rises through the
 * threshold (interpolated between grid points), its peak, and where it falls back below the threshold.
 */
export function brakeEvent(
  lap: DistanceLap,
  brake: Float64Array,
  fromM: number,
  toM: number,
  o: Required<CornerMetricOptions>,
): { pointM: number; peakBar: number; releaseM: number } | null {
  const d = lap.distanceM;
  const thr = o.brakeThresholdBar;
  const n = d.length;
  let i = Math.max(1, Math.ceil(fromM));
  const last = Math.min(n - 1, Math.floor(toM));
  while (i <= last) {
    // next upward crossing
    while (i <= last && !(brake[i - 1] < thr && brake[i] >= thr)) i++;
    if (i > last) return null;
    const pointM = d[i - 1] + ((thr - brake[i - 1]) / (brake[i] - brake[i - 1])) * (d[i] - d[i - 1]);
    let peak = brake[i];
    let j = i;
    for (;;) {
      while (j + 1 < n && brake[j + 1] >= thr) peak = Math.max(peak, brake[++j]);
      // a drop shorter than BRAKE_DROPOUT_S (one lost sample) does not end the application
      let k = j + 1;
      while (k < n && brake[k] < thr && lap.timeS[k] - lap.timeS[j + 1] <= BRAKE_DROPOUT_S) k++;
      if (k < n && brake[k] >= thr) j = k;
      else break;
    }
    const releaseM = j + 1 < n ? d[j] + ((brake[j] - thr) / (brake[j] - brake[j + 1])) * (d[j + 1] - d[j]) : NaN;
    let heldS = 0;
    for (let q = i; q <= j && q + 1 < n; q++) if (brake[q] >= o.minBrakePeakBar) heldS += lap.timeS[q + 1] - lap.timeS[q];
    if (peak >= o.minBrakePeakBar && heldS >= o.minBrakeDurationS) return { pointM, peakBar: peak, releaseM };
    i = j + 1;
  }
  return null;
}

/**
 * Where the throttle starts to rise after `fromM` (the brake release): the first point whose throttle is
 * more than RISE_PCT above the lowest of the RISE_WINDOW_S before it and still rising RISE_WINDOW_S later
 * (a step up to a held maintenance throttle is not a pickup; the ramp from it is), traced back to where it
 * left that level (+1 %). NaN when the throttle does not rise before `toM`.
 */
export function throttlePickup(lap: DistanceLap, throttle: Float64Array, fromM: number, toM: number): number {
  const d = lap.distanceM;
  const t = lap.timeS;
  const n = d.length;
  const a = Math.max(1, Math.ceil(fromM));
  const b = Math.min(n - 1, Math.floor(toM));
  let back = a;
  let ahead = a;
  for (let i = a; i <= b; i++) {
    while (back < i && t[i] - t[back] > RISE_WINDOW_S) back++;
    while (ahead < n - 1 && t[ahead] - t[i] < RISE_WINDOW_S) ahead++;
    let level = Infinity;
    for (let q = back; q <= i; q++) level = Math.min(level, throttle[q]);
    if (!(throttle[i] > level + RISE_PCT && throttle[ahead] > throttle[i] + 1)) continue;
    let j = i;
    while (j > a && throttle[j - 1] > level + 1) j--;
    // interpolate where it crossed level + 1 %
    const y0 = throttle[j - 1];
    const y1 = throttle[j];
    const f = y1 > y0 ? Math.min(1, Math.max(0, (level + 1 - y0) / (y1 - y0))) : 1;
    return d[j - 1] + f * (d[j] - d[j - 1]);
  }
  return NaN;
}

/** A rise of more than this above the recent lowest throttle, still rising afterwards, is a pickup (%). */
const RISE_PCT = 5;
/** …over this time before and after, s. */
const RISE_WINDOW_S = 0.2;
