// The model worker's comlink contract, run in Node over a MessageChannel standing in for the worker's
// global scope (tfjs cpu backend): keep a demo session's dataset, evaluate the committed model on it,
// train a small model with progress per epoch, and estimate a lap from its speed profile alone.

import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.ts';
import { analyzeSession } from '../../laps/analyze.ts';
import { cpuKernels } from '../cpu/index.ts';
import { DEMO_CAR_ENERGY } from '../presets.ts';
import { sessionEnergy } from '../session-energy.ts';
import { datasetTransferables, type PowerDataset } from './dataset.ts';
import { trackFeatures, type TrackFeatures } from './features.ts';
import type { ModelProgress, ModelWorkerApi } from './model.worker.ts';
import type { SavedPowerModel } from './saved-model.ts';
import { sessionPowerDataset } from './session-dataset.ts';
import { wrapWorkerModule } from '../../../tests/support/worker-in-node.ts';

let api: Comlink.Remote<ModelWorkerApi>;
let data: PowerDataset;
let track: TrackFeatures;
let lap4: { speedMs: Float64Array; tractionJ: number };

beforeAll(async () => {
  api = await wrapWorkerModule<ModelWorkerApi>(() => import('./model.worker.ts'));
  const session = generateDemo({ seed: 11, drivers: 1, laps: 3 }).sessions[0];
  const analysis = analyzeSession(session);
  const energy = await sessionEnergy(cpuKernels(), session, analysis, DEMO_CAR_ENERGY);
  data = sessionPowerDataset(analysis.model!, energy.laps);
  track = trackFeatures(analysis.model!.grid, analysis.model!.corners);
  const l = energy.laps.find((x) => x.lap === 4)!;
  lap4 = { speedMs: Float64Array.from(l.perMetre.speedMs), tractionJ: l.tractionJ };
});

describe('model worker', () => {
  it('evaluates the committed model on a session and trains a new one with progress', async () => {
    expect(await api.setDataset('s', Comlink.transfer(data, datasetTransferables(data)))).toEqual({ laps: [2, 3, 4], bins: track.bins });
    await expect(api.evaluate('other', {} as SavedPowerModel)).rejects.toThrow(/setDataset/);
    await expect(api.estimate(track, { speedMs: lap4.speedMs })).rejects.toThrow(/no model/);

    const committed = JSON.parse(readFileSync(new URL('../../../models/power-demand/model.json', import.meta.url), 'utf8')) as SavedPowerModel;
    const e = await api.evaluate('s', committed, 3);
    expect(e.model).toBe('committed');
    expect(e.trace.lap).toBe(3);
    expect(e.trace.predictedTractionKw.length).toBe(track.bins);
    expect(e.laps.map((l) => l.lap)).toEqual([2, 3, 4]);
    for (const l of e.laps) expect(Math.abs(l.estimatedTractionJ / l.measuredTractionJ - 1)).toBeLessThan(0.05);

    const seen: ModelProgress[] = [];
    const t = await api.train('s', { epochs: 3, backend: 'cpu' }, Comlink.proxy((p: ModelProgress) => void seen.push(p)));
    expect(t.backend.backend).toBe('cpu');
    expect(t.training!.heldOutLaps).toEqual([4]);
    expect(t.trace.lap).toBe(4);
    expect(t.laps.filter((l) => l.heldOut).map((l) => l.lap)).toEqual([4]);
    expect(t.metrics.maeKw[0]).toBeLessThan(t.training!.baseline.maeKw[0]);
    await new Promise((r) => setTimeout(r, 50)); // progress travels on the proxy's own channel
    expect(seen.filter((p) => p.epoch !== undefined).map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(seen.at(-1)).toMatchObject({ step: 'done', fraction: 1 });

    // the model trained last estimates lap 4 from its speed profile; its held-out row says the same
    const est = await api.estimate(track, { speedMs: lap4.speedMs });
    const row = t.laps.find((l) => l.lap === 4)!;
    expect(est.tractionJ).toBeCloseTo(row.estimatedTractionJ, 3);
    expect(row.measuredTractionJ).toBeCloseTo(lap4.tractionJ, 6);
  });
});
