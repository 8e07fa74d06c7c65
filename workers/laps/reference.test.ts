import { describe, expect, it } from 'vitest';
import { lapGridDistances } from './distance-grid.ts';
import { fastestCleanLap, isClean, referenceLaps, theoreticalBestFromCorners, theoreticalBestFromSectors } from './reference.ts';
import type { Corner } from '../geometry/types.ts';
import type { DistanceLap, LapFlag, LapRecord } from './types.ts';

function lap(n: number, sectors: number[], flags: LapFlag[] = []): LapRecord {
  const t = sectors.reduce((a, b) => a + b, 0);
  return { lap: n, startTimeS: 100 * n, endTimeS: 100 * n + t, lapTimeS: t, complete: true, sectorsS: sectors, flags, startSource: 'lap-counter', endSource: 'lap-counter', baseDistanceM: 0 };
}

const corner = (number: number, entryM: number, apexM: number, exitM: number): Corner => ({
  number, name: `T${number}`, entryM, apexM, exitM, direction: 'left', minRadiusM: 50, turningAngleDeg: 90, cornerClass: 'slow', chicane: null,
});

/** A 1000 m lap whose pace over [0, 500) and [500, 1000] is given. */
function gridLap(n: number, firstHalfMs: number, secondHalfMs: number): DistanceLap {
  const distanceM = lapGridDistances(1000);
  const timeS = distanceM.map((d) => (d <= 500 ? d / firstHalfMs : 500 / firstHalfMs + (d - 500) / secondHalfMs));
  return { lap: n, lengthM: 1000, distanceM, timeS, startTimeS: 0, lateralM: new Float64Array(distanceM.length), channels: {}, units: {} };
}

describe('reference and theoretical best laps', () => {
  const laps = [lap(2, [30, 31, 32]), lap(3, [29.5, 31.5, 32]), lap(4, [29, 30, 31], ['caution']), lap(5, [30, 30.8, 32.1]), { ...lap(6, [1, 1, 1]), complete: false, lapTimeS: NaN, flags: ['partial'] as LapFlag[] }];

  it('takes the fastest clean lap as the reference, per session and per driver', () => {
    expect(laps.filter(isClean).map((l) => l.lap)).toEqual([2, 3, 5]);
    expect(fastestCleanLap(laps)?.lap).toBe(5);
    const { perSession, perDriver } = referenceLaps([
      { sessionId: 'a', driver: 'Ann', laps },
      { sessionId: 'b', driver: 'Ann', laps: [lap(7, [29.8, 30.8, 32])] },
      { sessionId: 'c', driver: 'Bob', laps: [lap(1, [40, 40, 40], ['out-lap'])] },
    ]);
    expect(perSession.get('a')?.lap).toBe(5);
    expect(perDriver.get('Ann')).toMatchObject({ sessionId: 'b', lap: 7 });
    expect(perDriver.has('Bob')).toBe(false);
  });

  it('adds up the best sectors of the clean laps', () => {
    const best = theoreticalBestFromSectors(laps, ['A', 'B', 'C']);
    expect(best.parts.map((p) => [p.name, p.timeS, p.lap])).toEqual([['A', 29.5, 3], ['B', 30.8, 5], ['C', 32, 2]]);
    expect(best.timeS).toBeCloseTo(92.3, 9);
  });

  it('adds up the best corner segments', () => {
    const corners = [corner(1, 200, 250, 300), corner(2, 700, 750, 800)];
    // segment boundary: middle of 300 and 700 = 500
    const best = theoreticalBestFromCorners([gridLap(1, 20, 25), gridLap(2, 25, 20)], corners);
    expect(best.parts.map((p) => p.lap)).toEqual([2, 1]);
    expect(best.timeS).toBeCloseTo(500 / 25 + 500 / 25, 9);
    expect(theoreticalBestFromCorners([], corners).timeS).toBeNaN();
  });
});
