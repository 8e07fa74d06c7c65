// Trains a tiny power-demand model on demo laps in Node (tfjs cpu backend), checks that its held-out
// error beats the baseline that predicts the training mean, that the saved JSON round-trips (plain
// network and tfjs agree), that estimateLapEnergy integrates to the measured lap energy, and that the
// committed model (models/power-demand/model.json) is small, decodes and estimates demo laps.

import { readFileSync, statSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import type { TrackModel } from '../../geometry/types.ts';
import { analyzeSession } from '../../laps/analyze.ts';
import { cpuKernels } from '../cpu/index.ts';
import { DEMO_CAR_ENERGY } from '../presets.ts';
import { sessionEnergy, type SessionEnergy } from '../session-energy.ts';
import { splitLaps, type LapRows, type PowerDataset } from './dataset.ts';
import { estimateLapEnergy } from './estimate.ts';
import { powerMetrics } from './evaluate.ts';
import { FEATURE_NAMES, trackFeatures } from './features.ts';
import { predictKw } from './mlp.ts';
import { decodeSavedModel, type SavedPowerModel } from './saved-model.ts';
import { sessionPowerDataset } from './session-dataset.ts';
import { pickTfBackend } from './tf-backend.ts';
import { loadTfModel, tfArtifacts, trainPowerModel, type TrainResult } from './train.ts';

const COMMITTED = new URL('../../../models/power-demand/model.json', import.meta.url);

describe('power-demand model trained on demo laps (tfjs cpu backend)', () => {
  let model: TrackModel;
  let energy: SessionEnergy;
  let data: PowerDataset;
  let train: LapRows[];
  let heldOut: LapRows[];
  let result: TrainResult;
  const epochsSeen: number[] = [];

  beforeAll(async () => {
    expect((await pickTfBackend('cpu')).backend).toBe('cpu');
    const session = generateDemo({ seed: 2026, drivers: 1, laps: 3 }).sessions[0];
    const analysis = analyzeSession(session);
    model = analysis.model!;
    energy = await sessionEnergy(cpuKernels(), session, analysis, DEMO_CAR_ENERGY);
    data = sessionPowerDataset(model, energy.laps);
    ({ train, heldOut } = splitLaps(data.laps));
    result = await trainPowerModel(train, heldOut, { epochs: 8, seed: 3, source: 'test', onEpoch: (e) => epochsSeen.push(e) });
  });

  it('trains on two laps and holds one out, reporting each epoch', () => {
    expect(data.laps.map((l) => l.lap)).toEqual([2, 3, 4]);
    expect(result.report.trainLaps).toEqual([2, 3]);
    expect(result.report.heldOutLaps).toEqual([4]);
    expect(epochsSeen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.report.backend).toBe('cpu');
    expect(Number.isFinite(result.report.finalLoss)).toBe(true);
  });

  it('beats the training-mean baseline on the held-out lap (MAE and RMSE in kW) and gets the lap energy within 5 %', () => {
    const { heldOut: m, baseline: b } = result.report;
    for (const t of [0, 1]) {
      expect(m.maeKw[t]).toBeLessThan(0.4 * b.maeKw[t]);
      expect(m.rmseKw[t]).toBeLessThan(0.5 * b.rmseKw[t]);
    }
    // sanity of the scale: the demo car averages ~50 kW of traction over a lap and peaks near 170 kW
    expect(b.maeKw[0]).toBeGreaterThan(20);
    expect(Math.abs(m.lapEnergyErrorPct[0].tractionPct)).toBeLessThan(5);
    expect(Math.abs(m.lapEnergyErrorPct[0].brakingPct)).toBeLessThan(5);
  });

  it('round-trips through the saved JSON: the plain network and tfjs give the same predictions', async () => {
    const saved = JSON.parse(JSON.stringify(result.saved)) as SavedPowerModel;
    expect(saved.training?.heldOutLaps).toEqual([4]);
    const decoded = decodeSavedModel(saved);
    const lap = heldOut[0];
    const plain = predictKw(decoded, lap.x);
    expect(Array.from(plain)).toEqual(Array.from(predictKw(result.model, lap.x)));

    const net = await loadTfModel(saved);
    const F = FEATURE_NAMES.length;
    const rows = 500;
    const xn = new Float32Array(rows * F);
    for (let i = 0; i < xn.length; i++) xn[i] = (lap.x[i] - saved.featureMean[i % F]) / saved.featureStd[i % F];
    const out = tf.tidy(() => (net.predict(tf.tensor2d(xn, [rows, F])) as tf.Tensor).dataSync());
    for (let r = 0; r < rows; r++) {
      for (const t of [0, 1]) expect(Math.max(0, out[2 * r + t] * saved.targetScaleKw[t])).toBeCloseTo(plain[2 * r + t], 2);
    }
    // saving the reloaded network again gives the same bytes
    const again = await tfArtifacts(net);
    expect(new Uint8Array(again.weightData)).toEqual(new Uint8Array(Uint8Array.from(atob(saved.weightDataBase64), (c) => c.charCodeAt(0))));
    net.dispose();
  });

  it('estimates an undriven lap from its speed profile alone: energies close to the measured lap, per metre summing to the totals', () => {
    const lap = energy.laps.find((l) => l.lap === 4)!;
    const est = estimateLapEnergy(trackFeatures(model.grid, model.corners), { speedMs: lap.perMetre.speedMs }, result.model);
    const measuredBraking = lap.brakeFrontJ + lap.brakeRearJ + lap.engineBrakeJ;
    expect(Math.abs(est.tractionJ - lap.tractionJ) / lap.tractionJ).toBeLessThan(0.05);
    expect(Math.abs(est.brakingJ - measuredBraking) / measuredBraking).toBeLessThan(0.05);
    expect(Math.abs(est.timeS - lap.lapTimeS) / lap.lapTimeS).toBeLessThan(0.01);
    expect(est.perMetre.tractionJ.reduce((s, v) => s + v, 0)).toBeCloseTo(est.tractionJ, 3);
    expect(est.perMetre.brakingW.length).toBe(lap.perMetre.bins);
  });

  it('ships a committed model under 1 MB that decodes and beats the baseline on these demo laps', () => {
    expect(statSync(COMMITTED).size).toBeLessThan(1_000_000);
    const saved = JSON.parse(readFileSync(COMMITTED, 'utf8')) as SavedPowerModel;
    const committed = decodeSavedModel(saved);
    expect(saved.training?.source).toMatch(/demo session/);
    const m = powerMetrics(data.laps, (lap) => predictKw(committed, lap.x));
    const b = result.report.baseline;
    for (const t of [0, 1]) expect(m.maeKw[t]).toBeLessThan(0.4 * b.maeKw[t]);
    for (const l of m.lapEnergyErrorPct) {
      expect(Math.abs(l.tractionPct)).toBeLessThan(5);
      expect(Math.abs(l.brakingPct)).toBeLessThan(5);
    }
  });
});
