// The demo session generator: a made-up circuit, a GR-Cup-like car and drivers with planted styles,
// recorded by simulated loggers. Deterministic for a seed (own PRNG). Returns the sessions and the
// ground truth (lap times, brake points, throttle pickups, minimum speeds, styles, track) that
// analyses are tested against.

import type { Session } from '../model/session.ts';
import { localToGeodetic } from '../geometry/projection.ts';
import { DEMO_DRIVERS, type DriverStyle } from './drivers.ts';
import { DEFAULT_LOGGERS, pressureFactor, sampleLoggers } from './loggers.ts';
import { hashSeed, Rng } from './prng.ts';
import { buildRacingLine, type RacingLine } from './racing-line.ts';
import { demoTrack, type StartFinishLine, type TrackCorner, type TrackGeometry } from './track.ts';
import { buildTrajectory, DEFAULT_PLAN, lapCounterAt, lineApexes, type Trajectory } from './trajectory.ts';
import { DEMO_CAR, type VehicleParams } from './vehicle.ts';

export const DEMO_EVENT = 'EngiTorqueMap Demo';
export const DEMO_SESSION_NAME = 'Practice 1';
/** 2026-06-14T13:00:00Z: the session's nominal start; each seed shifts it by whole seconds, each car starts 40 s after the one before. */
const BASE_START_MS = Date.UTC(2026, 5, 14, 13, 0, 0);
/** Brake events below this front pressure, or above it for less than BRAKE_POINT_MIN_S, are lifts or dabs, not brake points. */
export const BRAKE_POINT_MIN_BAR = 5;
export const BRAKE_POINT_MIN_S = 0.15;

export interface DemoOptions {
  seed: number;
  /** The drivers (default: the four demo drivers), or how many of them. */
  drivers?: DriverStyle[] | number;
  /** Full flying laps per car (default 6). */
  laps?: number;
}

export interface LapTruth {
  lap: number;
  startTimeS: number;
  lapTimeS: number;
}

export interface BrakePointTruth {
  lap: number;
  corner: number;
  cornerName: string;
  /** Centreline distance from the start/finish line where the brake pressure starts to rise. */
  distanceM: number;
  timeS: number;
  peakFrontBar: number;
}

export interface PickupTruth {
  lap: number;
  corner: number;
  cornerName: string;
  /** Centreline distance where the throttle starts to rise from the maintenance level after the corner. */
  distanceM: number;
  timeS: number;
}

export interface MinSpeedTruth {
  lap: number;
  corner: number;
  cornerName: string;
  distanceM: number;
  speedMs: number;
}

export interface DriverTruth {
  driver: string;
  vehicleId: string;
  vehicleNumber: string;
  style: DriverStyle;
  startTimeMs: number;
  durationS: number;
  /** Full flying laps (lap = the car's lap counter during that lap). */
  laps: LapTruth[];
  brakePoints: BrakePointTruth[];
  throttlePickups: PickupTruth[];
  minSpeeds: MinSpeedTruth[];
  /** Where the driver's planned line is tightest in each corner (centreline distance). */
  lineApexM: number[];
  /** Lap-distance odometer scale of this car (wheel-radius error). */
  odometerScale: number;
}

export interface DemoTruth {
  generator: 'engitorquemap-demo';
  version: 1;
  seed: number;
  event: string;
  sessionName: string;
  track: {
    name: string;
    lengthM: number;
    widthM: number;
    origin: { latDeg: number; lonDeg: number; altitudeM: number };
    startFinish: StartFinishLine;
    corners: TrackCorner[];
    elevationRangeM: [number, number];
    /** The centreline every `stepM` metres from the line (the exact geometry: workers/demo/track.ts demoTrack()). */
    centreline: { stepM: number; latDeg: number[]; lonDeg: number[]; elevationM: number[] };
  };
  vehicle: VehicleParams;
  conventions: Record<string, string>;
  drivers: DriverTruth[];
}

export interface DemoResult {
  sessions: Session[];
  truth: DemoTruth;
  /** Each car's simulated run, in session order: exact times along the centreline (see distance-truth.ts). */
  trajectories: Trajectory[];
}

