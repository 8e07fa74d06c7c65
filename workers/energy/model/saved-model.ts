// The saved power-demand model (models/power-demand/model.json): TensorFlow.js artifacts (the Keras
// topology, weight specs and the float32 weights as base64, as tf.io.withSaveHandler hands them over)
// plus what the network needs around it: feature names and normalisation, target scales, and the
// training report. Decodes into a plain dense network (mlp.ts) and back into tfjs artifacts.

import { FEATURE_NAMES, TARGET_NAMES } from './features.ts';
import type { DenseLayer, PowerDemandModel } from './mlp.ts';

export const SAVED_MODEL_FORMAT = 'etm-power-demand';
export const SAVED_MODEL_VERSION = 1;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/** The tfjs parts of tf.io.ModelArtifacts that a dense network needs. */
export interface TfArtifacts {
  modelTopology: unknown;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

export interface PowerModelMetrics {
  /** Per target (TARGET_NAMES order): mean absolute and root-mean-square error per metre, kW. */
  maeKw: number[];
  rmseKw: number[];
  /** Per lap and target: (predicted − measured) ÷ measured lap energy, %. */
  lapEnergyErrorPct: { lap: number; tractionPct: number; brakingPct: number }[];
  /** Mean of |lap energy error| over the laps, %, per target. */
  meanAbsLapEnergyErrorPct: number[];
}

export interface TrainingReport {
  /** Where the data came from, in words (session, car, track). */
  source: string;
  trainLaps: number[];
  heldOutLaps: number[];
  samples: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hiddenUnits: number[];
  seed: number;
  /** The tfjs backend that trained it ('cpu', 'webgl', 'webgpu'). */
  backend: string;
  trainMs: number;
  /** Mean squared error of the scaled targets after the last epoch (training laps). */
  finalLoss: number;
  /** The model on the held-out laps, and the baseline (the training mean of each target) on the same laps. */
  heldOut: PowerModelMetrics;
  baseline: PowerModelMetrics;
}

export interface SavedPowerModel {
  format: typeof SAVED_MODEL_FORMAT;
  version: number;
  featureNames: string[];
  targetNames: string[];
  featureMean: number[];
  featureStd: number[];
  /** Targets are predicted divided by these, kW. */
  targetScaleKw: number[];
  derivativeHalfWindowM: number;
  training: TrainingReport | null;
  modelTopology: unknown;
  weightSpecs: WeightSpec[];
  weightDataBase64: string;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

export function base64ToBytes(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** tfjs hands weight data as one buffer or as several: one buffer. */
export function joinWeightData(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

interface DenseConfig {
  name: string;
  units: number;
  activation: string;
  useBias: boolean;
}

/** The Dense layers of a Keras Sequential topology, in order. */
function denseLayers(topology: unknown): DenseConfig[] {
  const t = topology as { class_name?: string; config?: { layers?: { class_name: string; config: Record<string, unknown> }[] } };
  const layers = t?.config?.layers;
  if (t?.class_name !== 'Sequential' || !Array.isArray(layers)) throw new Error('power model: the topology is not a Sequential model');
  return layers.map((l) => {
    if (l.class_name !== 'Dense') throw new Error(`power model: unsupported layer ${l.class_name} (only Dense)`);
    const activation = String(l.config.activation ?? 'linear');
    if (activation !== 'relu' && activation !== 'linear') throw new Error(`power model: unsupported activation ${activation}`);
    return { name: String(l.config.name), units: Number(l.config.units), activation, useBias: l.config.use_bias !== false };
  });
}

/** The dense network of tfjs artifacts (float32 weights, little-endian as tfjs writes them). */
export function layersFromArtifacts(a: TfArtifacts, inputs: number): DenseLayer[] {
  const offsets = new Map<string, { offset: number; size: number; shape: number[] }>();
  let offset = 0;
  for (const s of a.weightSpecs) {
    if (s.dtype !== 'float32') throw new Error(`power model: weight ${s.name} is ${s.dtype}, want float32`);
    const size = s.shape.reduce((p, d) => p * d, 1);
    offsets.set(s.name, { offset, size, shape: s.shape });
    offset += size * 4;
  }
  if (offset !== a.weightData.byteLength) throw new Error(`power model: the weights take ${a.weightData.byteLength} bytes, the specs say ${offset}`);
  const view = new DataView(a.weightData);
  const read = (name: string, shape: number[]): Float32Array => {
    const w = offsets.get(name);
    if (!w) throw new Error(`power model: no weight ${name}`);
    if (w.shape.join('x') !== shape.join('x')) throw new Error(`power model: ${name} has shape ${w.shape.join('×')}, want ${shape.join('×')}`);
    const out = new Float32Array(w.size);
    for (let i = 0; i < w.size; i++) out[i] = view.getFloat32(w.offset + 4 * i, true);
    return out;
  };
  let width = inputs;
  return denseLayers(a.modelTopology).map((c) => {
    const layer: DenseLayer = {
      inputs: width,
      units: c.units,
      activation: c.activation as DenseLayer['activation'],
      kernel: read(`${c.name}/kernel`, [width, c.units]),
      bias: c.useBias ? read(`${c.name}/bias`, [c.units]) : new Float32Array(c.units),
    };
    width = c.units;
    return layer;
  });
}

export function artifactsOf(saved: SavedPowerModel): TfArtifacts {
  const bytes = base64ToBytes(saved.weightDataBase64);
  return { modelTopology: saved.modelTopology, weightSpecs: saved.weightSpecs, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
}

/** Checks a saved model's shape and decodes it into the plain network used for estimates. */
export function decodeSavedModel(saved: SavedPowerModel): PowerDemandModel {
  if (saved?.format !== SAVED_MODEL_FORMAT) throw new Error(`not a power-demand model (format '${String(saved?.format)}')`);
  if (saved.version !== SAVED_MODEL_VERSION) throw new Error(`power-demand model version ${saved.version}, this build reads ${SAVED_MODEL_VERSION}`);
  const F = saved.featureNames.length;
  if (saved.featureNames.join() !== FEATURE_NAMES.join()) throw new Error(`power model: features ${saved.featureNames.join(', ')}; this build computes ${FEATURE_NAMES.join(', ')}`);
  if (saved.targetNames.join() !== TARGET_NAMES.join()) throw new Error(`power model: targets ${saved.targetNames.join(', ')}; this build expects ${TARGET_NAMES.join(', ')}`);
  if (saved.featureMean.length !== F || saved.featureStd.length !== F) throw new Error('power model: feature normalisation does not match the feature names');
  const layers = layersFromArtifacts(artifactsOf(saved), F);
  const last = layers[layers.length - 1];
  if (!last || last.units !== saved.targetNames.length || saved.targetScaleKw.length !== saved.targetNames.length) throw new Error('power model: outputs do not match the target names');
  return {
    featureNames: [...saved.featureNames],
    targetNames: [...saved.targetNames],
    featureMean: Float64Array.from(saved.featureMean),
    featureStd: Float64Array.from(saved.featureStd),
    targetScaleKw: Float64Array.from(saved.targetScaleKw),
    derivativeHalfWindowM: saved.derivativeHalfWindowM,
    layers,
  };
}

export function encodeSavedModel(parts: Omit<SavedPowerModel, 'format' | 'version' | 'weightDataBase64' | 'modelTopology' | 'weightSpecs'>, artifacts: TfArtifacts): SavedPowerModel {
  return {
    format: SAVED_MODEL_FORMAT,
    version: SAVED_MODEL_VERSION,
    ...parts,
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
    weightDataBase64: bytesToBase64(new Uint8Array(artifacts.weightData)),
  };
}
