import { describe, expect, it } from 'vitest';
import type { Corner } from '../geometry/types.ts';
import { anchorAtLapTrigger, lapTriggerTimes, straightFade } from './lap-trigger.ts';

function corner(number: number, entryM: number, exitM: number): Corner {
  return { number, name: `T${number}`, entryM, apexM: (entryM + exitM) / 2, exitM, direction: 'left', minRadiusM: 50, turningAngleDeg: 90, cornerClass: 'medium', chicane: null };
}

describe('lap trigger', () => {
  it('times each restart of the lap-distance odometer from its first count after it', () => {
    // a car accelerating at 2 m/s² from 40 m/s along a 1000 m lap, odometer at 4.6 Hz in 0.1 m counts
    const L = 1000;
    const pathAt = (t: number) => 40 * t + t * t;
    const timeAt = (p: number) => -20 + Math.sqrt(400 + p);
    const crossings = [1, 2, 3].map((k) => timeAt(k * L - 300));
    const t: number[] = [];
    const d: number[] = [];
    for (let x = 0.013; x < 40; x += 0.2174) {
      const p = pathAt(x) + 300; // the line is 300 m after the start
      t.push(x);
      d.push(Math.round((p % L) * 10) / 10);
    }
    const speedT = Float64Array.from(t);
    const speedV = speedT.map((x) => 40 + 2 * x);
    const found = lapTriggerTimes(Float64Array.from(t), Float64Array.from(d), speedT, speedV, L);
    expect(found.length).toBe(crossings.length);
    found.forEach((x, k) => expect(Math.abs(x - crossings[k])).toBeLessThan(0.002));
  });

  it('ignores drops that are not a restart: from part of a lap, or to more than was driven', () => {
    const t = Float64Array.from([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const v = new Float64Array(6).fill(50);
    // 300 → 290: a glitch at a third of the lap; 900 → 40: more than the 10 m driven since the last count
    expect(lapTriggerTimes(t, Float64Array.from([280, 290, 300, 290, 300, 310]), t, v, 900).length).toBe(0);
    expect(lapTriggerTimes(t, Float64Array.from([860, 870, 880, 890, 40, 50]), t, v, 900).length).toBe(0);
    expect(lapTriggerTimes(t, Float64Array.from([860, 870, 880, 890, 3, 13]), t, v, 900)[0]).toBeCloseTo(0.74, 6);
  });

  it('fades along the straight the trigger is on, through the bends at either end, and inside a bend', () => {
    const corners = [corner(1, 100, 200), corner(2, 600, 700), corner(3, 900, 950)];
    const f = straightFade(corners, 20, 1000); // on the straight from T3's exit (950) to T1's entry (100)
    expect(f.weight(0)).toBe(1);
    expect(f.weight(-70)).toBe(1); // at 950
    expect(f.weight(-95)).toBeCloseTo(0.5, 12); // half-way through T3, backwards
    expect(f.weight(80)).toBe(1); // at T1's entry
    expect(f.weight(130)).toBeCloseTo(0.5, 12);
    expect(f.weight(180)).toBe(0); // T1's exit
    expect(f.weight(-200)).toBe(0);
    const inside = straightFade(corners, 650, 1000);
    expect(inside.weight(0)).toBe(1);
    expect(inside.weight(-25)).toBeCloseTo(0.5, 12);
    expect(inside.weight(50)).toBe(0);
  });

  it('takes each pass’s error out along its straight, leaves the rest of the lap, and keeps the distance non-decreasing', () => {
    const L = 1000;
    const corners = [corner(1, 100, 200), corner(2, 600, 700), corner(3, 850, 900)];
    // 20 m/s for 5 laps; the trigger at 30 m; each pass's error held from T3 to T1 (what the fusion leaves)
    const knotT = Float64Array.from({ length: 5 * 50 * 20 }, (_, j) => j * 0.05);
    const errors = [0.2, -0.3, 0.1, 0.25, -0.15];
    const truth = knotT.map((t) => 20 * t);
    const distance = truth.map((s) => {
      const lap = Math.floor((s + 100) / L); // passes of the straight 900 → 100 (+L·k)
      const x = s - lap * L;
      const e = errors[Math.min(lap, errors.length - 1)] ?? 0;
      return s + (x >= -100 && x <= 100 ? e : 0);
    });
    const trigger = [1, 2, 3, 4].map((k) => (k * L + 30) / 20);
    const before = Float64Array.from(distance);
    const report = anchorAtLapTrigger(knotT, distance, Float64Array.from(trigger), L, corners)!;
    expect(report.anchors).toBe(4);
    // the place is the mean of the passes: 30 m + the mean of their errors
    const mean = (errors[1] + errors[2] + errors[3] + errors[4]) / 4;
    expect(report.placeM).toBeCloseTo(30 + mean, 6);
    for (const k of [1, 2, 3, 4]) {
      const j = Math.round(trigger[k - 1] / 0.05);
      expect(distance[j] - truth[j]).toBeCloseTo(mean, 6); // every pass at the one place
      const mid = Math.round((k * L + 400) / 20 / 0.05);
      expect(distance[mid]).toBe(before[mid]); // the middle of the lap untouched
    }
    for (let j = 1; j < distance.length; j++) expect(distance[j]).toBeGreaterThanOrEqual(distance[j - 1]);
  });

  it('does nothing with fewer than three passes or without corners', () => {
    const knotT = Float64Array.from({ length: 1000 }, (_, j) => j * 0.05);
    const d = knotT.map((t) => 20 * t);
    const copy = Float64Array.from(d);
    expect(anchorAtLapTrigger(knotT, d, Float64Array.from([10, 30]), 400, [corner(1, 100, 200)])).toBeNull();
    expect(anchorAtLapTrigger(knotT, d, Float64Array.from([10, 30, 40]), 400, [])).toBeNull();
    expect(d).toEqual(copy);
  });
});

describe('the fade on unusual layouts', () => {
  it('blends one pass into the next through the only corner, and keeps the straight flat after a corner ending at the trigger', () => {
    const one = straightFade([corner(1, 400, 500)], 0, 1000);
    expect(one.weight(0)).toBe(1);
    expect(one.weight(399)).toBe(1);
    expect(one.weight(450)).toBeCloseTo(0.5, 12);
    expect(one.weight(-550)).toBeCloseTo(0.5, 12); // the same spot, seen from the next pass: the two add to 1
    expect(one.weight(-499)).toBe(1);
    const after = straightFade([corner(1, 900, 1000), corner(2, 300, 400)], 0, 1000);
    expect(after.weight(0)).toBe(1);
    expect(after.weight(250)).toBe(1);
    expect(after.weight(-50)).toBeCloseTo(0.5, 12);
  });
});
