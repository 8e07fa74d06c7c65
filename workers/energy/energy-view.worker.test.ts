// The energy view's worker calls, run in Node over a MessageChannel standing in for the worker's global
// scope: two sessions of one track sharing a map, the FlowGrid of a lap and of A − B (same session and
// driver vs driver), and the power-demand model's dataset.

import * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import type { EnergyWorkerApi } from './energy.worker.ts';
import { wrapWorkerModule } from '../../tests/support/worker-in-node.ts';

let energy: Comlink.Remote<EnergyWorkerApi>;

beforeAll(async () => {
  energy = await wrapWorkerModule<EnergyWorkerApi>(() => import('./energy.worker.ts'));
  await energy.init('cpu');
  const [one, two] = generateDemo({ seed: 11, drivers: 2, laps: 3 }).sessions;
  await energy.analyze('one', one, { shareTrack: true });
  await energy.analyze('two', two, { shareTrack: true });
  await energy.analyze('alone', generateDemo({ seed: 11, drivers: 2, laps: 2 }).sessions[1]);
});

describe('energy worker: FlowGrid', () => {
  it('shows a lap: net power per metre on the raster (both braking and traction), vectors and ribbons', async () => {
    const f = await energy.flowGrid({ sessionId: 'one', lap: 2 });
    expect(f.mode).toBe('lap');
    expect(f.backend.backend).toBe('cpu');
    expect(f.delta).toBeNull();
    expect(f.a.netKw.length).toBe(f.bins);
    const inside = f.raster.valueKw.filter(Number.isFinite);
    expect(inside.length).toBeGreaterThan(f.bins * 5); // a track several metres wide
    expect(Math.min(...inside)).toBeLessThan(-200); // hard braking, kW
    expect(Math.max(...inside)).toBeGreaterThan(100); // full throttle, kW
    expect(f.limitsKw.negative).toBeGreaterThan(f.limitsKw.positive); // braking peaks above traction
    expect(f.limitsKw.positive).toBeGreaterThan(50);
    // the vectors carry the net wheel energy along the heading
    const j = f.a.netKw.findIndex((v) => v > 50);
    expect(Math.hypot(f.vectorXJ[j], f.vectorYJ[j]) / 1000).toBeCloseTo((f.a.netKw[j] * 1) / (f.a.speedKmh[j] / 3.6), 0);
    expect(f.totalsA.tractionKJ).toBeGreaterThan(1000);
    expect(f.ribbons.power.signed).toBe(true);
    expect(f.ribbons.speed.signed).toBe(false);
    expect(f.ribbons.speed.positions.length).toBeGreaterThan(1000);
  });

  it('shows A − B for two laps of a session and for two drivers on the shared map', async () => {
    const [a, b, d] = await Promise.all([energy.flowGrid({ sessionId: 'one', lap: 2 }), energy.flowGrid({ sessionId: 'one', lap: 3 }), energy.flowGrid({ sessionId: 'one', lap: 2 }, { sessionId: 'one', lap: 3 })]);
    expect(d.mode).toBe('difference');
    for (const j of [100, 1000, 2500]) {
      expect(d.delta!.netKw[j]).toBeCloseTo(a.a.netKw[j] - b.a.netKw[j], 3);
      expect(d.shownKw[j]).toBe(d.delta!.netKw[j]);
    }
    expect(d.totalsB!.tractionKJ).toBeCloseTo(b.totalsA.tractionKJ, 6);
    expect(d.ribbons.speed.signed).toBe(true);

    const drivers = await energy.flowGrid({ sessionId: 'one', lap: 2 }, { sessionId: 'two', lap: 2 });
    expect(drivers.bins).toBe(a.bins);
    expect(drivers.delta!.speedKmh.some((v) => Math.abs(v) > 1)).toBe(true);
    await expect(energy.flowGrid({ sessionId: 'one', lap: 2 }, { sessionId: 'alone', lap: 2 })).rejects.toThrow(/another track map/);
  });
});

describe('energy worker: model dataset', () => {
  it('gives per lap the feature rows, the measured powers and energies', async () => {
    const data = await energy.modelDataset('one');
    expect(data.laps.map((l) => l.lap)).toEqual([2, 3, 4]);
    expect(data.laps[0].x.length).toBe(data.bins * data.featureNames.length);
    expect(data.laps[0].y.length).toBe(data.bins * 2);
    const f = await energy.flowGrid({ sessionId: 'one', lap: 2 });
    expect(data.laps[0].tractionJ / 1000).toBeCloseTo(f.totalsA.tractionKJ, 6);
  });
});
