// The car's data loggers: what a GR-Cup-like ECU and GPS record from a trajectory. Inputs and
// motion at ~23 Hz (43.5 ms ticks with clock jitter), speed/rpm/lap distance on every fifth tick
// (~4.6 Hz), GPS at 10 Hz on its own clock with correlated position error; sensor noise on each.
// Sign conventions: steering, acc_lat and yaw_rate are + to the left (ISO 8855).

import type { Channel } from '../model/session.ts';
import { CANONICAL } from '../model/channels.ts';
import { localToGeodetic } from '../geometry/projection.ts';
import { CorrelatedNoise, type Rng } from './prng.ts';
import { drivenOffsetAt, lapCounterAt, type Trajectory } from './trajectory.ts';
import { trackPoseAt, type TrackGeometry } from './track.ts';
import { rpmAt, type VehicleParams } from './vehicle.ts';
import type { DriverStyle } from './drivers.ts';

export interface LoggerConfig {
  /** ECU tick (s) and its jitter (± s, uniform). */
  tickS: number;
  tickJitterS: number;
  /** Speed, rpm and lap distance are logged on every n-th tick. */
  slowEvery: number;
  gpsPeriodS: number;
  gpsJitterS: number;
  /** GPS clock offset from the ECU clock's first tick (s). */
  gpsOffsetS: number;
  /** GPS position error: correlated part (σ per axis, m; correlation time, s) and white part (σ, m). */
  gpsCorrelatedM: number;
  gpsCorrelationS: number;
  gpsWhiteM: number;
  /** Lap-distance odometer scale (wheel radius error) and resolution (m). */
  odometerScale: number;
  lapDistanceResolutionM: number;
}

export const DEFAULT_LOGGERS: LoggerConfig = {
  tickS: 0.0435,
  tickJitterS: 0.0012,
  slowEvery: 5,
  gpsPeriodS: 0.1,
  gpsJitterS: 0.0004,
  gpsOffsetS: 0.031,
  gpsCorrelatedM: 0.3,
  gpsCorrelationS: 3,
  gpsWhiteM: 0.1,
  odometerScale: 1,
  lapDistanceResolutionM: 0.1,
};

/** Monotone evaluation of a trajectory at increasing times (constant acceleration between grid points). */
export class TrajectoryCursor {
  private i = 0;
  constructor(private readonly traj: Trajectory) {}

  at(timeS: number): { i: number; f: number; speedMs: number; uM: number; pathM: number } {
    const tr = this.traj;
    const last = tr.timeS.length - 2;
    while (this.i < last && tr.timeS[this.i + 1] <= timeS) this.i++;
    while (this.i > 0 && tr.timeS[this.i] > timeS) this.i--;
    const i = this.i;
    const tau = Math.max(0, Math.min(timeS - tr.timeS[i], tr.timeS[i + 1] - tr.timeS[i]));
    const v0 = tr.speedMs[i];
    const a = tr.accelMs2[i];
    const seg = tr.pathM[i + 1] - tr.pathM[i];
    const d = Math.min(seg, v0 * tau + 0.5 * a * tau * tau);
    const f = seg > 0 ? d / seg : 0;
    return { i, f, speedMs: v0 + a * tau, uM: tr.uM[i] + f * (tr.uM[i + 1] - tr.uM[i]), pathM: tr.pathM[i] + d };
  }
}

function bump(x: number): number {
  return x > 0 && x < 1 ? Math.sin(Math.PI * x) : 0;
}

/** A canonical channel; each gets its own time array (buffers are transferred between workers one by one). */
function channel(name: string, timeS: Float64Array, values: Float64Array): Channel {
  const c = CANONICAL[name];
  return { name, sourceName: name, unit: c.unit, kind: c.kind, timeS: Float64Array.from(timeS), values };
}

/**
 * Brake-pressure shape on top of the regulated level after a brake application at `onsetS`: a short
 * overshoot just after the build-up (ABS holds the deceleration, so only the pressure shows it).
 */
export function pressureFactor(style: DriverStyle, onsetS: number, timeS: number): number {
  if (timeS < onsetS) return 1;
  return 1 + style.brakePressureOvershoot * bump((timeS - onsetS - style.brakeRampS * 0.6) / 0.35);
}

export interface LoggedSession {
  channels: Channel[];
  durationS: number;
}

