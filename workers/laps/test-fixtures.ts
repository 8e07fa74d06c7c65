// Synthetic laps for the laps-domain tests: a stadium circuit (two 200 m straights, two 50 m-radius
// turns; or any turtle layout, e.g. a figure-eight) placed at a latitude/longitude, and a car driving it
// with a known distance at every instant, logged like a GR Cup car (GPS 10 Hz, inputs and lap counter
// 20 Hz, speed 5 Hz) with optional noise, GPS dropouts, a stop, a slow lap and a pit-lane excursion.

import { buildTrackModel } from '../geometry/build.ts';
import { createLocalFrame, localToGeodetic } from '../geometry/projection.ts';
import { turtleAt, turtlePath, type TurtlePath } from '../geometry/synthetic.ts';
import type { TrackModel } from '../geometry/types.ts';
import { CANONICAL } from '../model/channels.ts';
import type { Channel, Session } from '../model/session.ts';

export const STADIUM: TurtlePath = turtlePath([{ straightM: 200 }, { arcRadiusM: 50, turnDeg: 180 }, { straightM: 200 }, { arcRadiusM: 50, turnDeg: 180 }]);
export const STADIUM_ORIGIN = { latDeg: 52.07, lonDeg: -1.02 };
/** Where braking for each turn starts (brake pressure starts to rise), m from the line. */
export const STADIUM_BRAKE_POINTS_M = [160, 160 + 200 + Math.PI * 50];

/** The stadium as a track map (points every metre, in latitude/longitude). */
export function stadiumModel(): TrackModel {
  return layoutModel('Stadium', STADIUM);
}

/** Where and how a turtle layout's path starts (local metres, radians from east). */
type PathStart = { xM: number; yM: number; headingRad: number };

/** A turtle layout (and where its path starts) as a track map, points every metre in latitude/longitude. */
export function layoutModel(name: string, path: TurtlePath, start?: PathStart): TrackModel {
  const frame = createLocalFrame(STADIUM_ORIGIN.latDeg, STADIUM_ORIGIN.lonDeg);
  const n = Math.floor(path.lengthM);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = turtleAt(path, i, start);
    ({ latDeg: lat[i], lonDeg: lon[i] } = localToGeodetic(frame, p.xM, p.yM));
  }
  return buildTrackModel(
    { name, sourceFormat: 'csv', sourceFile: name.toLowerCase(), points: { frame: 'wgs84', latDeg: lat, lonDeg: lon } },
    { reference: { smoothingLengthM: 0 } },
  );
}

export interface SyntheticOptions {
  /** The circuit driven (default the stadium, starting at the origin heading east). */
  layout?: { path: TurtlePath; start?: PathStart };
  laps?: number;
  /** Centre-line speed, m/s (default 25). */
  speedMs?: number;
  /** Distance driven before the first crossing (the end of an out-lap), m (default 100). */
  leadInM?: number;
  /** Lateral offset of the driven line, m (+ left, default 2). */
  offsetM?: number;
  gpsNoiseM?: number;
  /** GPS error that wanders slowly (first-order Gauss–Markov, 10 s correlation), σ per axis, m. */
  gpsCorrelatedM?: number;
  speedNoiseMs?: number;
  /** Wheel-speed scale error (1 = exact). */
  speedScale?: number;
  /** GPS missing in these [from, to) session-time windows. */
  gpsDropouts?: [number, number][];
  /** The car stands still this long when it first reaches this lap distance on this lap. */
  stop?: { lap: number; atM: number; forS: number };
  /** This lap (counter value) is driven at this fraction of the speed. */
  slowLap?: { lap: number; factor: number };
  /** Over this lap distance span of this lap the car is this far off the line (a pit lane). */
  pitLane?: { lap: number; fromM: number; toM: number; offsetM: number };
  seed?: number;
}

export interface SyntheticRun {
  session: Session;
  /** Truth: centre-line distance (from the first crossing, negative before it) at each time. */
  distanceAt(timeS: number): number;
  timeAt(distanceM: number): number;
  /** Session times of the start/finish crossings. */
  crossingsS: number[];
}

