// The energy worker's comlink contract, run in Node over a MessageChannel standing in for the worker's
// global scope (no WebGPU here, so it reports the CPU path and why): analyse a session, edit the vehicle,
// fetch per-metre arrays, the raster and the lap matrix. (Its WebGPU path runs in tests/browser/webgpu-parity.ts.)

import * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import type { EnergyProgress, EnergyWorkerApi } from './energy.worker.ts';
import { DEMO_CAR_ENERGY } from './presets.ts';
import { wrapWorkerModule } from '../../tests/support/worker-in-node.ts';

let api: Comlink.Remote<EnergyWorkerApi>;

beforeAll(async () => {
  api = await wrapWorkerModule<EnergyWorkerApi>(() => import('./energy.worker.ts'));
});

describe('energy worker', () => {
  it('reports its backend, analyses a session and answers per lap, per metre, raster and matrix', async () => {
    const info = await api.init('auto');
    expect(info).toMatchObject({ backend: 'cpu', adapterInfo: null });
    expect(info.reason).toMatch(/WebGPU is not available/);
    await expect(api.init('webgpu')).rejects.toThrow(/WebGPU requested but unavailable/);
    expect((await api.init('cpu')).backend).toBe('cpu');

    const session = generateDemo({ seed: 11, drivers: 1, laps: 2 }).sessions[0];
    expect((await api.presets(session.meta)).suggested).toBe('demo');
    const seen: EnergyProgress[] = [];
    const overview = await api.analyze('s1', session, {}, Comlink.proxy((p: EnergyProgress) => void seen.push(p)));
    expect(overview.backend.backend).toBe('cpu');
    expect(overview.vehicle).toEqual(DEMO_CAR_ENERGY);
    expect(overview.vehicleSource).toBe('demo');
    expect(overview.laps.map((l) => l.lap)).toEqual([2, 3]);
    expect(overview.laps[0]).not.toHaveProperty('perMetre');
    expect(overview.laps[0].closure).toBeLessThan(0.005);
    await new Promise((r) => setTimeout(r, 50)); // progress travels on the proxy's own channel
    expect(seen.at(-1)).toEqual({ step: 'done', fraction: 1 });
    expect(seen.some((p) => p.fraction > 0 && p.fraction < 1)).toBe(true);

    const heavier = await api.setVehicle('s1', { ...DEMO_CAR_ENERGY, massKg: DEMO_CAR_ENERGY.massKg + 100 });
    expect(heavier.laps[0].rollingJ / overview.laps[0].rollingJ).toBeCloseTo((DEMO_CAR_ENERGY.massKg + 100) / DEMO_CAR_ENERGY.massKg, 9);
    expect(heavier.vehicleSource).toBe('stored');
    expect((await api.setVehicle('s1', DEMO_CAR_ENERGY, 'demo')).vehicleSource).toBe('demo');
    await expect(api.setVehicle('s1', { ...DEMO_CAR_ENERGY, massKg: -1 })).rejects.toThrow(/massKg/);

    const pm = await api.perMetre('s1', 2);
    expect(pm.wheelJ).toBeInstanceOf(Float64Array);
    expect(pm.values.tractionJ.length).toBe(pm.bins);
    const raster = await api.raster('s1', 2, 'tractionJ');
    expect(raster.value.length).toBe(raster.cols * raster.rows);
    const max = (a: Float64Array) => a.reduce((x, y) => Math.max(x, y), -Infinity);
    expect(max(raster.value)).toBeCloseTo(max(pm.values.tractionJ), 6);
    const m = await api.lapMatrix('s1');
    expect(m.lapNumbers).toEqual([2, 3]);
    expect(m.values.finalDeltaS[1]).toBeCloseTo(heavier.laps[0].lapTimeS - heavier.laps[1].lapTimeS, 9);
    const { corners, sectors } = await api.segments('s1', 3);
    expect(corners.length).toBeGreaterThan(5);
    expect(sectors.length).toBe(3);
    await expect(api.perMetre('s1', 99)).rejects.toThrow(/no energy for lap 99/);
    await expect(api.analyze('unknown', null)).rejects.toThrow(/pass it/);
  });
});
