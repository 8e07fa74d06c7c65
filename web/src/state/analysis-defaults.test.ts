import { describe, expect, it } from 'vitest';
import type { LapRecord } from '../../../workers/laps/types.ts';
import { carShort, cleanLapKeys, defaultCompareLaps, lapLabel } from './analysis-defaults.ts';

function lap(n: number, timeS: number, flags: LapRecord['flags'] = [], complete = true): LapRecord {
  return { lap: n, startTimeS: 0, endTimeS: timeS, lapTimeS: complete ? timeS : NaN, complete, sectorsS: [], flags, startSource: 'gps-line', endSource: 'gps-line', baseDistanceM: 0 };
}

describe('analysis defaults', () => {
  const laps = [lap(1, NaN, ['partial', 'out-lap'], false), lap(2, 107.1), lap(3, 106.5), lap(4, 120, ['caution']), lap(5, 106.9)];
  it('compares the two fastest clean laps, fastest as reference', () => {
    expect(defaultCompareLaps({ sessionId: 's', laps })).toEqual([
      { sessionId: 's', lap: 3 },
      { sessionId: 's', lap: 5 },
    ]);
  });
  it('falls back to complete laps when fewer than two are clean', () => {
    const few = [lap(1, 110, ['out-lap']), lap(2, 105), lap(3, NaN, ['partial'], false)];
    expect(defaultCompareLaps({ sessionId: 's', laps: few }).map((k) => k.lap)).toEqual([2, 1]);
  });
  it('lists clean laps fastest first', () => {
    expect(cleanLapKeys({ sessionId: 's', laps }).map((k) => k.lap)).toEqual([3, 5, 2]);
  });
  it('labels laps by car', () => {
    expect(lapLabel({ vehicleNumber: '11', vehicleId: 'X', driver: 'A' }, 4)).toBe('#11 L4');
    expect(carShort({ vehicleNumber: '', vehicleId: '', driver: 'Alex' })).toBe('Alex');
    expect(lapLabel(undefined, 2)).toBe('? L2');
  });
});
