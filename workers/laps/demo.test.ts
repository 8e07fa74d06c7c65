// Acceptance on the demo session (generateDemo, the seed the app ships): lap times, delta-time at every
// metre and brake points against the generator's ground truth, on the demo circuit's own centre line.

import { beforeAll, describe, expect, it } from 'vitest';
import { lapTimesAlongDistance } from '../demo/distance-truth.ts';
import { DEFAULT_DEMO_SEED, generateDemo, type DemoResult } from '../demo/generate.ts';
import { buildTrackModel } from '../geometry/build.ts';
import type { TrackModel } from '../geometry/types.ts';
import { analyzeSession, lapOnGrid, type SessionAnalysis } from './analyze.ts';
import { cornerMetrics } from './corner-metrics.ts';
import { deltaTime } from './delta.ts';
import type { DistanceLap } from './types.ts';

let demo: DemoResult;
let model: TrackModel;
const analyses: SessionAnalysis[] = [];
const grids: DistanceLap[][] = [];

beforeAll(() => {
  demo = generateDemo({ seed: DEFAULT_DEMO_SEED });
  const cl = demo.truth.track.centreline;
  model = buildTrackModel({
    name: demo.truth.track.name,
    sourceFormat: 'csv',
    sourceFile: 'demo centre line',
    points: { frame: 'wgs84', latDeg: Float64Array.from(cl.latDeg), lonDeg: Float64Array.from(cl.lonDeg) },
  });
  demo.sessions.forEach((s, i) => {
    analyses[i] = analyzeSession(s, model);
    grids[i] = analyses[i].split.laps.filter((l) => l.complete).map((l) => lapOnGrid(s, analyses[i], l.lap)!);
  });
});

const percentile = (v: Float64Array, p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))];

describe('laps on the demo session', () => {
  it('times every flying lap to within 15 ms of the generator, and flags the out- and in-laps', () => {
    demo.truth.drivers.forEach((d, i) => {
      const laps = analyses[i].split.laps;
      const complete = laps.filter((l) => l.complete);
      expect(complete.map((l) => l.lap)).toEqual(d.laps.map((l) => l.lap));
      complete.forEach((l, k) => expect(Math.abs(l.lapTimeS - d.laps[k].lapTimeS), `${d.driver} lap ${l.lap}`).toBeLessThan(0.015));
      expect(complete.every((l) => l.flags.length === 0)).toBe(true);
      expect(laps[0].flags).toEqual(expect.arrayContaining(['partial', 'out-lap']));
      expect(laps[laps.length - 1].flags).toEqual(expect.arrayContaining(['partial', 'in-lap']));
    });
  });

  it('gives the delta-time between any two laps of a car at every metre, close to the generator’s', () => {
    const errors: number[] = [];
    demo.truth.drivers.forEach((d, i) => {
      const truth = lapTimesAlongDistance(demo.trajectories[i], 1);
      const g = grids[i];
      for (let a = 0; a < g.length; a++) {
        for (let b = a + 1; b < g.length; b++) {
          const delta = deltaTime(g[b], g[a]);
          const ta = truth.find((x) => x.lap === g[a].lap)!;
          const tb = truth.find((x) => x.lap === g[b].lap)!;
          for (let m = 0; m < delta.deltaS.length; m++) errors.push(Math.abs(delta.deltaS[m] - (tb.timeS[m] - ta.timeS[m])));
        }
      }
    });
    const sorted = Float64Array.from(errors).sort();
    // Measured (seed 2026): median 0.0026 s, p95 0.0092 s, p99 0.0134 s, worst 0.024 s (before the driven-line
    // smoother: 0.004 / 0.013 / 0.018 / 0.047 s). The worst metres are at the hairpin and the 55 m bend of the
    // least consistent driver: her line wanders by up to 0.45 m, and through a medium bend neither the yaw rate
    // nor 0.3 m of correlated GPS error can tell a parallel shift of the line from a gentle bend of it
    // (see workers/laps/README.md): 0.02 s is not met at every metre there.
    expect(percentile(sorted, 0.5)).toBeLessThan(0.004);
    expect(percentile(sorted, 0.95)).toBeLessThan(0.012);
    expect(percentile(sorted, 0.99)).toBeLessThan(0.017);
    expect(sorted[sorted.length - 1]).toBeLessThan(0.03);
  });

  it('finds every planted brake point within 5 m', () => {
    let matched = 0;
    demo.truth.drivers.forEach((d, i) => {
      for (const g of grids[i]) {
        const found = cornerMetrics(g, model.corners).map((c) => c.brakePointM).filter(Number.isFinite);
        for (const bp of d.brakePoints.filter((b) => b.lap === g.lap)) {
          const nearest = Math.min(...found.map((x) => Math.abs(x - bp.distanceM)));
          expect(nearest, `${d.driver} lap ${g.lap} ${bp.cornerName}`).toBeLessThan(5);
          matched++;
        }
      }
    });
    expect(matched).toBeGreaterThan(200);
  });
});
