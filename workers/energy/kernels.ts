// The four energy kernels' inputs and outputs and the interface both backends implement (CPU in
// float64, WebGPU in float32 WGSL): per-sample physics, binning onto the 1 m grid, the 1 m × 1 m
// raster, and the all-pairs lap matrix.

import { G, type EnergyVehicleParams } from './vehicle-params.ts';

export type EnergyBackendName = 'webgpu' | 'cpu';

/** Constants of the per-sample physics (derived from the vehicle parameters). */
export interface PhysicsParams {
  massKg: number;
  /** ½·ρ·CdA, kg/m. */
  halfRhoCdA: number;
  rollingResistance: number;
  gravityMs2: number;
  yawInertiaKgM2: number;
  brakeBalanceFront: number;
  /**
   * Front + rear line pressure at and above which all retarding wheel work is counted as the brakes'; below
   * it the brakes' share falls linearly to 0 at 0 bar (the rest is engine braking). ≤ 0: always the brakes
   * (no brake channel). A ramp rather than a step keeps every output continuous in its inputs.
   */
  brakeFullBar: number;
}

/** Default PhysicsParams.brakeFullBar, bar. */
export const DEFAULT_BRAKE_FULL_BAR = 2;

export function physicsParams(v: EnergyVehicleParams, brakeFullBar = DEFAULT_BRAKE_FULL_BAR): PhysicsParams {
  return {
    massKg: v.massKg,
    halfRhoCdA: 0.5 * v.airDensityKgM3 * v.cdAM2,
    rollingResistance: v.rollingResistance,
    gravityMs2: G,
    yawInertiaKgM2: v.yawInertiaKgM2,
    brakeBalanceFront: v.brakeBalanceFront,
    brakeFullBar,
  };
}

/** Per-sample inputs, one value per sample (samples of many laps may be concatenated). */
export const PHYSICS_INPUTS = ['speedMs', 'accLongMs2', 'yawRateRadS', 'yawAccelRadS2', 'brakeFrontBar', 'brakeRearBar', 'gradient'] as const;
export type PhysicsInputName = (typeof PHYSICS_INPUTS)[number];

export interface PhysicsInput {
  params: PhysicsParams;
  /** Each of PHYSICS_INPUTS, all the same length. gradient = dz/ds (rise over run). */
  samples: Record<PhysicsInputName, Float64Array>;
}

/**
 * Per-sample outputs. kineticJ = ½mv²; dragW = ½ρCdA·v³; rollingW = Crr·m·g·cosθ·v; gradeW = m·g·sinθ·v;
 * netW = m·a·v (the rate of change of kinetic energy); the wheel force F = m·a + drag + rolling + grade
 * splits into tractionW = max(0, F·v) and, for F < 0, brakeFrontW / brakeRearW (the brakes' share, see
 * brakeFullBar, split front/rear by pressure × balance) and engineBrakeW (the rest: engine drag when coasting);
 * kineticTractionW = clamp(netW, 0, tractionW) (kinetic energy gained under power); yawKineticJ = ½·Iz·r²;
 * yawW = Iz·r·ṙ.
 */
export const PHYSICS_OUTPUTS = [
  'kineticJ', 'dragW', 'rollingW', 'gradeW', 'netW', 'tractionW', 'brakeFrontW', 'brakeRearW', 'engineBrakeW', 'kineticTractionW', 'yawKineticJ', 'yawW',
] as const;
export type PhysicsOutputName = (typeof PHYSICS_OUTPUTS)[number];
export type PhysicsOutput = Record<PhysicsOutputName, Float64Array>;

/** The physics outputs that are powers (integrated over time by the binning). */
export const BINNED_POWERS = ['dragW', 'rollingW', 'gradeW', 'netW', 'tractionW', 'brakeFrontW', 'brakeRearW', 'engineBrakeW', 'kineticTractionW', 'yawW'] as const;
export type BinnedPower = (typeof BINNED_POWERS)[number];

