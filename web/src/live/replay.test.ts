import { describe, expect, it } from 'vitest';
import type { LapRecord } from '../../../workers/laps/types.ts';
import type { Channel, Session } from '../../../workers/model/session.ts';
import { ReplayClock } from './replay-clock.ts';
import { ReplaySource, replayCars, seriesAt } from './replay-source.ts';

function ch(name: string, t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit: '', kind: 'continuous', timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

function session(car: string, startTimeMs: number): Session {
  const t = Array.from({ length: 301 }, (_, i) => i / 10);
  return {
    meta: { event: 'E', sessionName: 'P1', track: 'T', vehicleId: `V${car}`, vehicleNumber: car, driver: 'D', startTimeMs, sourceFile: 'x.csv', sourceFormat: 'test' },
    channels: [ch('speed', t, t.map((s) => 10 + s)), ch('gear', [0, 10, 20], [2, 3, 4]), ch('lat', t, t.map((s) => 52 + s * 1e-5)), ch('lon', t, t.map(() => -1))],
  };
}

function lap(lapNo: number, startTimeS: number, endTimeS: number, sectorsS: number[]): LapRecord {
  return { lap: lapNo, startTimeS, endTimeS, lapTimeS: endTimeS - startTimeS, complete: true, sectorsS, flags: [], startSource: 'beacon', endSource: 'beacon', baseDistanceM: 0 } as unknown as LapRecord;
}

const T0 = Date.UTC(2026, 5, 14, 13, 0, 0);

describe('forensic replay', () => {
  it('places cars on one clock by their start times and reads them at any instant', () => {
    const cars = replayCars([
      { sessionId: 's1', session: session('11', T0), laps: [lap(1, 0, 12, [4, 4, 4]), lap(2, 12, 24, [3, 4, 5])] },
      { sessionId: 's2', session: session('22', T0 + 5000), laps: [] },
    ]);
    const src = new ReplaySource(cars);
    expect(src.startMs).toBe(T0);
    expect(src.endMs).toBe(T0 + 35_000);
    expect(src.valueAt('11', 'speedKmh', T0 + 2500)).toBeCloseTo(12.5 * 3.6, 9);
    expect(src.valueAt('22', 'speedKmh', T0 + 2500)).toBeNaN();
    expect(src.valueAt('22', 'speedKmh', T0 + 7500)).toBeCloseTo(12.5 * 3.6, 9);
    expect(src.valueAt('11', 'gear', T0 + 15_000)).toBe(3);
    const [c11, c22] = src.snapshot(T0 + 19_500);
    expect(c11.latDeg).toBeCloseTo(52 + 19.5e-5, 12);
    expect(c11.laps.map((l) => l.lap)).toEqual([1]);
    expect(c11.lap).toBe(2);
    expect(c11.lapTimeS).toBeCloseTo(7.5, 9);
    expect(c11.runningSectorsS).toEqual([3, 4]);
    expect(c22.stale).toBe(false);
    expect(src.snapshot(T0 + 30_000)[0].laps.map((l) => [l.lap, l.best])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(seriesAt({ timeS: Float64Array.from([0, 5]), values: Float64Array.from([0, 5]) }, 2)).toBeNaN(); // a 5 s gap
  });

  it('plays at a chosen speed, pauses, scrubs, and stops at the end', () => {
    let wall = 0;
    const clock = new ReplayClock(1000, 11_000, () => wall);
    clock.play();
    wall = 1000;
    expect(clock.timeMs()).toBe(2000);
    clock.setSpeed(16);
    wall = 1250;
    expect(clock.timeMs()).toBe(6000);
    clock.pause();
    wall = 5000;
    expect(clock.timeMs()).toBe(6000);
    clock.seek(500);
    expect(clock.timeMs()).toBe(1000);
    clock.setSpeed(0.25);
    clock.play();
    wall = 9000;
    expect(clock.timeMs()).toBe(2000);
    clock.setSpeed(16);
    wall = 10_000;
    expect(clock.timeMs()).toBe(11_000);
    expect(clock.playing).toBe(false);
    expect(() => clock.setSpeed(3)).toThrow(RangeError);
  });
});
