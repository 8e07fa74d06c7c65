// Ground truth along the centreline, for the laps domain's tests: the exact time a car reaches any
// centreline distance (constant acceleration between the trajectory's grid points, as the loggers sample
// it), and each flying lap's time at every metre from the start/finish line.

import type { Trajectory } from './trajectory.ts';

/** Session time at which the car reaches centreline distance u (from its first start/finish crossing). */
export function timeAtCentrelineDistance(traj: Trajectory, uM: number): number {
  const du = traj.trackLengthM / traj.pointsPerLap;
  const last = traj.uM.length - 2;
  const i = Math.min(last, Math.max(0, traj.firstCrossingIndex + Math.floor(uM / du + 1e-9)));
  const f = (uM - traj.uM[i]) / (traj.uM[i + 1] - traj.uM[i]);
  const d = f * (traj.pathM[i + 1] - traj.pathM[i]);
  const v0 = traj.speedMs[i];
  const a = traj.accelMs2[i];
  const tau = Math.abs(a) < 1e-9 ? d / v0 : (-v0 + Math.sqrt(Math.max(0, v0 * v0 + 2 * a * d))) / a;
  return traj.timeS[i] + tau;
}

export interface LapDistanceTruth {
  /** The car's lap counter during the lap (2 = the first flying lap). */
  lap: number;
  startTimeS: number;
  /** 0, stepM, 2·stepM, … below the lap length, then the lap length. */
  distanceM: Float64Array;
  /** Time since the lap's start at each distance, s. */
  timeS: Float64Array;
}

/** Every flying lap's time at each step of centreline distance. */
export function lapTimesAlongDistance(traj: Trajectory, stepM = 1): LapDistanceTruth[] {
  const L = traj.trackLengthM;
  const n = Math.ceil(L / stepM - 1e-9);
  const out: LapDistanceTruth[] = [];
  for (let k = 0; k < traj.plan.laps; k++) {
    const distanceM = new Float64Array(n + 1);
    const timeS = new Float64Array(n + 1);
    const t0 = timeAtCentrelineDistance(traj, k * L);
    for (let i = 0; i <= n; i++) {
      const d = i < n ? i * stepM : L;
      distanceM[i] = d;
      timeS[i] = timeAtCentrelineDistance(traj, k * L + d) - t0;
    }
    out.push({ lap: k + 2, startTimeS: t0, distanceM, timeS });
  }
  return out;
}
