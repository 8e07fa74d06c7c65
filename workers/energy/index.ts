// The energy domain's public API: vehicle parameters and presets, the lap/session energy pipeline, the
// four kernels on either backend with the backend picker, and the inputs of the lap matrix and raster.

export { airDensityKgM3, saturationVapourPressurePa, ISA_SEA_LEVEL, type Weather } from './air-density.ts';
export { G, VEHICLE_PARAM_LIMITS, checkVehicleParams, validateVehicleParams, type EnergyVehicleParams, type VehicleParamIssue } from './vehicle-params.ts';
export { DEMO_CAR_ENERGY, ENERGY_PRESETS, GR86_CUP_ENERGY, presetForSession, yawInertiaEstimateKgM2, type EnergyPresetName } from './presets.ts';
export {
  BIN_COMPONENTS,
  BINNED_POWERS,
  DEFAULT_BRAKE_FULL_BAR,
  LAP_MATRIX_OUTPUTS,
  PHYSICS_INPUTS,
  PHYSICS_OUTPUTS,
  physicsParams,
  type BinComponent,
  type BinInput,
  type BinOutput,
  type EnergyBackendName,
  type EnergyKernels,
  type LapMatrixInput,
  type LapMatrixOutput,
  type PhysicsInput,
  type PhysicsOutput,
  type PhysicsParams,
  type RasterInput,
  type RasterOutput,
} from './kernels.ts';
export { pickEnergyBackend, type BackendInfo, type BackendPreference, type PickedBackend } from './backend.ts';
export { cpuKernels } from './cpu/index.ts';
export type { AdapterInfoLite } from './gpu/device.ts';
export { estimateAccelAlignment, type AccelAlignment } from './accel-alignment.ts';
export { savitzkyGolayDerivative, savitzkyGolaySmooth } from './derivative.ts';
export { lapSamples, type LapSampleOptions, type LapSamples, type SampleSources } from './lap-samples.ts';
export { lapEnergies, type EnergyTotals, type LapEnergy, type LapEnergyOptions, type PerMetreEnergy, type SegmentEnergy, type TrackContext } from './lap-energy.ts';
export { lapMatrixInput, rasterInput, sessionEnergy, sessionLapSamples, type LapMatrixSource, type SessionEnergy, type SessionEnergyOptions } from './session-energy.ts';
export { perMetreCsvChunks, PER_METRE_CSV_HEADER } from './per-metre-csv.ts';