const lineCache = new Map<string, RacingLine>();
function lineFor(track: TrackGeometry, style: DriverStyle): RacingLine {
  const key = `${track.name}:${track.lengthM}:${JSON.stringify(style.line)}`;
  let line = lineCache.get(key);
  if (!line) {
    line = buildRacingLine(track, style.line);
    lineCache.set(key, line);
  }
  return line;
}

/** The seed of the demo the app ships (`npm start`, `etm demo` without --seed). */
export const DEFAULT_DEMO_SEED = 2026;

export function generateDemo(options: DemoOptions): DemoResult {
  const seed = options.seed >>> 0;
  const styles = Array.isArray(options.drivers) ? options.drivers : DEMO_DRIVERS.slice(0, options.drivers ?? DEMO_DRIVERS.length);
  const plan = { ...DEFAULT_PLAN, laps: options.laps ?? DEFAULT_PLAN.laps };
  if (!Number.isInteger(plan.laps) || plan.laps < 1) throw new RangeError(`laps must be a positive integer, got ${options.laps}`);
  const track = demoTrack();
  const car = DEMO_CAR;
  const root = new Rng(seed);
  const sessionStartMs = BASE_START_MS + (hashSeed(seed, 'start') % 600) * 1000;
  const sessions: Session[] = [];
  const drivers: DriverTruth[] = [];
  const trajectories: Trajectory[] = [];
  styles.forEach((style, index) => {
    const rng = root.fork(`driver:${style.id}:${index}`);
    const line = lineFor(track, style);
    const traj = buildTrajectory(track, car, style, line, plan, rng.fork('trajectory'));
    trajectories.push(traj);
    const odometerScale = 1 + rng.fork('odometer').uniform(-0.001, 0.004);
    const logged = sampleLoggers(traj, track, car, style, rng.fork('loggers'), { ...DEFAULT_LOGGERS, odometerScale });
    const startTimeMs = sessionStartMs + index * 40_000;
    sessions.push({
      meta: {
        event: DEMO_EVENT,
        sessionName: DEMO_SESSION_NAME,
        track: track.name,
        vehicleId: style.vehicleId,
        vehicleNumber: style.vehicleNumber,
        driver: style.name,
        startTimeMs,
        sourceFile: `engitorquemap-demo-seed-${seed}`,
        sourceFormat: 'demo',
      },
      channels: logged.channels,
    });
    drivers.push({
      driver: style.name,
      vehicleId: style.vehicleId,
      vehicleNumber: style.vehicleNumber,
      style,
      startTimeMs,
      durationS: logged.durationS,
      ...driverEvents(track, traj, style, car),
      lineApexM: lineApexes(track, line),
      odometerScale,
    });
  });
  let zMin = Infinity, zMax = -Infinity;
  for (const z of track.elevationM) { zMin = Math.min(zMin, z); zMax = Math.max(zMax, z); }
  const truth: DemoTruth = {
    generator: 'engitorquemap-demo',
    version: 1,
    seed,
    event: DEMO_EVENT,
    sessionName: DEMO_SESSION_NAME,
    track: {
      name: track.name,
      lengthM: track.lengthM,
      widthM: track.widthM,
      origin: track.origin,
      startFinish: track.startFinish,
      corners: track.corners,
      elevationRangeM: [zMin, zMax],
      centreline: centrelineEvery(track, 5),
    },
    vehicle: car,
    conventions: {
      time: 'seconds since the session start (the first logged sample); startTimeMs is its wall clock (UTC ms)',
      distance: 'centreline distance from the start/finish line, m (lap_distance in the data is the car\'s own odometer since the line)',
      lap: 'the car\'s lap counter: 1 = the end of the out-lap, 2.. = flying laps, last = in-lap',
      signs: 'steering, acc_lat, yaw_rate and curvature are positive to the left (counter-clockwise)',
      acc_long: 'kinematic longitudinal acceleration along the path (gravity removed), m/s²',
      brakePoint: `where the brake pressure starts to rise; events under ${BRAKE_POINT_MIN_BAR} bar, or above it for less than ${BRAKE_POINT_MIN_S} s, are not brake points`,
      throttlePickup: 'where the throttle starts to rise from the maintenance level after the brake release',
    },
    drivers,
  };
  return { sessions, truth, trajectories };
}

