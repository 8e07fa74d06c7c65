import { describe, expect, it } from 'vitest';
import type { Session } from '../model/session.ts';
import { analyzeSession } from './analyze.ts';
import { loopCrossingsS, sessionPositions, trackFromSession } from './session-track.ts';
import { syntheticRun } from './test-fixtures.ts';

describe('a track map from the session itself', () => {
  it('fuses the clean GPS laps (cut at the lap counter) into a map of the driven line, then times laps on it', () => {
    const run = syntheticRun({ laps: 5, gpsNoiseM: 0.3, offsetM: 2 });
    const t = trackFromSession(run.session);
    expect(t.splitBy).toBe('lap-counter');
    // the driven line runs 2 m inside both 50 m turns: 400 + 2π·48 m
    expect(t.model.grid.lengthM).toBeGreaterThan(400 + 2 * Math.PI * 48 - 3);
    expect(t.model.grid.lengthM).toBeLessThan(400 + 2 * Math.PI * 48 + 3);
    expect(t.model.corners).toHaveLength(2);
    const a = analyzeSession(run.session);
    expect(a.modelFromSession).toBe(true);
    const laps = a.split.laps.filter((l) => l.complete);
    expect(laps).toHaveLength(5);
    laps.forEach((l, k) => expect(Math.abs(l.lapTimeS - (run.crossingsS[k + 1] - run.crossingsS[k]))).toBeLessThan(0.06));
  });

  it('finds laps from the GPS alone (the car passing the same spot again) when the logger has no lap counter', () => {
    const run = syntheticRun({ laps: 5, gpsNoiseM: 0.3 });
    const noCounter: Session = { ...run.session, channels: run.session.channels.filter((c) => c.name !== 'lap') };
    const pos = sessionPositions(noCounter)!;
    const passes = loopCrossingsS(pos);
    expect(passes.length).toBeGreaterThanOrEqual(5);
    for (let k = 1; k < passes.length; k++) expect(passes[k] - passes[k - 1]).toBeCloseTo(run.crossingsS[1] - run.crossingsS[0], 0);
    expect(trackFromSession(noCounter).splitBy).toBe('gps-loop');
  });

  it('explains when there is nothing to build a map from', () => {
    const run = syntheticRun({ laps: 2 });
    const noGps: Session = { ...run.session, channels: run.session.channels.filter((c) => c.name !== 'lat' && c.name !== 'lon') };
    expect(() => trackFromSession(noGps)).toThrow(/no GPS positions/);
    const a = analyzeSession(noGps);
    expect(a.model).toBeNull();
    expect(a.notes.join(' ')).toMatch(/no track map/);
    expect(a.split.laps.filter((l) => l.complete)).toHaveLength(2);
  });
});
