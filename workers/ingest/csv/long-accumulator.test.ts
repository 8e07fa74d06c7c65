import { describe, expect, it } from 'vitest';
import { channelByName } from '../../model/session.ts';
import { LAP_LOST, LongFormatAccumulator } from './long-accumulator.ts';

describe('LongFormatAccumulator', () => {
  it('builds sessions from readings added by strings, in any order', () => {
    const acc = new LongFormatAccumulator({ file: 'indy.parquet', sourceFormat: 'parquet' });
    const t0 = Date.UTC(2025, 6, 18, 15, 0, 0);
    const wall = t0 + 3 * 86400000;
    const v = acc.vehicle('GR86-025-47');
    v.event = 'I_R05_2025-07-20';
    v.sessionName = 'R1';
    v.vehicleNumber = '47';
    // newest first; the parquet names and units
    for (let i = 9; i >= 0; i--) {
      acc.add('GR86-025-47', 'acc_x', 0.5, t0 + i * 43, i < 5 ? 3 : LAP_LOST, wall + i * 43);
      if (i % 5 === 0) acc.add('GR86-025-47', 'speed', 180, t0 + i * 43, i < 5 ? 3 : 4, wall + i * 43);
    }
    acc.add('GR86-006-7', 'rpm', 6000, t0 + 1000, 1, wall + 1000);
    expect(acc.vehicleCount).toBe(2);
    const [a, b] = acc.finish();
    expect(a.meta).toMatchObject({ vehicleId: 'GR86-006-7', startTimeMs: wall + 1000, sourceFormat: 'parquet', sourceFile: 'indy.parquet', track: 'Indianapolis Motor Speedway' });
    expect(b.meta).toMatchObject({ vehicleId: 'GR86-025-47', event: 'I_R05_2025-07-20', sessionName: 'R1', vehicleNumber: '47', startTimeMs: wall });
    const acc47 = channelByName(b, 'acc_long')!;
    expect(acc47.unit).toBe('m/s²');
    expect(acc47.values[0]).toBeCloseTo(0.5 * 9.80665, 12);
    expect(acc47.timeS[9]).toBeCloseTo(0.387, 12);
    expect(Array.from(channelByName(b, 'speed')!.values, (x) => Math.round(x * 3.6))).toEqual([180, 180]);
    const lap = channelByName(b, 'lap')!;
    expect(Array.from(lap.values)).toEqual([3, 4]);
    expect(lap.timeS[1]).toBeCloseTo(0.215, 12);
  });

  it('falls back to the logger clock for the start time, with a warning', () => {
    const acc = new LongFormatAccumulator({ file: 'x.csv', sourceFormat: 'long-csv', sourceUnitOf: () => '', track: 'Somewhere' });
    acc.add('car', 'speed', 10, 5000);
    const [s] = acc.finish();
    expect(s.meta.startTimeMs).toBe(5000);
    expect(s.meta.track).toBe('Somewhere');
    expect(channelByName(s, 'speed')!.values[0]).toBe(10); // sourceUnitOf '' → already SI
    expect(s.warnings?.[0]).toContain('logger clock');
  });
});
