// One car's run through a session: the driven path (racing line plus lap-to-lap wander) over the
// out-lap end, N flying laps and a partial in-lap, its QSS speed profile, exact times on the
// distance grid (constant acceleration between grid points), and what the driver did where.

import { G, engineBrakeForceN, maxDriveForceN, resistanceN, speedProfile, Phase, type QssInput, type ShiftEvent, type VehicleParams } from './vehicle.ts';
import { drawCornerTakes, IN_LAP_MAX_THROTTLE, IN_LAP_SHIFT_RPM, IN_LAP_TAKE, type CornerTake, type DriverStyle } from './drivers.ts';
import { lineOffsetAt, offsetPathGeometry, type OffsetSample, type RacingLine } from './racing-line.ts';
import { curvatureAt, elevationAt, type TrackGeometry } from './track.ts';
import type { Rng } from './prng.ts';

export interface SessionPlan {
  /** Full flying laps. */
  laps: number;
  /** How far before the start/finish line the recording starts (the end of the out-lap), m. */
  outLapM: number;
  /** How far the in-lap runs after the last full lap before the recording stops (pit entry), m. */
  inLapM: number;
  startSpeedMs: number;
  pitLaneSpeedMs: number;
}

export const DEFAULT_PLAN: SessionPlan = { laps: 6, outLapM: 800, inLapM: 1800, startSpeedMs: 24, pitLaneSpeedMs: 16.7 };

/** Target grid spacing along the centreline (m). */
const GRID_M = 0.5;

export interface BrakeEvent {
  index: number;
  corner: number;
  /** Largest front line pressure in the event (bar, before sensor effects). */
  peakFrontBar: number;
}

export interface PickupEvent {
  index: number;
  corner: number;
}

export interface Trajectory {
  plan: SessionPlan;
  /** Centreline distance from the first start/finish crossing (negative on the out-lap), per grid point. */
  uM: Float64Array;
  /** Lateral offset of the car from the centreline (+ left), and path curvature (+ left). */
  offsetM: Float64Array;
  curvature: Float64Array;
  /** Path distance driven since the recording started. */
  pathM: Float64Array;
  timeS: Float64Array;
  speedMs: Float64Array;
  /** The braking envelope (fastest speed from which every later cap can still be met). */
  envelopeMs: Float64Array;
  /** Per interval [i, i+1]: constant longitudinal acceleration along the path (m/s²). */
  accelMs2: Float64Array;
  /** Per interval: pedal position 0–1 and brake force at the tyres from the brakes (N). */
  throttle: Float64Array;
  brakeForceN: Float64Array;
  gear: Int8Array;
  shiftCut: Uint8Array;
  /** What the driver is doing (vehicle.ts Phase: drive, brake, hold). */
  phase: Uint8Array;
  /** Governing corner (index into track.corners) per point. */
  corner: Int16Array;
  /** Start/finish crossing times: index 0 starts flying lap 1 (lap counter 2), index N ends the last. */
  crossingTimesS: number[];
  brakeEvents: BrakeEvent[];
  pickups: PickupEvent[];
  shifts: (ShiftEvent & { timeS: number })[];
  /** The session's lateral wander about the racing line (sum of slow sinusoids in u). */
  wander: { amplitudeM: number; wavelengthM: number; phaseRad: number }[];
  line: RacingLine;
  takes: CornerTake[][];
  /** Grid index of u = 0 and points per lap. */
  firstCrossingIndex: number;
  pointsPerLap: number;
  trackLengthM: number;
}

/** Lap counter on the car at centreline distance u: 1 on the out-lap, 2 for the first flying lap. */
export function lapCounterAt(u: number, lengthM: number): number {
  return u < 0 ? 1 : Math.floor(u / lengthM) + 2;
}

/** Offset (and its derivatives) of the driven path at u: racing line plus the session's wander. */
export function drivenOffsetAt(traj: Pick<Trajectory, 'line' | 'wander' | 'trackLengthM'>, u: number): OffsetSample {
  const L = traj.trackLengthM;
  const s = ((u % L) + L) % L;
  const o = lineOffsetAt(traj.line, s);
  let n = o.n, dn = o.dn, ddn = o.ddn;
  for (const w of traj.wander) {
    const k = (2 * Math.PI) / w.wavelengthM;
    const a = k * u + w.phaseRad;
    n += w.amplitudeM * Math.sin(a);
    dn += w.amplitudeM * k * Math.cos(a);
    ddn -= w.amplitudeM * k * k * Math.sin(a);
  }
  return { n, dn, ddn };
}

/** Index of the corner governing centreline distance s: the stretch between the midpoints of neighbouring apexes. */
function cornerRegions(track: TrackGeometry): (s: number) => number {
  const L = track.lengthM;
  const apex = track.corners.map((c) => c.apexM);
  const bounds = apex.map((a, i) => {
    const next = i + 1 < apex.length ? apex[i + 1] : apex[0] + L;
    return (a + next) / 2; // end of corner i's region
  });
  return (s: number) => {
    let x = ((s % L) + L) % L;
    if (x < bounds[bounds.length - 1] - L) x += L; // before the first region: belongs to the last corner, wrapped
    for (let i = 0; i < bounds.length; i++) if (x < bounds[i]) return i;
    return 0;
  };
}