function gaussian(seed: number): () => number {
  let x = seed >>> 0 || 1;
  const u = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return (x + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function channel(name: string, timeS: Float64Array, values: Float64Array): Channel {
  const c = CANONICAL[name];
  return { name, sourceName: name, unit: c.unit, kind: c.kind, timeS, values };
}

export function syntheticRun(o: SyntheticOptions = {}): SyntheticRun {
  const layout = o.layout?.path ?? STADIUM;
  const origin = o.layout?.start;
  const L = layout.lengthM;
  const laps = o.laps ?? 4;
  const v0 = o.speedMs ?? 25;
  const leadIn = o.leadInM ?? 100;
  const endU = laps * L + 50;
  const lapOf = (u: number) => Math.floor(u / L) + 2;
  const offsetAt = (u: number) => {
    const p = o.pitLane;
    const s = ((u % L) + L) % L;
    return p && lapOf(u) === p.lap && s >= p.fromM && s < p.toM ? p.offsetM : (o.offsetM ?? 2);
  };
  // the time law: centre-line distance u(t) on a 1 ms grid; the stop is braked into at 8 m/s² and left at
  // 4 m/s², the slow lap eases in and out over 50 m (a wheel-speed channel cannot see instant changes)
  const dt = 0.001;
  const us: number[] = [-leadIn];
  const stopU = o.stop ? (o.stop.lap - 2) * L + o.stop.atM : Infinity;
  const slowFactor = (u: number) => {
    if (!o.slowLap) return 1;
    const a = (o.slowLap.lap - 2) * L;
    const w = Math.min(1, Math.max(0, (u - a + 25) / 50)) * Math.min(1, Math.max(0, (a + L - u + 25) / 50));
    return 1 - (1 - o.slowLap.factor) * w;
  };
  let stoppedFor = 0;
  while (us[us.length - 1] < endU) {
    const u = us[us.length - 1];
    let v = v0 * slowFactor(u);
    if (u < stopU) v = Math.min(v, Math.max(0.05, Math.sqrt(2 * 8 * (stopU - u))));
    else if (o.stop && stoppedFor < o.stop.forS) {
      stoppedFor += dt;
      us.push(u);
      continue;
    } else if (o.stop) v = Math.min(v, Math.max(0.05, Math.sqrt(2 * 4 * (u - stopU))));
    us.push(Math.min(u + v * dt, u < stopU ? Math.max(u, stopU) : Infinity));
  }
  const uT = Float64Array.from(us);
  const duration = (uT.length - 1) * dt;
  const distanceAt = (t: number) => {
    const x = Math.min(uT.length - 1, Math.max(0, t / dt));
    const i = Math.min(uT.length - 2, Math.floor(x));
    return uT[i] + (x - i) * (uT[i + 1] - uT[i]);
  };
  const timeAt = (d: number) => {
    let lo = 0;
    let hi = uT.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (uT[mid] < d) lo = mid;
      else hi = mid;
    }
    const span = uT[hi] - uT[lo];
    return (lo + (span > 0 ? (d - uT[lo]) / span : 0)) * dt;
  };
  const crossingsS: number[] = [];
  for (let k = 0; k * L <= uT[uT.length - 1]; k++) crossingsS.push(timeAt(k * L));

  const frame = createLocalFrame(STADIUM_ORIGIN.latDeg, STADIUM_ORIGIN.lonDeg);
  const noise = gaussian(o.seed ?? 7);
  const times = (hz: number) => {
    const n = Math.floor(duration * hz) + 1;
    return Float64Array.from({ length: n }, (_, i) => i / hz);
  };
  // GPS at 10 Hz
  const gpsAll = times(10);
  const gpsT: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const phi = Math.exp(-0.1 / 10);
  let ex = 0;
  let ey = 0;
  for (const t of gpsAll) {
    const c = o.gpsCorrelatedM ?? 0;
    ex = phi * ex + c * Math.sqrt(1 - phi * phi) * noise();
    ey = phi * ey + c * Math.sqrt(1 - phi * phi) * noise();
    if (o.gpsDropouts?.some(([a, b]) => t >= a && t < b)) continue;
    const u = distanceAt(t);
    const p = turtleAt(layout, u, origin);
    const n = offsetAt(u);
    const x = p.xM - n * Math.sin(p.headingRad) + ex + (o.gpsNoiseM ?? 0) * noise();
    const y = p.yM + n * Math.cos(p.headingRad) + ey + (o.gpsNoiseM ?? 0) * noise();
    const g = localToGeodetic(frame, x, y);
    gpsT.push(t);
    lat.push(g.latDeg);
    lon.push(g.lonDeg);
  }
  // path speed at 5 Hz: centre-line speed × (1 − κn)
  const spT = times(5);
  const speed = spT.map((t) => {
    const h = 1e-3;
    const du = (distanceAt(t + h) - distanceAt(Math.max(0, t - h))) / (t + h - Math.max(0, t - h));
    const k = turtleAt(layout, distanceAt(t), origin).curvaturePerM;
    return Math.max(0, du * (1 - k * offsetAt(distanceAt(t))) * (o.speedScale ?? 1) + (o.speedNoiseMs ?? 0) * noise());
  });
  // inputs and lap counter at 20 Hz
  const inT = times(20);
  const lapV = inT.map((t) => lapOf(distanceAt(t)));
  const brake = inT.map((t) => brakeAt(((distanceAt(t) % L) + L) % L));
  const throttle = inT.map((t) => throttleAt(((distanceAt(t) % L) + L) % L));
  const session: Session = {
    meta: {
      event: 'Synthetic',
      sessionName: 'Test',
      track: 'Stadium',
      vehicleId: 'SYN-1',
      vehicleNumber: '1',
      driver: 'Test Driver',
      startTimeMs: Date.UTC(2026, 0, 1, 12),
      sourceFile: 'synthetic',
      sourceFormat: 'test',
    },
    channels: [
      channel('lat', Float64Array.from(gpsT), Float64Array.from(lat)),
      channel('lon', Float64Array.from(gpsT), Float64Array.from(lon)),
      channel('speed', spT, speed),
      channel('lap', Float64Array.from(inT), lapV),
      channel('brake_front', Float64Array.from(inT), brake),
      channel('throttle', Float64Array.from(inT), throttle),
    ],
  };
  return { session, distanceAt, timeAt, crossingsS };
}

/** Throttle at a lap distance: off while braking, then a ramp 0 → 100 % over 20 m from the release (60 m after each brake point). */
export function throttleAt(s: number): number {
  for (const b of STADIUM_BRAKE_POINTS_M) {
    const x = s - b;
    if (x >= 0 && x < 60) return 0;
    if (x >= 60 && x < 80) return 5 * (x - 60);
  }
  return 100;
}

/** Brake pressure at a lap distance: rises 0 → 60 bar over 10 m from each brake point, holds, then eases off over the turn's first 20 m. */
export function brakeAt(s: number): number {
  for (const b of STADIUM_BRAKE_POINTS_M) {
    const x = s - b;
    if (x < 0 || x > 60) continue;
    if (x < 10) return 6 * x;
    if (x < 40) return 60;
    return 60 - 3 * (x - 40);
  }
  return 0;
}
