// The learned power-demand model: per-metre track and speed features, datasets from analysed laps,
// TensorFlow.js training with held-out evaluation, the saved format, and estimates of undriven laps.

export {
  CORNER_DISTANCE_CAP_M,
  DEFAULT_SPEED_DERIVATIVE_HALF_WINDOW_M,
  FEATURE_NAMES,
  featureRows,
  HEADING_WINDOW_M,
  speedFeatures,
  TARGET_NAMES,
  trackFeatures,
  type FeatureName,
  type SpeedFeatures,
  type SpeedProfile,
  type TrackFeatures,
} from './features.ts';
export { sessionPowerDataset } from './session-dataset.ts';
export { datasetTransferables, lapRows, lapSpeedProfile, powerDataset, splitLaps, type LapRows, type PowerDataset } from './dataset.ts';
export { baselineMetrics, meanTargetsKw, powerMetrics } from './evaluate.ts';
export { normalizeRows, predictKw, type DenseLayer, type PowerDemandModel } from './mlp.ts';
export {
  artifactsOf,
  decodeSavedModel,
  encodeSavedModel,
  SAVED_MODEL_FORMAT,
  SAVED_MODEL_VERSION,
  type PowerModelMetrics,
  type SavedPowerModel,
  type TfArtifacts,
  type TrainingReport,
} from './saved-model.ts';
export { estimateLapEnergy, type LapEnergyEstimate } from './estimate.ts';
