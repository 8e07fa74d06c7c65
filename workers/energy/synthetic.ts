// Closed-form motions as sessions and laps (for the physics tests): a constant-deceleration stop and a
// constant-speed circle, logged at a fixed rate, with the lap's 1 m grid computed exactly.

import type { TrackGrid } from '../geometry/types.ts';
import type { DistanceLap } from '../laps/types.ts';
import { CANONICAL } from '../model/channels.ts';
import type { Channel, Session } from '../model/session.ts';

export interface SyntheticRun {
  session: Session;
  lap: DistanceLap;
  grid: TrackGrid | null;
}

function channel(name: string, timeS: Float64Array, values: Float64Array): Channel {
  const c = CANONICAL[name];
  return { name, sourceName: name, unit: c.unit, kind: c.kind, timeS: Float64Array.from(timeS), values };
}

function session(channels: Channel[]): Session {
  return {
    meta: { event: 'synthetic', sessionName: 'closed form', track: '', vehicleId: 'TEST', vehicleNumber: '0', driver: '', startTimeMs: null, sourceFile: 'synthetic', sourceFormat: 'synthetic' },
    channels,
  };
}

/** Lap grid of a motion with distance s(t): times at metres 0, 1, …, ceil(L) − 1 and L from the inverse t(s). */
function gridLap(lengthM: number, timeAt: (s: number) => number, speedAt: (t: number) => number): DistanceLap {
  const n = Math.ceil(lengthM - 1e-9);
  const distanceM = new Float64Array(n + 1);
  const timeS = new Float64Array(n + 1);
  const speed = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    distanceM[i] = i < n ? i : lengthM;
    timeS[i] = timeAt(distanceM[i]);
    speed[i] = speedAt(timeS[i]);
  }
  return { lap: 1, lengthM, distanceM, timeS, startTimeS: 0, lateralM: new Float64Array(n + 1), channels: { speed }, units: { speed: 'm/s' } };
}

/** From v0 to a standstill at constant deceleration, brakes applied (front / rear pressure in bar), logged at rateHz. */
export function constantDecelerationStop(v0Ms: number, decelMs2: number, rateHz: number, brakeFrontBar = 80, brakeRearBar = 60): SyntheticRun {
  const T = v0Ms / decelMs2;
  const D = (v0Ms * v0Ms) / (2 * decelMs2);
  const k = Math.round(T * rateHz);
  const t = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) t[i] = (i * T) / k;
  const speed = t.map((x) => Math.max(0, v0Ms - decelMs2 * x));
  const run = session([
    channel('speed', t, speed),
    channel('acc_long', t, new Float64Array(k + 1).fill(-decelMs2)),
    channel('brake_front', t, new Float64Array(k + 1).fill(brakeFrontBar)),
    channel('brake_rear', t, new Float64Array(k + 1).fill(brakeRearBar)),
  ]);
  const timeAt = (s: number) => (s >= D ? T : (v0Ms - Math.sqrt(Math.max(0, v0Ms * v0Ms - 2 * decelMs2 * s))) / decelMs2);
  return { session: run, lap: gridLap(D, timeAt, (x) => Math.max(0, v0Ms - decelMs2 * x)), grid: null };
}

/** One lap of a circle of radius R at constant speed; `gyro` logs the yaw rate, else it comes from v·κ of the grid. */
export function constantSpeedCircle(speedMs: number, radiusM: number, rateHz: number, gyro: boolean): SyntheticRun {
  const L = 2 * Math.PI * radiusM;
  const T = L / speedMs;
  const k = Math.round(T * rateHz);
  const t = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) t[i] = (i * T) / k;
  const channels = [
    channel('speed', t, new Float64Array(k + 1).fill(speedMs)),
    channel('acc_long', t, new Float64Array(k + 1)),
    channel('brake_front', t, new Float64Array(k + 1)),
    channel('brake_rear', t, new Float64Array(k + 1)),
  ];
  if (gyro) channels.push(channel('yaw_rate', t, new Float64Array(k + 1).fill(speedMs / radiusM)));
  const count = Math.ceil(L - 1e-9);
  const distanceM = new Float64Array(count);
  const xM = new Float64Array(count);
  const yM = new Float64Array(count);
  const headingRad = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const phi = i / radiusM;
    distanceM[i] = i;
    xM[i] = radiusM * Math.sin(phi);
    yM[i] = radiusM * (1 - Math.cos(phi));
    headingRad[i] = Math.atan2(Math.sin(phi), Math.cos(phi));
  }
  const grid: TrackGrid = {
    lengthM: L, stepM: 1, distanceM, xM, yM, headingRad,
    curvaturePerM: new Float64Array(count).fill(1 / radiusM), widthLeftM: null, widthRightM: null, elevationM: null,
  };
  return { session: session(channels), lap: gridLap(L, (s) => s / speedMs, () => speedMs), grid };
}