/** Distance along the driver's planned line of its tightest point in each corner (the line's apex). */
export function lineApexes(track: TrackGeometry, line: RacingLine): number[] {
  return track.corners.map((c) => {
    let best = c.apexM, bestK = 0;
    for (let s = c.entryM - 20; s <= c.exitM + 20; s += 0.5) {
      const k = curvatureAt(track, s);
      const g = offsetPathGeometry(k.curvature, k.curvatureRate, lineOffsetAt(line, s));
      if (Math.abs(g.curvature) > bestK) { bestK = Math.abs(g.curvature); best = s; }
    }
    return best;
  });
}

export function buildTrajectory(track: TrackGeometry, car: VehicleParams, style: DriverStyle, line: RacingLine, plan: SessionPlan, rng: Rng): Trajectory {
  const L = track.lengthM;
  const perLap = Math.ceil(L / GRID_M);
  const du = L / perLap;
  const i0 = Math.ceil(plan.outLapM / du);
  const iEnd = i0 + plan.laps * perLap + Math.ceil(plan.inLapM / du);
  const n = iEnd + 1;
  const wanderRng = rng.fork('wander');
  const wander = [0, 1, 2].map(() => ({
    amplitudeM: style.consistency.lineWanderM / 3,
    wavelengthM: wanderRng.uniform(150, 450),
    phaseRad: wanderRng.uniform(0, 2 * Math.PI),
  }));
  // lap instance 0 = out-lap, 1..laps = flying laps, laps+1 = in-lap
  const takes = drawCornerTakes(style, rng.fork('takes'), plan.laps + 2, track.corners.length);
  const region = cornerRegions(track);
  const apexes = lineApexes(track, line);

  const traj: Trajectory = {
    plan, uM: new Float64Array(n), offsetM: new Float64Array(n), curvature: new Float64Array(n), pathM: new Float64Array(n),
    timeS: new Float64Array(n), speedMs: new Float64Array(n), envelopeMs: new Float64Array(n), accelMs2: new Float64Array(n - 1), throttle: new Float64Array(n - 1),
    brakeForceN: new Float64Array(n - 1), gear: new Int8Array(n), shiftCut: new Uint8Array(n), phase: new Uint8Array(n), corner: new Int16Array(n),
    crossingTimesS: [], brakeEvents: [], pickups: [], shifts: [], wander, line, takes, firstCrossingIndex: i0, pointsPerLap: perLap, trackLengthM: L,
  };

  const stretch = new Float64Array(n);
  const inp: QssInput = {
    dsM: new Float64Array(n - 1), curvature: traj.curvature, gradient: new Float64Array(n), capMs: new Float64Array(n),
    brakeUse: new Float64Array(n), latUse: new Float64Array(n), accelUse: new Float64Array(n), pickupIndex: new Int32Array(n),
    maxThrottle: new Float64Array(n), shiftRpm: new Float64Array(n), startSpeedMs: plan.startSpeedMs,
    brakeRampS: style.brakeRampS, throttleRampS: style.throttleRampS, throttleRampShape: style.throttleRampShape,
    downshiftRpm: style.downshiftRpm, shiftTimeS: style.shiftTimeS,
  };
  const inLapStart = plan.laps * L;
  // the path first (curvature at every point), then what the driver does where
  for (let i = 0; i < n; i++) {
    const u = (i - i0) * du;
    traj.uM[i] = u;
    const s = ((u % L) + L) % L;
    const k = curvatureAt(track, s);
    const off = drivenOffsetAt(traj, u);
    const geo = offsetPathGeometry(k.curvature, k.curvatureRate, off);
    traj.offsetM[i] = off.n;
    traj.curvature[i] = geo.curvature;
    stretch[i] = geo.stretch;
    inp.gradient[i] = elevationAt(track, s).gradient / geo.stretch;
  }
  const muG = car.mu * G;
  const capAt = (use: number, kappa: number) => (Math.abs(kappa) > 1e-6 ? Math.sqrt((use * muG) / Math.abs(kappa)) : 200);
  // which corner (and which lap's take of it) governs each point
  const takeOf: CornerTake[] = new Array(n);
  const instanceKey = new Int32Array(n);
  const apexIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = traj.uM[i];
    const s = ((u % L) + L) % L;
    const c = region(s);
    traj.corner[i] = c;
    let uApex = u - s + apexes[c];
    if (uApex - u > L / 2) uApex -= L;
    if (u - uApex > L / 2) uApex += L;
    const instance = Math.min(plan.laps + 1, Math.max(0, Math.floor(uApex / L) + 1));
    const take = uApex >= inLapStart ? IN_LAP_TAKE : takes[instance][c];
    takeOf[i] = take;
    instanceKey[i] = Math.round(uApex);
    apexIndex[i] = Math.min(n - 1, Math.max(0, i0 + Math.round(uApex / du)));
    inp.pickupIndex[i] = i0 + Math.round((uApex + take.pickupOffsetM) / du);
    inp.brakeUse[i] = take.brakeUse;
    inp.accelUse[i] = take.exitUse;
    inp.maxThrottle[i] = u >= inLapStart ? IN_LAP_MAX_THROTTLE : 1;
    inp.shiftRpm[i] = u >= inLapStart ? IN_LAP_SHIFT_RPM : style.shiftRpm;
  }
  // Speed caps. Before the throttle pickup: cornering grip. From the pickup to where the corner opens
  // out (curvature below half the apex's), the lowest exit-grip cap still ahead in that stretch, so
  // that once on the throttle the driver never has to brake again in the same corner (with an early
  // pickup the car gains speed up to the apex's exit-grip speed). After that: exit grip.
  for (let a = 0; a < n; ) {
    let b = a;
    while (b + 1 < n && instanceKey[b + 1] === instanceKey[a]) b++;
    const take = takeOf[a];
    const ia = apexIndex[a];
    const kApex = Math.abs(traj.curvature[Math.min(b, Math.max(a, ia))]);
    let opens = b;
    for (let i = Math.max(a, ia); i <= b; i++) if (Math.abs(traj.curvature[i]) < 0.5 * kApex) { opens = i; break; }
    let runMin = Infinity;
    const post = new Float64Array(b - a + 1);
    for (let i = b; i >= a; i--) {
      const exitCap = capAt(take.exitUse, traj.curvature[i]);
      runMin = i > opens ? exitCap : Math.min(runMin, exitCap);
      post[i - a] = runMin;
    }
    for (let i = a; i <= b; i++) {
      const afterPickup = i >= inp.pickupIndex[i];
      inp.latUse[i] = afterPickup ? take.exitUse : take.cornerUse;
      inp.capMs[i] = afterPickup ? post[i - a] : capAt(take.cornerUse, traj.curvature[i]);
    }
    a = b + 1;
  }
  // the pit-lane entry at the end of the in-lap
  for (let i = n - 1; i >= 0 && traj.uM[i] > traj.uM[n - 1] - 40; i--) inp.capMs[i] = Math.min(inp.capMs[i], plan.pitLaneSpeedMs);
  for (let i = 0; i < n - 1; i++) {
    inp.dsM[i] = 0.5 * (stretch[i] + stretch[i + 1]) * du;
    traj.pathM[i + 1] = traj.pathM[i] + inp.dsM[i];
  }

  const q = speedProfile(car, inp);
  traj.speedMs.set(q.speedMs);
  traj.envelopeMs.set(q.envelopeMs);
  traj.gear.set(q.gear);
  traj.shiftCut.set(q.shiftCut);
  traj.phase.set(q.phase);
  for (let i = 0; i < n - 1; i++) {
    const v0 = q.speedMs[i], v1 = q.speedMs[i + 1];
    traj.timeS[i + 1] = traj.timeS[i] + (2 * inp.dsM[i]) / (v0 + v1);
    const a = (v1 * v1 - v0 * v0) / (2 * inp.dsM[i]);
    traj.accelMs2[i] = a;
    // split the tyre force into drive, engine braking and brakes
    const vm = 0.5 * (v0 + v1);
    const fx = car.massKg * (a + G * inp.gradient[i]) + resistanceN(car, vm);
    const g = q.gear[i];
    if (q.shiftCut[i]) {
      traj.throttle[i] = 0;
      traj.brakeForceN[i] = Math.max(0, -fx);
    } else if (fx >= 0) {
      traj.throttle[i] = Math.min(1, fx / maxDriveForceN(car, vm, g));
    } else {
      traj.brakeForceN[i] = Math.max(0, -fx - engineBrakeForceN(car, vm, g));
    }
  }
  for (let k = 0; k <= plan.laps; k++) traj.crossingTimesS.push(traj.timeS[i0 + k * perLap]);

  // braking events: onset to the end of the braking phase; lifts without real pressure are not brake points
  for (let e = 0; e < q.brakeOnsets.length; e++) {
    const j = q.brakeOnsets[e];
    let end = j;
    let peak = 0;
    while (end < n - 2 && (q.phase[end] === Phase.Brake || end === j)) { peak = Math.max(peak, traj.brakeForceN[end]); end++; }
    const peakFrontBar = (peak * car.brakeFrontShare) / car.frontNPerBar;
    // the corner is the one whose apex the braking leads to (where the car is slowest)
    let slow = j;
    for (let i = j; i <= end; i++) if (q.speedMs[i] < q.speedMs[slow]) slow = i;
    traj.brakeEvents.push({ index: j, corner: traj.corner[slow], peakFrontBar });
  }
  for (const p of q.pickups) traj.pickups.push({ index: p, corner: traj.corner[p] });
  for (const sh of q.shifts) traj.shifts.push({ ...sh, timeS: traj.timeS[sh.index] });
  return traj;
}