function centrelineEvery(track: TrackGeometry, targetStepM: number): DemoTruth['track']['centreline'] {
  const every = Math.max(1, Math.round(targetStepM / track.stepM));
  const out = { stepM: every * track.stepM, latDeg: [] as number[], lonDeg: [] as number[], elevationM: [] as number[] };
  for (let i = 0; i < track.xM.length - 1; i += every) {
    const ll = localToGeodetic(track.frame, track.xM[i], track.yM[i]);
    out.latDeg.push(ll.latDeg);
    out.lonDeg.push(ll.lonDeg);
    out.elevationM.push(track.elevationM[i]);
  }
  return out;
}

function driverEvents(track: TrackGeometry, traj: Trajectory, style: DriverStyle, car: VehicleParams) {
  const L = track.lengthM;
  const sOf = (i: number) => ((traj.uM[i] % L) + L) % L;
  const lapOf = (i: number) => lapCounterAt(traj.uM[i], L);
  const corner = (c: number) => ({ corner: track.corners[c].number, cornerName: track.corners[c].name });
  const laps: LapTruth[] = [];
  for (let k = 0; k < traj.crossingTimesS.length - 1; k++) {
    laps.push({ lap: k + 2, startTimeS: traj.crossingTimesS[k], lapTimeS: traj.crossingTimesS[k + 1] - traj.crossingTimesS[k] });
  }
  const brakePoints: BrakePointTruth[] = [];
  for (let e = 0; e < traj.brakeEvents.length; e++) {
    const ev = traj.brakeEvents[e];
    const onsetS = traj.timeS[ev.index];
    const endIndex = e + 1 < traj.brakeEvents.length ? traj.brakeEvents[e + 1].index : traj.timeS.length - 1;
    let peak = 0;
    let heldS = 0;
    for (let i = ev.index; i < endIndex && i < traj.brakeForceN.length; i++) {
      const f = traj.brakeForceN[i] * pressureFactor(style, onsetS, traj.timeS[i]);
      const bar = (f * car.brakeFrontShare) / car.frontNPerBar;
      peak = Math.max(peak, bar);
      if (bar >= BRAKE_POINT_MIN_BAR) heldS += traj.timeS[i + 1] - traj.timeS[i];
    }
    if (peak < BRAKE_POINT_MIN_BAR || heldS < BRAKE_POINT_MIN_S) continue;
    // one brake point per corner per lap: the first application (a later dab in the same corner is not a new one)
    if (brakePoints.some((b) => b.lap === lapOf(ev.index) && b.corner === track.corners[ev.corner].number)) continue;
    brakePoints.push({ lap: lapOf(ev.index), ...corner(ev.corner), distanceM: sOf(ev.index), timeS: onsetS, peakFrontBar: peak });
  }
  const throttlePickups: PickupTruth[] = [];
  for (const p of traj.pickups) {
    if (throttlePickups.some((x) => x.lap === lapOf(p.index) && x.corner === track.corners[p.corner].number)) continue;
    throttlePickups.push({ lap: lapOf(p.index), ...corner(p.corner), distanceM: sOf(p.index), timeS: traj.timeS[p.index] });
  }
  const minSpeeds: MinSpeedTruth[] = [];
  const i0 = traj.firstCrossingIndex;
  const du = L / traj.pointsPerLap;
  for (let k = -1; k <= traj.plan.laps; k++) {
    for (let c = 0; c < track.corners.length; c++) {
      const tc = track.corners[c];
      const a = i0 + Math.round((k * L + tc.entryM) / du);
      const b = i0 + Math.round((k * L + tc.exitM) / du);
      if (a < 0 || b >= traj.speedMs.length) continue;
      let best = a;
      for (let i = a; i <= b; i++) if (traj.speedMs[i] < traj.speedMs[best]) best = i;
      minSpeeds.push({ lap: lapOf(best), ...corner(c), distanceM: sOf(best), speedMs: traj.speedMs[best] });
    }
  }
  return { laps, brakePoints, throttlePickups, minSpeeds };
}
