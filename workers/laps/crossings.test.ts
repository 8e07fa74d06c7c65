import { describe, expect, it } from 'vitest';
import { CANONICAL } from '../model/channels.ts';
import type { Channel, Session } from '../model/session.ts';
import { counterCrossings, estimateTimingLineM, refineCrossings, timingNoise } from './crossings.ts';
import { alignSession } from './map-match.ts';
import { stadiumModel, syntheticRun } from './test-fixtures.ts';

function ch(name: string, t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit: CANONICAL[name]?.unit ?? '', kind: CANONICAL[name]?.kind ?? 'continuous', timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

function session(channels: Channel[]): Session {
  return { meta: { event: '', sessionName: '', track: '', vehicleId: 'X', vehicleNumber: '', driver: '', startTimeMs: null, sourceFile: 'x', sourceFormat: 'test' }, channels };
}

describe('timing-line crossings', () => {
  it('bounds each lap-counter change by the last moment the old lap was seen', () => {
    // a dense counter (every tick): the previous tick
    const dense = session([ch('lap', [0, 0.05, 0.1, 30, 30.05, 30.1, 60, 60.05], [2, 2, 2, 2, 3, 3, 3, 4]), ch('speed', [0, 30.02, 60], [20, 20, 20])]);
    const c = counterCrossings(dense);
    expect(c.map((x) => [x.lowerS, x.upperS])).toEqual([[30, 30.05], [60, 60.05]]);
    // a counter stored as its changes (long format): the last row of any channel before the change; the
    // first value counts when it appears long after the recording started (the counter had been lost)
    const sparse = session([ch('lap', [10, 40.05, 70.05], [1, 2, 3]), ch('speed', [0, 9.97, 40.01, 70.02, 80], [20, 20, 20, 20, 20])]);
    const s = counterCrossings(sparse);
    expect(s.map((x) => [x.lowerS, x.upperS])).toEqual([[9.97, 10], [40.01, 40.05], [70.02, 70.05]]);
    // …but not when it is there from the start; a change 5 s after another is a glitch
    const glitch = session([ch('lap', [0, 30, 35, 60], [1, 2, 3, 4]), ch('speed', [0, 60], [20, 20])]);
    expect(counterCrossings(glitch).map((x) => x.upperS)).toEqual([30, 60]);
  });

  it('finds the line where a coarse (5 Hz) counter changes and times each crossing inside its interval from the GPS', () => {
    const run = syntheticRun({ laps: 8, gpsNoiseM: 0.3, seed: 11 });
    const model = stadiumModel();
    const al = alignSession(run.session, model)!;
    // decimate the counter to 5 Hz, as in a downsampled export
    const lap = run.session.channels.find((c) => c.name === 'lap')!;
    const keep = [...lap.timeS.keys()].filter((i) => i % 4 === 0);
    const coarse = session([ch('lap', keep.map((i) => lap.timeS[i]), keep.map((i) => lap.values[i]))]);
    const raw = counterCrossings(coarse);
    expect(raw).toHaveLength(9); // into laps 2…10
    const line = estimateTimingLineM(al, raw);
    // the counter changes at the line (distance 0): found to within a metre
    expect(Math.min(line, model.grid.lengthM - line)).toBeLessThan(1);
    const refined = refineCrossings(al, raw, line);
    const lapErr = (cs: typeof raw) => cs.slice(1).map((c, k) => Math.abs(c.timeS - cs[k].timeS - (run.crossingsS[k + 1] - run.crossingsS[k])));
    const rawWorst = Math.max(...lapErr(raw));
    const refinedWorst = Math.max(...lapErr(refined));
    expect(rawWorst).toBeGreaterThan(0.05);
    expect(refinedWorst).toBeLessThan(0.02);
    for (const c of refined) expect(c.timeS >= c.lowerS && c.timeS <= c.upperS).toBe(true);
    expect(refined.every((c, k) => Math.abs(c.timeS - run.crossingsS[k]) < 0.03)).toBe(true);
  });

  it('keeps a counter logged finer than the GPS can time it as logged', () => {
    const run = syntheticRun({ laps: 6, gpsCorrelatedM: 4, seed: 5 });
    const al = alignSession(run.session, stadiumModel())!;
    const raw = counterCrossings(run.session);
    const refined = refineCrossings(al, raw, estimateTimingLineM(al, raw));
    expect(refined.map((c) => c.timeS)).toEqual(raw.map((c) => c.timeS));
  });

  it('estimates the spread of the GPS crossing times by maximum likelihood', () => {
    // true times uniform in 0.2 s intervals, measured with 30 ms of noise and a 10 ms offset
    let x = 12345;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const recs = Array.from({ length: 200 }, (_, k) => {
      const lo = k * 100;
      const truth = lo + 0.2 * rand();
      const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
      return { lo, hi: lo + 0.2, a: truth + 0.01 + 0.03 * g };
    });
    const { sigmaS, offsetS } = timingNoise(recs);
    expect(sigmaS).toBeGreaterThan(0.022);
    expect(sigmaS).toBeLessThan(0.04);
    expect(offsetS).toBeCloseTo(0.01, 2);
  });
});
