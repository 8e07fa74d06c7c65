import { describe, expect, it } from 'vitest';
import { lapGridDistances, resampleLap, resampleLaps } from './distance-grid.ts';
import { deltaAt, deltaTime, timeAtDistanceOnLap, valueAtDistance } from './delta.ts';
import { splitLaps } from './lap-split.ts';
import { alignSession } from './map-match.ts';
import { stadiumModel, syntheticRun } from './test-fixtures.ts';

const model = stadiumModel();
const L = model.grid.lengthM;

describe('laps on the 1 m grid', () => {
  it('has a point at every metre of the lap and one at its end', () => {
    const d = lapGridDistances(714.159);
    expect(d.length).toBe(716);
    expect([d[0], d[1], d[714], d[715]]).toEqual([0, 1, 714, 714.159]);
    expect(lapGridDistances(3).length).toBe(4);
  });

  it('gives the time at every metre exactly, continuous channels linear in distance, discrete ones held', () => {
    const run = syntheticRun({ laps: 3 });
    const al = alignSession(run.session, model)!;
    const laps = splitLaps(run.session, al, model).laps.filter((l) => l.complete);
    const g = resampleLap(run.session, al, laps[1].lap, laps[1].baseDistanceM)!;
    expect(g.distanceM.length).toBe(Math.ceil(L) + 1);
    const t0 = run.timeAt(L); // lap 3 starts one lap after the first crossing
    let worst = 0;
    for (let i = 0; i < g.distanceM.length; i++) worst = Math.max(worst, Math.abs(g.startTimeS + g.timeS[i] - run.timeAt(L + g.distanceM[i])));
    expect(worst).toBeLessThan(0.005);
    expect(g.startTimeS).toBeCloseTo(t0, 2);
    // the grid runs line to line on the map: its last time is the true lap time; the logged counter's lap
    // time (kept as logged: too few laps to judge the GPS timing) is within one 20 Hz sample of it
    const trueLap = run.timeAt(2 * L) - run.timeAt(L);
    expect(Math.abs(g.timeS[g.timeS.length - 1] - trueLap)).toBeLessThan(0.005);
    expect(Math.abs(laps[1].lapTimeS - trueLap)).toBeLessThanOrEqual(0.05);
    // the brake pressure ramps 6 bar/m from the brake point at 160 m
    expect(g.channels.brake_front[165]).toBeCloseTo(30, 0);
    expect(g.units.brake_front).toBe('bar');
    // speed: 25 m/s on the straight, 24 m/s 2 m inside the 50 m turn
    expect(g.channels.speed[100]).toBeCloseTo(25, 1);
    expect(g.channels.speed[280]).toBeCloseTo(24, 1);
    // the lap counter held, the offset 2 m left, no positions in the channel list
    // (the logged counter changes at the first 20 Hz sample after the line: the first metre still shows the last lap)
    expect(g.channels.lap.slice(2).every((v) => v === laps[1].lap)).toBe(true);
    expect(g.channels.lap[0]).toBe(laps[1].lap - 1);
    expect(g.lateralM[300]).toBeCloseTo(2, 1);
    expect(g.channels.lat).toBeUndefined();
    // only the named channels, when asked
    expect(Object.keys(resampleLap(run.session, al, 3, laps[1].baseDistanceM, { channels: ['speed'] })!.channels)).toEqual(['speed']);
    // a lap the positions do not cover is not resampled
    expect(resampleLap(run.session, al, 99, laps[laps.length - 1].baseDistanceM + 2 * L)).toBeNull();
  });

  it('measures delta-time between two laps at every metre, as the time slip along the distance', () => {
    const run = syntheticRun({ laps: 4, slowLap: { lap: 4, factor: 0.9 }, gpsNoiseM: 0.2 });
    const al = alignSession(run.session, model)!;
    const grids = resampleLaps(run.session, al, splitLaps(run.session, al, model).laps);
    const ref = grids.find((g) => g.lap === 3)!;
    const slow = grids.find((g) => g.lap === 4)!;
    const d = deltaTime(slow, ref);
    let worst = 0;
    for (let i = 0; i < d.distanceM.length; i++) {
      const m = d.distanceM[i];
      const truth = run.timeAt(2 * L + m) - run.timeAt(2 * L) - (run.timeAt(L + m) - run.timeAt(L));
      worst = Math.max(worst, Math.abs(d.deltaS[i] - truth));
    }
    expect(worst).toBeLessThan(0.01);
    expect(d.finalDeltaS).toBeGreaterThan(2.5);
    expect(deltaAt(d, L, 100.5)).toBeCloseTo(0.5 * (d.deltaS[100] + d.deltaS[101]), 9);
    expect(timeAtDistanceOnLap(ref, L)).toBe(ref.timeS[ref.timeS.length - 1]);
    expect(valueAtDistance(ref, ref.timeS, -1)).toBeNaN();
    expect(() => deltaTime(slow, { ...ref, lengthM: L + 1 })).toThrow(RangeError);
  });
});
