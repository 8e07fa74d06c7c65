// Delta-time between two laps on the same reference line: at every metre, how much later the lap got
// there than the reference (time slip along distance). Positive = the lap is behind.

import type { DeltaTime, DistanceLap } from './types.ts';

/** Value of a grid array at any distance in [0, lengthM] (linear between grid points). */
export function valueAtDistance(lap: DistanceLap, values: Float64Array, d: number): number {
  const n = lap.distanceM.length;
  if (!(d >= 0) || d > lap.lengthM) return NaN;
  let i = Math.min(n - 2, Math.floor(d));
  if (lap.distanceM[i] > d) i--;
  const d0 = lap.distanceM[i];
  const d1 = lap.distanceM[i + 1];
  const f = d1 > d0 ? (d - d0) / (d1 - d0) : 0;
  return values[i] + f * (values[i + 1] - values[i]);
}

export function timeAtDistanceOnLap(lap: DistanceLap, d: number): number {
  return valueAtDistance(lap, lap.timeS, d);
}

export function deltaTime(lap: DistanceLap, reference: DistanceLap): DeltaTime {
  if (Math.abs(lap.lengthM - reference.lengthM) > 1e-6) {
    throw new RangeError(`laps on different reference lines (${lap.lengthM} m vs ${reference.lengthM} m)`);
  }
  const n = lap.distanceM.length;
  const deltaS = new Float64Array(n);
  for (let i = 0; i < n; i++) deltaS[i] = lap.timeS[i] - reference.timeS[i];
  return { distanceM: lap.distanceM, deltaS, finalDeltaS: deltaS[n - 1] };
}

/** Delta at a distance (linear between grid points). */
export function deltaAt(delta: DeltaTime, lengthM: number, d: number): number {
  const n = delta.distanceM.length;
  if (!(d >= 0) || d > lengthM) return NaN;
  let i = Math.min(n - 2, Math.floor(d));
  if (delta.distanceM[i] > d) i--;
  const d0 = delta.distanceM[i];
  const d1 = delta.distanceM[i + 1];
  const f = d1 > d0 ? (d - d0) / (d1 - d0) : 0;
  return delta.deltaS[i] + f * (delta.deltaS[i + 1] - delta.deltaS[i]);
}
