// The laps worker's comlink contract, in Node over a MessageChannel standing in for the worker's global
// scope: a session opened (sent by transfer), its laps, a lap on the grid with typed arrays, delta-time,
// corners and theoretical bests, errors as plain shapes.

import * as Comlink from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionTransferables } from '../model/session.ts';
import type { LapsWorkerApi } from './laps.worker.ts';
import { stadiumModel, syntheticRun } from './test-fixtures.ts';
import { wrapWorkerModule } from '../../tests/support/worker-in-node.ts';

let api: Comlink.Remote<LapsWorkerApi>;

beforeAll(async () => {
  api = await wrapWorkerModule<LapsWorkerApi>(() => import('./laps.worker.ts'));
});

describe('laps worker', () => {
  it('opens sessions and answers laps, grids, delta, corners and bests', async () => {
    const a = syntheticRun({ laps: 4, gpsNoiseM: 0.2 }).session;
    const b = syntheticRun({ laps: 3, gpsNoiseM: 0.2, slowLap: { lap: 3, factor: 0.95 }, seed: 9 }).session;
    const model = stadiumModel();
    const opened = await api.open('a', Comlink.transfer(a, sessionTransferables([a])), model);
    expect(a.channels[0].timeS.length).toBe(0); // transferred, not copied
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.timing).toBe('lap-counter');
    expect(opened.value.laps.filter((l) => l.complete).map((l) => l.lap)).toEqual([2, 3, 4, 5]);
    expect(opened.value.track).toMatchObject({ name: 'Stadium', fromSession: false, corners: 2 });
    expect((await api.open('b', b, model)).ok).toBe(true);

    const grid = await api.lapOnGrid('a', 3, ['speed']);
    expect(grid.ok && grid.value.timeS instanceof Float64Array && Object.keys(grid.value.channels)).toEqual(['speed']);
    const delta = await api.delta('b', 3, 'a', 3);
    expect(delta.ok).toBe(true);
    if (delta.ok) expect(delta.value.finalDeltaS).toBeGreaterThan(1);
    const corners = await api.corners('a', 3);
    expect(corners.ok && corners.value.every((c, k) => Math.abs(c.brakePointM - [160.5, 517.6][k]) < 0.5)).toBe(true);
    const best = await api.theoreticalBest('a');
    expect(best.ok && best.value.sectors.timeS).toBeGreaterThan(25);
    expect(best.ok && best.value.corners.parts).toHaveLength(2);

    const bad = await api.lapOnGrid('a', 42);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/lap 42/);
    expect(await api.close('a')).toBe(true);
    expect((await api.corners('a', 3)).ok).toBe(false);
  });
});
