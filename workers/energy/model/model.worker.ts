// The power-demand model's Web Worker (comlink): holds sessions' datasets (from the energy worker),
// evaluates a saved model on them (the committed one or one trained here), and trains a new one with
// TensorFlow.js on a session's own laps (WebGPU backend where bundled, else WebGL, else the CPU) with
// progress per epoch; the trained model stays here for estimates of laps that were not driven.

import * as Comlink from 'comlink';
import type { LapRows, PowerDataset } from './dataset.ts';
import { splitLaps } from './dataset.ts';
import { estimateLapEnergy, type LapEnergyEstimate } from './estimate.ts';
import { powerMetrics } from './evaluate.ts';
import type { SpeedProfile, TrackFeatures } from './features.ts';
import { predictKw, type PowerDemandModel } from './mlp.ts';
import { decodeSavedModel, type PowerModelMetrics, type SavedPowerModel, type TrainingReport } from './saved-model.ts';
import { pickTfBackend, type TfBackendInfo, type TfBackendPreference } from './tf-backend.ts';
import { trainPowerModel, type TrainOptions } from './train.ts';

export interface ModelProgress {
  step: string;
  /** 0–1. */
  fraction: number;
  epoch?: number;
  epochs?: number;
  loss?: number;
}

/** Measured and predicted power along one lap (for a chart), kW per bin, float32. */
export interface PowerTrace {
  lap: number;
  measuredTractionKw: Float32Array;
  predictedTractionKw: Float32Array;
  measuredBrakingKw: Float32Array;
  predictedBrakingKw: Float32Array;
}

export interface LapEstimateRow {
  lap: number;
  heldOut: boolean;
  lapTimeS: number;
  measuredTractionJ: number;
  estimatedTractionJ: number;
  measuredBrakingJ: number;
  estimatedBrakingJ: number;
}

export interface ModelEvaluation {
  /** Which model: 'committed' (models/power-demand) or 'trained' (trained here). */
  model: 'committed' | 'trained';
  metrics: PowerModelMetrics;
  laps: LapEstimateRow[];
  trace: PowerTrace;
  training: TrainingReport | null;
}

export interface TrainOutcome extends ModelEvaluation {
  saved: SavedPowerModel;
  backend: TfBackendInfo;
}

const datasets = new Map<string, PowerDataset>();
let trained: { key: string; model: PowerDemandModel; saved: SavedPowerModel } | null = null;

function datasetOf(key: string): PowerDataset {
  const d = datasets.get(key);
  if (!d) throw new Error(`no model dataset '${key}' in the model worker: call setDataset() first`);
  return d;
}

function lapEstimates(model: PowerDemandModel, laps: LapRows[], heldOut: Set<number>): LapEstimateRow[] {
  return laps.map((lap) => {
    const p = predictKw(model, lap.x);
    let tr = 0;
    let br = 0;
    for (let j = 0; j < lap.bins; j++) {
      tr += p[2 * j] * 1000 * lap.dtS[j];
      br += p[2 * j + 1] * 1000 * lap.dtS[j];
    }
    return { lap: lap.lap, heldOut: heldOut.has(lap.lap), lapTimeS: lap.lapTimeS, measuredTractionJ: lap.tractionJ, estimatedTractionJ: tr, measuredBrakingJ: lap.brakingJ, estimatedBrakingJ: br };
  });
}

function traceOf(model: PowerDemandModel, lap: LapRows): PowerTrace {
  const p = predictKw(model, lap.x);
  const n = lap.bins;
  const t: PowerTrace = { lap: lap.lap, measuredTractionKw: new Float32Array(n), predictedTractionKw: new Float32Array(n), measuredBrakingKw: new Float32Array(n), predictedBrakingKw: new Float32Array(n) };
  for (let j = 0; j < n; j++) {
    t.measuredTractionKw[j] = lap.y[2 * j];
    t.measuredBrakingKw[j] = lap.y[2 * j + 1];
    t.predictedTractionKw[j] = p[2 * j];
    t.predictedBrakingKw[j] = p[2 * j + 1];
  }
  return t;
}

