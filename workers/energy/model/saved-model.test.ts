import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, TARGET_NAMES } from './features.ts';
import { predictKw } from './mlp.ts';
import { base64ToBytes, bytesToBase64, decodeSavedModel, encodeSavedModel, joinWeightData, type SavedPowerModel, type TfArtifacts } from './saved-model.ts';

const F = FEATURE_NAMES.length;

/** A hand-made network: hidden ReLU unit h = relu(x0 − x1), outputs (2h, 1 − h); features standardised with mean 1, std 2. */
function handMade(): SavedPowerModel {
  const kernel1 = new Float32Array(F);
  kernel1[0] = 1;
  kernel1[1] = -1;
  const weights = [kernel1, new Float32Array([0]), new Float32Array([2, -1]), new Float32Array([0, 1])];
  const bytes = new Uint8Array(weights.reduce((n, w) => n + w.byteLength, 0));
  let o = 0;
  for (const w of weights) {
    bytes.set(new Uint8Array(w.buffer), o);
    o += w.byteLength;
  }
  const artifacts: TfArtifacts = {
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'power',
        layers: [
          { class_name: 'Dense', config: { name: 'hidden1', units: 1, activation: 'relu', use_bias: true } },
          { class_name: 'Dense', config: { name: 'power', units: 2, activation: 'linear', use_bias: true } },
        ],
      },
    },
    weightSpecs: [
      { name: 'hidden1/kernel', shape: [F, 1], dtype: 'float32' },
      { name: 'hidden1/bias', shape: [1], dtype: 'float32' },
      { name: 'power/kernel', shape: [1, 2], dtype: 'float32' },
      { name: 'power/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: bytes.buffer,
  };
  return encodeSavedModel(
    { featureNames: [...FEATURE_NAMES], targetNames: [...TARGET_NAMES], featureMean: new Array(F).fill(1), featureStd: new Array(F).fill(2), targetScaleKw: [10, 100], derivativeHalfWindowM: 5, training: null },
    artifacts,
  );
}

describe('saved power model', () => {
  it('encodes bytes as base64 and back, and joins split weight buffers', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 37) & 255);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(new Uint8Array(joinWeightData([new Uint8Array([1, 2]).buffer, new Uint8Array([3]).buffer]))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('decodes a hand-made network and predicts with it (standardised inputs, scaled and clamped outputs)', () => {
    const model = decodeSavedModel(JSON.parse(JSON.stringify(handMade())));
    expect(model.layers.map((l) => [l.inputs, l.units, l.activation])).toEqual([[F, 1, 'relu'], [1, 2, 'linear']]);
    const x = new Float32Array(2 * F).fill(1);
    x[0] = 7; // row 0: h = relu((7 − 1)/2 − 0) = 3 → (6, −2) → (60 kW, 0 kW clamped)
    x[F + 1] = 5; // row 1: h = relu(0 − 2) = 0 → (0, 1) → (0 kW, 100 kW)
    expect(Array.from(predictKw(model, x))).toEqual([60, 0, 0, 100]);
  });

  it('rejects what it cannot read', () => {
    const good = handMade();
    expect(() => decodeSavedModel({ ...good, format: 'other' } as unknown as SavedPowerModel)).toThrow(/not a power-demand model/);
    expect(() => decodeSavedModel({ ...good, version: 99 })).toThrow(/version 99/);
    expect(() => decodeSavedModel({ ...good, featureNames: ['speedMs'] })).toThrow(/features/);
    expect(() => decodeSavedModel({ ...good, weightDataBase64: bytesToBase64(new Uint8Array(8)) })).toThrow(/bytes/);
    const topology = good.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } };
    const tanh = structuredClone(good);
    (tanh.modelTopology as typeof topology).config.layers[0].config.activation = 'tanh';
    expect(() => decodeSavedModel(tanh)).toThrow(/activation tanh/);
  });
});