export function sampleLoggers(traj: Trajectory, track: TrackGeometry, car: VehicleParams, style: DriverStyle, rng: Rng, cfg: LoggerConfig = DEFAULT_LOGGERS): LoggedSession {
  const endS = traj.timeS[traj.timeS.length - 1];
  const L = track.lengthM;
  const i0 = traj.firstCrossingIndex;
  const lapPathM = traj.pathM[i0 + traj.pointsPerLap] - traj.pathM[i0];
  // crossing path distances, for the lap-distance odometer
  const crossPath = traj.crossingTimesS.map((_, k) => traj.pathM[i0 + k * traj.pointsPerLap]);

  // --- 5 ms stream: steering (driver dynamics), filtered accelerations and yaw rate ---
  const dtF = 0.005;
  const nF = Math.floor(endS / dtF) + 1;
  const steerF = new Float64Array(nF), axF = new Float64Array(nF), ayF = new Float64Array(nF), yawF = new Float64Array(nF);
  {
    const omega = 2 * Math.PI * style.steering.naturalHz;
    const zeta = style.steering.damping;
    const lead = (2 * zeta) / omega;
    const cur = new TrajectoryCursor(traj), ahead = new TrajectoryCursor(traj);
    const corr = new CorrelatedNoise(rng.fork('steer-corrections'), style.steering.correctionDeg, 1 / (2 * Math.PI * style.steering.correctionHz));
    const idealAt = (t: number) => {
      const p = ahead.at(Math.min(endS, t));
      const k = traj.curvature[p.i] + p.f * (traj.curvature[p.i + 1] - traj.curvature[p.i]);
      const roadWheel = car.wheelbaseM * k + car.understeerRadPerMs2 * p.speedMs * p.speedMs * k;
      return ((car.steeringRatio * roadWheel * 180) / Math.PI);
    };
    let x = idealAt(lead), xd = 0;
    const lpf = 1 - Math.exp(-dtF / 0.03); // accelerometer anti-alias filter, 30 ms
    let ax = 0, ay = 0;
    for (let k = 0; k < nF; k++) {
      const t = k * dtF;
      const target = idealAt(t + lead);
      xd += dtF * (omega * omega * (target - x) - 2 * zeta * omega * xd);
      x += dtF * xd;
      steerF[k] = x + corr.at(t);
      const p = cur.at(t);
      const kap = traj.curvature[p.i] + p.f * (traj.curvature[p.i + 1] - traj.curvature[p.i]);
      const a = traj.accelMs2[p.i];
      if (k === 0) { ax = a; ay = p.speedMs * p.speedMs * kap; }
      ax += lpf * (a - ax);
      ay += lpf * (p.speedMs * p.speedMs * kap - ay);
      axF[k] = ax;
      ayF[k] = ay;
      yawF[k] = p.speedMs * kap;
    }
  }
  const fine = (arr: Float64Array, t: number) => {
    const x = t / dtF;
    const a = Math.min(nF - 2, Math.floor(x));
    const f = x - a;
    return arr[a] * (1 - f) + arr[a + 1] * f;
  };

  // --- ECU ticks ---
  const tickRng = rng.fork('ticks');
  const ticks: number[] = [];
  for (let t = 0; t <= endS; t += cfg.tickS + tickRng.uniform(-cfg.tickJitterS, cfg.tickJitterS)) ticks.push(t);
  const nT = ticks.length;
  const slowIdx: number[] = [];
  for (let k = 0; k < nT; k += cfg.slowEvery) slowIdx.push(k);
  const tT = Float64Array.from(ticks);
  const tSlow = Float64Array.from(slowIdx.map((k) => ticks[k]));

  const onsetTimes = traj.brakeEvents.map((e) => traj.timeS[e.index]);
  const downshiftTimes = traj.shifts.filter((s) => s.to < s.from).map((s) => s.timeS);
  const upshifts = traj.shifts.filter((s) => s.to > s.from);

  const throttle = new Float64Array(nT), brakeF = new Float64Array(nT), brakeR = new Float64Array(nT), steering = new Float64Array(nT);
  const accLong = new Float64Array(nT), accLat = new Float64Array(nT), yaw = new Float64Array(nT), gear = new Float64Array(nT), lap = new Float64Array(nT);
  const speed = new Float64Array(tSlow.length), rpm = new Float64Array(tSlow.length), lapDist = new Float64Array(tSlow.length);
  const nThr = rng.fork('throttle-noise'), nBrk = rng.fork('brake-noise'), nSteer = rng.fork('steer-noise'), nAcc = rng.fork('acc-noise');
  const nYaw = rng.fork('yaw-noise'), nSpd = rng.fork('speed-noise'), nRpm = rng.fork('rpm-noise');
  // road and engine vibration above the anti-alias filter (aliased into the samples)
  const vib = new CorrelatedNoise(rng.fork('vibration'), 1, 0.008);
  const cur = new TrajectoryCursor(traj);
  let ev = -1;
  let dsPtr = 0, upPtr = 0, slowPtr = 0;
  for (let k = 0; k < nT; k++) {
    const t = ticks[k];
    const p = cur.at(t);
    const v = p.speedMs;
    // pedals
    while (dsPtr < downshiftTimes.length && downshiftTimes[dsPtr] < t - 0.25) dsPtr++;
    let blip = 0;
    for (let d = dsPtr; d < downshiftTimes.length && downshiftTimes[d] < t + 0.1; d++) blip = Math.max(blip, style.downshiftBlipPct * bump((t - downshiftTimes[d] + 0.08) / 0.2));
    const pedal = Math.min(100, 100 * traj.throttle[p.i] + blip);
    throttle[k] = pedal > 0.3 ? Math.min(100, Math.max(0, pedal + 0.25 * nThr.normal())) : Math.abs(0.05 * nThr.normal());
    while (ev < traj.brakeEvents.length - 1 && onsetTimes[ev + 1] <= t) ev++;
    const force = traj.brakeForceN[p.i] * (ev >= 0 ? pressureFactor(style, onsetTimes[ev], t) : 1);
    const pFront = (force * car.brakeFrontShare) / car.frontNPerBar;
    const pRear = (force * (1 - car.brakeFrontShare)) / car.rearNPerBar;
    brakeF[k] = pFront > 0.5 ? Math.max(0, pFront + 0.3 * nBrk.normal()) : 0;
    brakeR[k] = pRear > 0.5 ? Math.max(0, pRear + 0.3 * nBrk.normal()) : 0;
    steering[k] = Math.round((fine(steerF, t) + 0.1 * nSteer.normal()) * 10) / 10;
    const vibAmp = 0.03 + 0.002 * v;
    accLong[k] = fine(axF, t) + 0.08 * nAcc.normal() + vibAmp * vib.at(t);
    accLat[k] = fine(ayF, t) + 0.08 * nAcc.normal() + vibAmp * 0.7 * vib.at(t + 0.0004);
    yaw[k] = fine(yawF, t) + 0.004 * nYaw.normal();
    // gearbox: during an upshift the lever is in the old gear for half the cut
    while (upPtr < upshifts.length && upshifts[upPtr].timeS + upshifts[upPtr].cutS < t) upPtr++;
    let g = traj.gear[p.i];
    let engine = rpmAt(car, v, g);
    const up = upshifts[upPtr];
    if (up && t >= up.timeS && t < up.timeS + up.cutS) {
      const x = (t - up.timeS) / up.cutS;
      g = x < 0.5 ? up.from : up.to;
      engine = rpmAt(car, v, up.from) + (rpmAt(car, v, up.to) - rpmAt(car, v, up.from)) * x;
    }
    gear[k] = g;
    lap[k] = lapCounterAt(p.uM, L);
    if (slowPtr < slowIdx.length && slowIdx[slowPtr] === k) {
      speed[slowPtr] = Math.max(0, v + 0.04 * nSpd.normal());
      rpm[slowPtr] = Math.round(Math.max(car.idleRpm, engine + 8 * nRpm.normal()));
      const lapNo = lapCounterAt(p.uM, L);
      const since = lapNo === 1 ? lapPathM + (p.pathM - crossPath[0]) : p.pathM - crossPath[lapNo - 2];
      lapDist[slowPtr] = Math.round((since * cfg.odometerScale) / cfg.lapDistanceResolutionM) * cfg.lapDistanceResolutionM;
      slowPtr++;
    }
  }

  // --- GPS ---
  const gpsRng = rng.fork('gps');
  const gx = new CorrelatedNoise(gpsRng.fork('east'), cfg.gpsCorrelatedM, cfg.gpsCorrelationS);
  const gy = new CorrelatedNoise(gpsRng.fork('north'), cfg.gpsCorrelatedM, cfg.gpsCorrelationS);
  const white = gpsRng.fork('white');
  const clock = gpsRng.fork('clock');
  const gpsT: number[] = [], lat: number[] = [], lon: number[] = [];
  const gcur = new TrajectoryCursor(traj);
  for (let t = cfg.gpsOffsetS; t <= endS; t += cfg.gpsPeriodS + clock.uniform(-cfg.gpsJitterS, cfg.gpsJitterS)) {
    const p = gcur.at(t);
    const pose = trackPoseAt(track, p.uM);
    const off = drivenOffsetAt(traj, p.uM).n;
    const x = pose.xM - off * Math.sin(pose.headingRad) + gx.at(t) + cfg.gpsWhiteM * white.normal();
    const y = pose.yM + off * Math.cos(pose.headingRad) + gy.at(t) + cfg.gpsWhiteM * white.normal();
    const ll = localToGeodetic(track.frame, x, y);
    gpsT.push(t);
    lat.push(ll.latDeg);
    lon.push(ll.lonDeg);
  }
  const tG = Float64Array.from(gpsT);

  const channels: Channel[] = [
    channel('throttle', tT, throttle),
    channel('brake_front', tT, brakeF),
    channel('brake_rear', tT, brakeR),
    channel('steering', tT, steering),
    channel('acc_long', tT, accLong),
    channel('acc_lat', tT, accLat),
    channel('yaw_rate', tT, yaw),
    channel('gear', tT, gear),
    channel('lap', tT, lap),
    channel('speed', tSlow, speed),
    channel('rpm', Float64Array.from(tSlow), rpm),
    channel('lap_distance', Float64Array.from(tSlow), lapDist),
    channel('lat', tG, Float64Array.from(lat)),
    channel('lon', Float64Array.from(tG), Float64Array.from(lon)),
  ];
  return { channels, durationS: endS };
}