/**
 * Binned per metre: time spent (s) and energy (J) of each power, plus yawInJ (the positive part of the
 * yaw power: energy put into yaw rotation). Bin j of a lap covers [j, j + 1) m (the last bin ends at the lap length).
 */
export const BIN_COMPONENTS = [
  'timeS', 'dragJ', 'rollingJ', 'gradeJ', 'netJ', 'tractionJ', 'brakeFrontJ', 'brakeRearJ', 'engineBrakeJ', 'kineticTractionJ', 'yawJ', 'yawInJ',
] as const;
export type BinComponent = (typeof BIN_COMPONENTS)[number];

export interface BinInput {
  /** Bins per lap (every lap on the same 1 m grid). */
  bins: number;
  /** Sample offsets of each lap into the concatenated arrays (laps + 1 entries, last = total samples). */
  lapStarts: Uint32Array;
  /** Position of each sample along its lap as whole metre + fraction in [0, 1] (1 only at a lap's end). */
  binIndex: Uint32Array;
  binFrac: Float64Array;
  /** Duration of the interval from each sample to the next in its lap, s (the last sample's is unused). */
  dtS: Float64Array;
  /** The physics outputs (only the BINNED_POWERS are read). */
  powers: Record<BinnedPower, Float64Array>;
}

export interface BinOutput {
  laps: number;
  bins: number;
  /** Each of BIN_COMPONENTS as laps × bins, lap-major. */
  values: Record<BinComponent, Float64Array>;
}

export interface RasterInput {
  /** One value per grid metre (e.g. net wheel energy, J). */
  values: Float64Array;
  /** Unit vector of the direction of travel at each grid metre (cos, sin of the heading). */
  dirX: Float64Array;
  dirY: Float64Array;
  /** TrackRaster.cellIndex: grid index per 1 m × 1 m cell, -1 outside the track. */
  cellIndex: Int32Array;
}

export interface RasterOutput {
  /** Per cell: the value, and the value times the direction of travel (the energy vector); 0 outside. */
  value: Float64Array;
  vectorX: Float64Array;
  vectorY: Float64Array;
}

export interface LapMatrixInput {
  laps: number;
  bins: number;
  /**
   * Each lap's time at the grid points 0…bins (bins + 1 per lap) minus a reference lap's, s. Offsets
   * (computed in float64) keep float32 differences precise to ~1e-7 of the offset instead of ~1e-5 s.
   */
  timeOffsetS: Float64Array;
  /** Per lap and bin: traction energy, and all retarding wheel work (brakes + engine braking), J. */
  tractionJ: Float64Array;
  brakingJ: Float64Array;
}

/**
 * N × N, row i = lap i against lap j (row-major): finalDeltaS = lap time difference; maxDeltaS / minDeltaS
 * = largest time lost / gained (most negative) at any grid point; tractionDiffJ, brakingDiffJ = Σ over the
 * grid of the per-metre differences; wheelL1J = Σ |Δ(traction − braking)| per metre (how differently the
 * two laps spend energy along the track).
 */
export const LAP_MATRIX_OUTPUTS = ['finalDeltaS', 'maxDeltaS', 'minDeltaS', 'tractionDiffJ', 'brakingDiffJ', 'wheelL1J'] as const;
export type LapMatrixOutputName = (typeof LAP_MATRIX_OUTPUTS)[number];
export interface LapMatrixOutput {
  laps: number;
  values: Record<LapMatrixOutputName, Float64Array>;
}

/** What both backends implement; the same inputs give the same outputs within the stated tolerances. */
export interface EnergyKernels {
  readonly backend: EnergyBackendName;
  physics(input: PhysicsInput): Promise<PhysicsOutput>;
  bin(input: BinInput): Promise<BinOutput>;
  raster(input: RasterInput): Promise<RasterOutput>;
  lapMatrix(input: LapMatrixInput): Promise<LapMatrixOutput>;
  /** Frees GPU resources (no-op on the CPU). */
  dispose(): void;
}
