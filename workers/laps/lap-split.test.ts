import { describe, expect, it } from 'vitest';
import type { Session } from '../model/session.ts';
import { splitLaps } from './lap-split.ts';
import { alignSession } from './map-match.ts';
import { stadiumModel, syntheticRun, type SyntheticOptions } from './test-fixtures.ts';

const model = stadiumModel();

function split(o: SyntheticOptions, edit: (s: Session) => Session = (s) => s) {
  const run = syntheticRun(o);
  const session = edit(run.session);
  const al = alignSession(session, model);
  return { run, al, result: splitLaps(session, al, model) };
}

const flagsOf = (r: ReturnType<typeof split>['result']) => Object.fromEntries(r.laps.map((l) => [l.lap, l.flags.slice().sort().join(',')]));

describe('lap split', () => {
  it('times complete laps from the lap counter to the millisecond, with sector times, and keeps the partial ends', () => {
    const { run, result } = split({ laps: 4 });
    expect(result.timing).toBe('lap-counter');
    const complete = result.laps.filter((l) => l.complete);
    expect(complete.map((l) => l.lap)).toEqual([2, 3, 4, 5]);
    complete.forEach((l, k) => {
      expect(Math.abs(l.lapTimeS - (run.crossingsS[k + 1] - run.crossingsS[k]))).toBeLessThan(0.003);
      expect(l.sectorsS).toHaveLength(3);
      expect(l.sectorsS.reduce((a, b) => a + b, 0)).toBeCloseTo(l.lapTimeS, 9);
      for (const s of l.sectorsS) expect(s).toBeCloseTo(l.lapTimeS / 3, 1);
      expect(l.flags).toEqual([]);
      // each lap starts one line length after the one before, at the line (distance 0 mod the length)
      expect(l.baseDistanceM - complete[0].baseDistanceM).toBeCloseTo(k * model.grid.lengthM, 6);
      expect(Math.abs(Math.round(l.baseDistanceM / model.grid.lengthM) * model.grid.lengthM - l.baseDistanceM)).toBeLessThan(1e-6);
    });
    expect(flagsOf(result)).toMatchObject({ 1: 'out-lap,partial', 6: 'in-lap,partial' });
    expect(result.medianCleanLapS).toBeCloseTo(complete[0].lapTimeS, 1);
  });

  it('flags a stop, a slow lap, a pit-lane pass and a GPS dropout — and drops none of those laps', () => {
    const stop = split({ laps: 5, stop: { lap: 3, atM: 300, forS: 12 } });
    expect(stop.result.stops).toHaveLength(1);
    expect(flagsOf(stop.result)[3]).toContain('pit-stop');
    const slow = split({ laps: 5, slowLap: { lap: 4, factor: 0.8 } });
    expect(flagsOf(slow.result)).toMatchObject({ 2: '', 3: '', 4: 'caution', 5: '', 6: '' });
    const pit = split({ laps: 5, pitLane: { lap: 4, fromM: 560, toM: 714, offsetM: 25 } });
    expect(pit.result.pitExcursions).toHaveLength(1);
    expect(flagsOf(pit.result)).toMatchObject({ 3: '', 4: 'in-lap', 5: 'out-lap', 6: '' });
    const gps = split({ laps: 4, gpsDropouts: [[40, 45]] });
    expect(flagsOf(gps.result)).toMatchObject({ 2: '', 3: 'gps-lost', 4: '' });
    for (const r of [stop, slow, pit, gps]) expect(r.result.laps.filter((l) => l.complete).length).toBeGreaterThanOrEqual(4);
  });

  it('times laps at the line from the GPS when the logger has no lap counter, and from the counter alone without GPS', () => {
    const noCounter = split({ laps: 4, gpsNoiseM: 0.3 }, (s) => ({ ...s, channels: s.channels.filter((c) => c.name !== 'lap') }));
    expect(noCounter.result.timing).toBe('gps-line');
    const laps = noCounter.result.laps.filter((l) => l.complete);
    expect(laps.map((l) => l.lap)).toEqual([1, 2, 3, 4]);
    laps.forEach((l, k) => expect(Math.abs(l.lapTimeS - (noCounter.run.crossingsS[k + 1] - noCounter.run.crossingsS[k]))).toBeLessThan(0.01));
    const noGps = split({ laps: 3 }, (s) => ({ ...s, channels: s.channels.filter((c) => c.name !== 'lat' && c.name !== 'lon') }));
    expect(noGps.al).toBeNull();
    expect(noGps.result.timing).toBe('lap-counter');
    expect(noGps.result.laps.filter((l) => l.complete).every((l) => Number.isNaN(l.baseDistanceM) && l.sectorsS.length === 0)).toBe(true);
  });
});
