// Per-metre inputs of the power-demand model: what the track is like at each metre of the 1 m grid
// (curvature, heading change ahead and behind, gradient, distances to the next corner entry and apex and
// since the last apex) and what the car does there (speed and its derivative from a speed profile).

import type { Corner, TrackGrid } from '../../geometry/types.ts';
import { G } from '../vehicle-params.ts';

/** Metres over which the heading change ahead / behind is summed. */
export const HEADING_WINDOW_M = 50;
/** Distances to corners are capped here (beyond it a corner is "far"), m. */
export const CORNER_DISTANCE_CAP_M = 400;
/** Half-width of the centred difference of the grid elevation that gives the gradient, m. */
export const GRADIENT_HALF_WINDOW_M = 5;
/** Half-width of the centred difference of the speed profile that gives dv/ds, m (default). */
export const DEFAULT_SPEED_DERIVATIVE_HALF_WINDOW_M = 5;

/** The track's per-metre features: one value per bin [j, j + 1) m of the lap's 1 m grid. */
export interface TrackFeatures {
  lengthM: number;
  bins: number;
  /** Width of each bin, m (1, the last one the remainder of the lap). */
  binLengthM: Float64Array;
  /** |curvature| of the reference line at the bin's middle, 1/m. */
  curvatureAbsPerM: Float64Array;
  /** Σ |heading change| over the next / previous HEADING_WINDOW_M metres, rad. */
  headingChangeAheadRad: Float64Array;
  headingChangeBehindRad: Float64Array;
  /** dz/ds from the track map's elevation (0 where the map has none). */
  gradient: Float64Array;
  hasElevation: boolean;
  /** Distance ahead to the next corner's entry / apex, and since the last apex, m (capped at CORNER_DISTANCE_CAP_M). */
  distanceToEntryM: Float64Array;
  distanceToApexM: Float64Array;
  distanceSinceApexM: Float64Array;
}

/** A speed profile on the lap's 1 m grid: the speed at the grid points 0, 1, …, bins (bins + 1 values), m/s. */
export interface SpeedProfile {
  speedMs: Float64Array;
}

/** What the car does in each bin, from a speed profile. */
export interface SpeedFeatures {
  /** Mean of the speeds at the bin's two ends, m/s. */
  speedMs: Float64Array;
  /** dv/ds by a centred difference, 1/s, and the longitudinal acceleration v·dv/ds, m/s². */
  dvdsPerS: Float64Array;
  accelMs2: Float64Array;
  /** Time to cover the bin at the profile's speed, s. */
  dtS: Float64Array;
}