function traceTransferables(e: ModelEvaluation): ArrayBuffer[] {
  const t = e.trace;
  return [t.measuredTractionKw.buffer, t.predictedTractionKw.buffer, t.measuredBrakingKw.buffer, t.predictedBrakingKw.buffer] as ArrayBuffer[];
}

const api = {
  /** Keeps a session's dataset (transfer its arrays) under `key`. */
  setDataset(key: string, dataset: PowerDataset): { laps: number[]; bins: number } {
    datasets.set(key, dataset);
    return { laps: dataset.laps.map((l) => l.lap), bins: dataset.bins };
  },

  hasDataset(key: string): boolean {
    return datasets.has(key);
  },

  /**
   * A saved model (e.g. the committed one) on every lap of a dataset: MAE / RMSE per metre, each lap's
   * estimated against measured energy, and the measured and predicted power along `traceLap` (default the first).
   */
  evaluate(key: string, saved: SavedPowerModel, traceLap?: number): ModelEvaluation {
    const d = datasetOf(key);
    if (d.laps.length === 0) throw new Error('the session has no analysed laps');
    const model = decodeSavedModel(saved);
    const lap = d.laps.find((l) => l.lap === traceLap) ?? d.laps[0];
    const result: ModelEvaluation = {
      model: 'committed',
      metrics: powerMetrics(d.laps, (l) => predictKw(model, l.x)),
      laps: lapEstimates(model, d.laps, new Set()),
      trace: traceOf(model, lap),
      training: saved.training,
    };
    return Comlink.transfer(result, traceTransferables(result));
  },

  /**
   * Trains on about two thirds of the dataset's laps and evaluates on the rest. `onProgress` must be a
   * comlink proxy. Resolves with the saved model (JSON-ready), the held-out metrics and the baseline.
   */
  async train(key: string, options: Omit<TrainOptions, 'onEpoch'> & { backend?: TfBackendPreference } = {}, onProgress?: (p: ModelProgress) => void): Promise<TrainOutcome> {
    const d = datasetOf(key);
    onProgress?.({ step: 'starting TensorFlow.js', fraction: 0 });
    const backend = await pickTfBackend(options.backend ?? 'auto');
    const { train, heldOut } = splitLaps(d.laps);
    onProgress?.({ step: `training on ${backend.backend}`, fraction: 0.02 });
    const result = await trainPowerModel(train, heldOut, {
      ...options,
      onEpoch: (epoch, epochs, loss) => onProgress?.({ step: `epoch ${epoch} of ${epochs}`, fraction: 0.02 + (0.96 * epoch) / epochs, epoch, epochs, loss }),
    });
    trained = { key, model: result.model, saved: result.saved };
    const held = new Set(heldOut.map((l) => l.lap));
    const outcome: TrainOutcome = {
      model: 'trained',
      metrics: result.report.heldOut,
      laps: lapEstimates(result.model, d.laps, held),
      trace: traceOf(result.model, heldOut[0]),
      training: result.report,
      saved: result.saved,
      backend,
    };
    onProgress?.({ step: 'done', fraction: 1 });
    return Comlink.transfer(outcome, traceTransferables(outcome));
  },

  /** The energy of a lap that was not driven, with the model trained here last (or a saved one). */
  estimate(trackFeatures: TrackFeatures, speedProfile: SpeedProfile, saved?: SavedPowerModel): LapEnergyEstimate {
    const model = saved ? decodeSavedModel(saved) : trained?.model;
    if (!model) throw new Error('no model: train one or pass a saved model');
    return estimateLapEnergy(trackFeatures, speedProfile, model);
  },

  forget(key: string): void {
    datasets.delete(key);
  },
};

export type ModelWorkerApi = typeof api;

Comlink.expose(api);
