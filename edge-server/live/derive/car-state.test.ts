import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../workers/demo/generate.ts';
import { computeLapTimes } from '../../../workers/laps/lap-timing.ts';
import { sessionFrames } from '../replay/session-frames.ts';
import { CarState, type LapCompleted } from './car-state.ts';
import { GR86_CUP_ENERGY } from '../../../workers/energy/presets.ts';

const START = Date.UTC(2026, 5, 14, 13, 0, 0);

describe('live car state on the demo session', () => {
  const { sessions, truth } = generateDemo({ seed: 7, drivers: 1, laps: 3 });
  const session = sessions[0];
  const frames = sessionFrames(session, { carId: '7', startTsMs: START, originS: 0 });

  it('times laps from the lap-distance reset as the offline lap timing does, to the demo truth', () => {
    const car = new CarState('7');
    const laps: LapCompleted[] = [];
    for (let i = 0; i < frames.count; i++) {
      const lap = car.update(frames.frame(i));
      if (lap) laps.push(lap);
    }
    const offline = computeLapTimes(session);
    const flying = truth.drivers[0].laps;
    expect(laps.length).toBe(offline.length);
    for (const t of flying) {
      const live = laps.find((l) => l.lap === t.lap);
      expect(live, `lap ${t.lap}`).toBeDefined();
      expect(Math.abs(live!.lapTimeS - t.lapTimeS)).toBeLessThan(0.01);
      expect(Math.abs((live!.endTsMs - START) / 1000 - (t.startTimeS + t.lapTimeS))).toBeLessThan(0.01);
    }
    const best = Math.min(...laps.map((l) => l.lapTimeS));
    expect(car.derived.bestLapTimeS).toBe(best);
    expect(laps.filter((l) => l.best).at(-1)!.lapTimeS).toBe(best);
  });

  it('tracks distance, lap progress and the lap clock', () => {
    const car = new CarState('7');
    let maxProgress = 0;
    for (let i = 0; i < frames.count; i++) {
      car.update(frames.frame(i));
      if (car.derived.lapProgress !== undefined) maxProgress = Math.max(maxProgress, car.derived.lapProgress);
    }
    const d = car.derived;
    const lapsDriven = d.distanceM! / truth.track.lengthM;
    // the session runs out-lap + flying laps + in-lap; distance agrees with the track length times laps
    expect(lapsDriven).toBeGreaterThan(truth.drivers[0].laps.length);
    expect(Math.abs(d.lapLengthM! - truth.track.lengthM)).toBeLessThan(0.02 * truth.track.lengthM);
    expect(maxProgress).toBeGreaterThan(0.95);
    expect(maxProgress).toBeLessThanOrEqual(1);
    expect(d.lapTimeS).toBeGreaterThan(0);
    expect(d.kineticJ).toBeCloseTo(0.5 * GR86_CUP_ENERGY.massKg * frames.frame(frames.count - 1).values.speed ** 2, 6);
  });

  it('ignores frames that are not newer than the last one', () => {
    const car = new CarState('x');
    car.update({ carId: 'x', tsMs: START + 1000, values: { speed: 10 } });
    car.update({ carId: 'x', tsMs: START + 1100, values: { speed: 10 } });
    const before = car.derived.distanceM;
    car.update({ carId: 'x', tsMs: START + 1050, values: { speed: 50 } });
    expect(car.derived.distanceM).toBe(before);
    expect(before).toBeCloseTo(1, 9);
  });

  it('falls back to the lap counter when the car has no lap-distance beacon', () => {
    const car = new CarState('c');
    const laps: LapCompleted[] = [];
    const lapAt = (t: number) => 1 + Math.floor(t / 60);
    for (let i = 0; i <= 1900; i++) {
      const t = i / 10;
      const l = car.update({ carId: 'c', tsMs: START + t * 1000, values: { speed: 40, lap: lapAt(t) } });
      if (l) laps.push(l);
    }
    // crossings at 60, 120 and 180 s: the lap before the first one is partial
    expect(laps.map((l) => l.lap)).toEqual([2, 3]);
    for (const l of laps) expect(l.lapTimeS).toBeCloseTo(60, 6);
    expect(laps[0].timing).toBe('lap_counter');
  });
});
