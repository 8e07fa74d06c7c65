// The power-demand network as plain typed arrays (dense layers, ReLU or linear), and its forward pass
// in float64: estimates need no TensorFlow.js, run synchronously in any worker, and match tfjs's own
// predictions (checked in the tests).

export interface DenseLayer {
  inputs: number;
  units: number;
  activation: 'relu' | 'linear';
  /** inputs × units, row-major (Keras layout). */
  kernel: Float32Array;
  bias: Float32Array;
}

export interface PowerDemandModel {
  featureNames: string[];
  targetNames: string[];
  featureMean: Float64Array;
  featureStd: Float64Array;
  targetScaleKw: Float64Array;
  derivativeHalfWindowM: number;
  layers: DenseLayer[];
}

/** (x − mean) ÷ std per column, as float32 (what the network sees). */
export function normalizeRows(x: Float32Array, mean: ArrayLike<number>, std: ArrayLike<number>): Float32Array {
  const F = mean.length;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const f = i % F;
    out[i] = (x[i] - mean[f]) / std[f];
  }
  return out;
}

/**
 * Predicted power per row, kW (rows × targets, row-major), clamped at 0: tractive and braking power are
 * magnitudes. `x` holds raw feature rows (model.featureNames order).
 */
export function predictKw(model: PowerDemandModel, x: Float32Array): Float64Array {
  const F = model.featureNames.length;
  if (x.length % F !== 0) throw new RangeError(`predict: ${x.length} values is not a whole number of ${F}-feature rows`);
  const rows = x.length / F;
  const T = model.targetNames.length;
  const out = new Float64Array(rows * T);
  const widest = Math.max(F, ...model.layers.map((l) => l.units));
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) a[f] = (x[r * F + f] - model.featureMean[f]) / model.featureStd[f];
    for (const layer of model.layers) {
      const { inputs, units, kernel, bias } = layer;
      for (let u = 0; u < units; u++) {
        let s = bias[u];
        for (let i = 0; i < inputs; i++) s += a[i] * kernel[i * units + u];
        b[u] = layer.activation === 'relu' && s < 0 ? 0 : s;
      }
      [a, b] = [b, a];
    }
    for (let t = 0; t < T; t++) out[r * T + t] = Math.max(0, a[t] * model.targetScaleKw[t]);
  }
  return out;
}
