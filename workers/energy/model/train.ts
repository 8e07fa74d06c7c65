// Trains the power-demand network with TensorFlow.js on a session's own laps: standardised features,
// targets scaled by their spread, a small ReLU network fitted with Adam on seeded mini-batches, then
// saved through tf.io.withSaveHandler, decoded into the plain network and evaluated on the held-out laps
// against the baseline that always predicts the training mean.

import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../model/random.ts';
import type { LapRows } from './dataset.ts';
import { baselineMetrics, powerMetrics } from './evaluate.ts';
import { FEATURE_NAMES, TARGET_NAMES, DEFAULT_SPEED_DERIVATIVE_HALF_WINDOW_M } from './features.ts';
import { predictKw, type PowerDemandModel } from './mlp.ts';
import { artifactsOf, decodeSavedModel, encodeSavedModel, joinWeightData, type SavedPowerModel, type TfArtifacts, type TrainingReport } from './saved-model.ts';

export interface TrainOptions {
  hiddenUnits?: readonly number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** What the data is, in words (goes into the report). */
  source?: string;
  derivativeHalfWindowM?: number;
  /** After each epoch: epochs done, of how many, and the training loss (MSE of the scaled targets). */
  onEpoch?: (epoch: number, epochs: number, loss: number) => void;
}

export interface TrainResult {
  saved: SavedPowerModel;
  model: PowerDemandModel;
  report: TrainingReport;
}

export const DEFAULT_TRAIN_OPTIONS: Required<Pick<TrainOptions, 'hiddenUnits' | 'epochs' | 'batchSize' | 'learningRate' | 'seed'>> = {
  hiddenUnits: [32, 32],
  epochs: 40,
  batchSize: 256,
  learningRate: 0.004,
  seed: 7,
};

function stack(laps: readonly LapRows[], key: 'x' | 'y'): Float32Array {
  const out = new Float32Array(laps.reduce((n, l) => n + l[key].length, 0));
  let o = 0;
  for (const l of laps) {
    out.set(l[key], o);
    o += l[key].length;
  }
  return out;
}

function columnStats(x: Float32Array, columns: number, centre: boolean): { mean: number[]; std: number[] } {
  const rows = x.length / columns;
  const mean = new Array<number>(columns).fill(0);
  const std = new Array<number>(columns).fill(0);
  if (centre) for (let i = 0; i < x.length; i++) mean[i % columns] += x[i] / rows;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean[i % columns];
    std[i % columns] += (d * d) / rows;
  }
  // a constant column (no elevation: gradient 0 everywhere) passes through unscaled
  return { mean, std: std.map((v) => (Math.sqrt(v) > 1e-9 ? Math.sqrt(v) : 1)) };
}

/** Saves a tfjs model through tf.io.withSaveHandler and returns its artifacts. */
export async function tfArtifacts(model: tf.LayersModel): Promise<TfArtifacts> {
  let captured: TfArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      if (!a.weightSpecs || !a.weightData) throw new Error('tfjs handed over no weights');
      captured = { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: joinWeightData(a.weightData as ArrayBuffer | ArrayBuffer[]) };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: captured.weightData.byteLength } };
    }),
  );
  if (!captured) throw new Error('tfjs did not call the save handler');
  return captured;
}

/** The saved model as a tfjs LayersModel again (tf.io.fromMemory). */
export async function loadTfModel(saved: SavedPowerModel): Promise<tf.LayersModel> {
  const a = artifactsOf(saved);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData }));
}

export async function trainPowerModel(train: readonly LapRows[], heldOut: readonly LapRows[], options: TrainOptions = {}): Promise<TrainResult> {
  if (train.length === 0) throw new RangeError('no training laps');
  if (heldOut.length === 0) throw new RangeError('no held-out laps to evaluate on');
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const F = FEATURE_NAMES.length;
  const T = TARGET_NAMES.length;
  const started = performance.now();
  const xRaw = stack(train, 'x');
  const yRaw = stack(train, 'y');
  const rows = xRaw.length / F;
  const xs = columnStats(xRaw, F, true);
  const ys = columnStats(yRaw, T, false);
  const x = new Float32Array(xRaw.length);
  for (let i = 0; i < x.length; i++) x[i] = (xRaw[i] - xs.mean[i % F]) / xs.std[i % F];
  const y = new Float32Array(yRaw.length);
  for (let i = 0; i < y.length; i++) y[i] = yRaw[i] / ys.std[i % T];

  const net = tf.sequential();
  const widths = [...o.hiddenUnits, T];
  widths.forEach((units, k) => {
    net.add(
      tf.layers.dense({
        units,
        activation: k < widths.length - 1 ? 'relu' : 'linear',
        name: k < widths.length - 1 ? `hidden${k + 1}` : 'power',
        kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + k }),
        biasInitializer: 'zeros',
        ...(k === 0 ? { inputShape: [F] } : {}),
      }),
    );
  });
  net.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'meanSquaredError' });

  // seeded mini-batch order (tfjs's own shuffle uses Math.random)
  const random = seededRandom(o.seed);
  const order = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const bx = new Float32Array(o.batchSize * F);
  const by = new Float32Array(o.batchSize * T);
  let loss = NaN;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (let i = rows - 1; i > 0; i--) {
        const k = Math.floor(random() * (i + 1));
        [order[i], order[k]] = [order[k], order[i]];
      }
      let sum = 0;
      let batches = 0;
      for (let start = 0; start < rows; start += o.batchSize) {
        const n = Math.min(o.batchSize, rows - start);
        for (let r = 0; r < n; r++) {
          const src = order[start + r];
          bx.set(x.subarray(src * F, src * F + F), r * F);
          by.set(y.subarray(src * T, src * T + T), r * T);
        }
        const xt = tf.tensor2d(bx.subarray(0, n * F), [n, F]);
        const yt = tf.tensor2d(by.subarray(0, n * T), [n, T]);
        const l = await net.trainOnBatch(xt, yt);
        xt.dispose();
        yt.dispose();
        sum += Array.isArray(l) ? l[0] : l;
        batches++;
      }
      loss = sum / batches;
      o.onEpoch?.(epoch + 1, o.epochs, loss);
    }
    const artifacts = await tfArtifacts(net);
    const derivativeHalfWindowM = o.derivativeHalfWindowM ?? DEFAULT_SPEED_DERIVATIVE_HALF_WINDOW_M;
    const base = { featureNames: [...FEATURE_NAMES], targetNames: [...TARGET_NAMES], featureMean: xs.mean, featureStd: xs.std, targetScaleKw: ys.std, derivativeHalfWindowM };
    const model = decodeSavedModel(encodeSavedModel({ ...base, training: null }, artifacts));
    const report: TrainingReport = {
      source: o.source ?? '',
      trainLaps: train.map((l) => l.lap),
      heldOutLaps: heldOut.map((l) => l.lap),
      samples: rows,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      hiddenUnits: [...o.hiddenUnits],
      seed: o.seed,
      backend: tf.getBackend(),
      trainMs: performance.now() - started,
      finalLoss: loss,
      heldOut: powerMetrics(heldOut, (lap) => predictKw(model, lap.x)),
      baseline: baselineMetrics(train, heldOut),
    };
    return { saved: encodeSavedModel({ ...base, training: report }, artifacts), model, report };
  } finally {
    net.dispose();
  }
}
