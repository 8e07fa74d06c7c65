// Accelerometer alignment: a known lag, offset and sign on a synthetic speed trace are recovered.

import { describe, expect, it } from 'vitest';
import type { Channel } from '../model/session.ts';
import { alignedAcceleration, estimateAccelAlignment } from './accel-alignment.ts';

function ch(name: string, t: number[], v: number[]): Channel {
  return { name, sourceName: name, unit: '', kind: 'continuous', timeS: Float64Array.from(t), values: Float64Array.from(v) };
}

describe('accelerometer alignment', () => {
  it('recovers a lag, an offset and an inverted sign against d(speed)/dt', () => {
    const speed = (t: number) => 40 + 8 * Math.sin(0.6 * t) + 3 * Math.sin(1.7 * t + 1);
    const accel = (t: number) => 4.8 * Math.cos(0.6 * t) + 5.1 * Math.cos(1.7 * t + 1);
    const ts: number[] = [];
    for (let t = 0; t < 60; t += 0.2) ts.push(t); // 5 Hz speed
    const ta: number[] = [];
    for (let t = 0; t < 60; t += 0.0435) ta.push(t); // 23 Hz accelerometer
    const a = estimateAccelAlignment(ch('acc_long', ta, ta.map((t) => accel(t - 0.04) + 0.3)), ch('speed', ts, ts.map(speed)), 0, 60)!;
    expect(Math.abs(a.lagS - 0.04)).toBeLessThanOrEqual(0.003);
    expect(a.offsetMs2).toBeCloseTo(0.3, 2);
    expect(a.residualRmsMs2).toBeLessThan(0.3); // the 5-point derivative of 5 Hz speed flattens the 1.7 rad/s part a little
    expect(a.sign).toBe(1);
    expect(a.gain).toBeGreaterThan(0.9);
    expect(estimateAccelAlignment(ch('acc_long', [0, 1], [0, 0]), ch('speed', ts, ts.map(speed)), 0, 60)).toBeNull();
    // a sensor that reads braking as positive (as the GR Cup's accx_can does), with its own offset
    const inv = estimateAccelAlignment(ch('acc_long', ta, ta.map((t) => -accel(t + 0.1) - 2.5)), ch('speed', ts, ts.map(speed)), 0, 60)!;
    expect(inv.sign).toBe(-1);
    expect(Math.abs(inv.lagS + 0.1)).toBeLessThanOrEqual(0.003);
    expect(alignedAcceleration(inv, -accel(30) - 2.5)).toBeCloseTo(accel(30), 1);
    expect(alignedAcceleration(null, 1.5)).toBe(1.5);
  });
});