/** The model's inputs, in column order. */
export const FEATURE_NAMES = [
  'speedMs',
  'accelMs2',
  /** a·v: the rate of change of kinetic energy per kilogram, W/kg. */
  'netPowerPerKgWkg',
  /** v³ (aerodynamic drag power ∝ v³), m³/s³. */
  'speedCubedM3S3',
  /** g·gradient·v: power against gravity per kilogram, W/kg. */
  'gradePowerPerKgWkg',
  'curvatureAbsPerM',
  /** v²·|κ|: lateral acceleration the line asks for, m/s². */
  'lateralAccelMs2',
  'headingChangeAheadRad',
  'headingChangeBehindRad',
  'gradient',
  'distanceToEntryM',
  'distanceToApexM',
  'distanceSinceApexM',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The model's outputs: tractive power and braking power (all retarding wheel work: brakes + engine braking), kW. */
export const TARGET_NAMES = ['tractionKw', 'brakingKw'] as const;

export function binCount(lengthM: number): number {
  return Math.ceil(lengthM - 1e-9);
}

function wrapAngle(a: number): number {
  let x = a;
  while (x > Math.PI) x -= 2 * Math.PI;
  while (x <= -Math.PI) x += 2 * Math.PI;
  return x;
}

/** Cyclic distance ahead from `fromM` to `toM` on a lap of `lengthM`, in [0, lengthM). */
function ahead(fromM: number, toM: number, lengthM: number): number {
  const d = (toM - fromM) % lengthM;
  return d < 0 ? d + lengthM : d;
}

/** The track features of every bin of a lap on `grid` (corners from the track model). */
export function trackFeatures(grid: TrackGrid, corners: readonly Corner[]): TrackFeatures {
  const lengthM = grid.lengthM;
  const bins = binCount(lengthM);
  const n = grid.xM.length;
  const at = (j: number) => ((j % n) + n) % n;
  const binLengthM = new Float64Array(bins);
  for (let j = 0; j < bins; j++) binLengthM[j] = Math.min(1, lengthM - j);

  // |heading change| from grid point j to j + 1 (cyclic), and its running sums
  const turn = new Float64Array(n);
  for (let j = 0; j < n; j++) turn[j] = Math.abs(wrapAngle(grid.headingRad[at(j + 1)] - grid.headingRad[j]));
  const prefix = new Float64Array(2 * n + 1);
  for (let k = 0; k < 2 * n; k++) prefix[k + 1] = prefix[k] + turn[k % n];
  const window = Math.min(HEADING_WINDOW_M, n - 1);

  const curvatureAbsPerM = new Float64Array(bins);
  const headingChangeAheadRad = new Float64Array(bins);
  const headingChangeBehindRad = new Float64Array(bins);
  const gradient = new Float64Array(bins);
  const elevation = grid.elevationM && grid.elevationM.every(Number.isFinite) ? grid.elevationM : null;
  for (let j = 0; j < bins; j++) {
    const a = at(j);
    curvatureAbsPerM[j] = 0.5 * (Math.abs(grid.curvaturePerM[a]) + Math.abs(grid.curvaturePerM[at(j + 1)]));
    headingChangeAheadRad[j] = prefix[a + window] - prefix[a];
    const back = a - window + n; // start index in the doubled prefix
    headingChangeBehindRad[j] = prefix[back + window] - prefix[back];
    if (elevation) {
      const h = GRADIENT_HALF_WINDOW_M;
      gradient[j] = (elevation[at(j + h)] - elevation[at(j - h)]) / (2 * h);
    }
  }

  const distanceToEntryM = new Float64Array(bins).fill(CORNER_DISTANCE_CAP_M);
  const distanceToApexM = new Float64Array(bins).fill(CORNER_DISTANCE_CAP_M);
  const distanceSinceApexM = new Float64Array(bins).fill(CORNER_DISTANCE_CAP_M);
  for (let j = 0; j < bins; j++) {
    const mid = j + 0.5 * binLengthM[j];
    for (const c of corners) {
      distanceToEntryM[j] = Math.min(distanceToEntryM[j], ahead(mid, c.entryM, lengthM));
      distanceToApexM[j] = Math.min(distanceToApexM[j], ahead(mid, c.apexM, lengthM));
      distanceSinceApexM[j] = Math.min(distanceSinceApexM[j], ahead(c.apexM, mid, lengthM));
    }
  }
  return {
    lengthM,
    bins,
    binLengthM,
    curvatureAbsPerM,
    headingChangeAheadRad,
    headingChangeBehindRad,
    gradient,
    hasElevation: elevation !== null,
    distanceToEntryM,
    distanceToApexM,
    distanceSinceApexM,
  };
}

/**
 * Speed, dv/ds (centred difference over ±halfWindowM of grid points, one-sided at the lap's ends) and
 * acceleration per bin. Throws when the profile does not have bins + 1 finite, positive speeds.
 */
export function speedFeatures(profile: SpeedProfile, track: Pick<TrackFeatures, 'bins' | 'binLengthM' | 'lengthM'>, halfWindowM = DEFAULT_SPEED_DERIVATIVE_HALF_WINDOW_M): SpeedFeatures {
  const { bins, binLengthM, lengthM } = track;
  const v = profile.speedMs;
  if (v.length !== bins + 1) throw new RangeError(`speed profile: ${v.length} grid speeds for ${bins} bins (want ${bins + 1})`);
  for (let j = 0; j <= bins; j++) if (!(v[j] > 0) || !Number.isFinite(v[j])) throw new RangeError(`speed profile: speed ${v[j]} m/s at ${j} m (must be finite and > 0)`);
  const pos = (k: number) => (k >= bins ? lengthM : k);
  const h = Math.max(0.5, halfWindowM);
  const speedMs = new Float64Array(bins);
  const dvdsPerS = new Float64Array(bins);
  const accelMs2 = new Float64Array(bins);
  const dtS = new Float64Array(bins);
  for (let j = 0; j < bins; j++) {
    const vm = 0.5 * (v[j] + v[j + 1]);
    speedMs[j] = vm;
    const a = Math.max(0, Math.round(j + 0.5 - h));
    const b = Math.min(bins, Math.round(j + 0.5 + h));
    const dvds = (v[b] - v[a]) / (pos(b) - pos(a));
    dvdsPerS[j] = dvds;
    accelMs2[j] = vm * dvds;
    dtS[j] = binLengthM[j] / vm;
  }
  return { speedMs, dvdsPerS, accelMs2, dtS };
}

/** The model's input rows (bins × FEATURE_NAMES.length, row-major, float32). */
export function featureRows(track: TrackFeatures, speed: SpeedFeatures): Float32Array {
  const F = FEATURE_NAMES.length;
  const out = new Float32Array(track.bins * F);
  for (let j = 0; j < track.bins; j++) {
    const v = speed.speedMs[j];
    const a = speed.accelMs2[j];
    const k = track.curvatureAbsPerM[j];
    const row: Record<FeatureName, number> = {
      speedMs: v,
      accelMs2: a,
      netPowerPerKgWkg: a * v,
      speedCubedM3S3: v * v * v,
      gradePowerPerKgWkg: G * track.gradient[j] * v,
      curvatureAbsPerM: k,
      lateralAccelMs2: v * v * k,
      headingChangeAheadRad: track.headingChangeAheadRad[j],
      headingChangeBehindRad: track.headingChangeBehindRad[j],
      gradient: track.gradient[j],
      distanceToEntryM: track.distanceToEntryM[j],
      distanceToApexM: track.distanceToApexM[j],
      distanceSinceApexM: track.distanceSinceApexM[j],
    };
    for (let f = 0; f < F; f++) out[j * F + f] = row[FEATURE_NAMES[f]];
  }
  return out;
}
