import { describe, expect, it } from 'vitest';
import type { Channel, Session } from '../../../workers/model/session.ts';
import { planReplay, replayCarId } from './replay-plan.ts';
import { unionTimeBase } from './session-frames.ts';

const ch = (name: string, kind: Channel['kind'], t: number[], v: number[]): Channel => ({ name, sourceName: name, unit: '', kind, timeS: Float64Array.from(t), values: Float64Array.from(v) });
const session = (num: string, start: number | null, channels: Channel[]): Session => ({
  meta: { event: '', sessionName: '', track: '', vehicleId: '', vehicleNumber: num, driver: '', startTimeMs: start, sourceFile: '', sourceFormat: '' },
  channels,
});

describe('replay plan', () => {
  const a = session('1', 1000, [ch('speed', 'continuous', [0, 1, 2], [10, 11, 12]), ch('gear', 'discrete', [0.5, 1.5], [3, 4])]);
  const b = session('2', 1500, [ch('speed', 'continuous', [5, 6], [20, 21])]);

  it('merges channels on the union of their sample times, carrying previous values', () => {
    expect([...unionTimeBase(a)]).toEqual([0, 0.5, 1, 1.5, 2]);
    const frames = [...planReplay([{ id: 'a', session: a }], { startTsMs: 1e12, sessionId: 'r' }).frames()];
    expect(frames.map((f) => f.tsMs - 1e12)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(frames.map((f) => f.values)).toEqual([{ speed: 10 }, { speed: 10, gear: 3 }, { speed: 11, gear: 3 }, { speed: 11, gear: 4 }, { speed: 12, gear: 4 }]);
  });

  it('keeps the cars’ relative start times and interleaves them in time order, up to the duration', () => {
    const plan = planReplay(
      [
        { id: 'a', session: a },
        { id: 'b', session: b },
      ],
      { startTsMs: 1e12, sessionId: 'r', durationS: 1.6 },
    );
    const frames = [...plan.frames()];
    expect(frames.map((f) => `${f.carId}@${f.tsMs - 1e12}`)).toEqual(['1@0', '1@500', '2@500', '1@1000', '1@1500', '2@1500']);
    expect(plan.count).toBe(frames.length);
    expect(plan.spanS).toBe(1.5);
  });

  it('makes car ids the live protocol accepts, and unique', () => {
    const taken = new Set<string>();
    expect(replayCarId({ id: 's_1', session: session('#11 GR86', null, []) }, taken)).toBe('11-GR86');
    expect(replayCarId({ id: 's_2', session: session('#11 GR86', null, []) }, taken)).toBe('11-GR86-2');
    expect(replayCarId({ id: 's_3', session: session('', null, []) }, taken)).toBe('s_3');
  });
});
