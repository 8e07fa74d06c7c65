import { describe, expect, it } from 'vitest';
import { TraceBuffer, traceValuesOf } from './trace-buffer.ts';

const v = (speedKmh: number, gear = 3) => ({ speedKmh, throttlePct: 50, brakeBar: 0, gear });

describe('TraceBuffer', () => {
  it('interpolates continuous channels and holds the gear; NaN outside, across gaps and after the last sample', () => {
    const b = new TraceBuffer(16);
    b.push(1000, v(100, 3));
    b.push(1100, v(110, 4));
    b.push(5000, v(200, 5));
    expect(b.valueAt('speedKmh', 1050)).toBeCloseTo(105, 9);
    expect(b.valueAt('gear', 1099)).toBe(3);
    expect(b.valueAt('speedKmh', 1100)).toBe(110);
    expect(b.valueAt('speedKmh', 999)).toBeNaN();
    expect(b.valueAt('speedKmh', 3000)).toBeNaN(); // 3.9 s gap
    expect(b.valueAt('speedKmh', 5000)).toBe(200);
    expect(b.valueAt('speedKmh', 5001)).toBeNaN();
  });
  it('ignores samples out of order and keeps only the newest `capacity`', () => {
    const b = new TraceBuffer(4);
    for (let i = 0; i < 20; i++) b.push(i * 10, v(i));
    expect(b.push(100, v(0))).toBe(false);
    expect(b.length).toBe(4);
    expect(b.firstMs).toBe(160);
    expect(b.lastMs).toBe(190);
    expect(b.valueAt('speedKmh', 175)).toBeCloseTo(17.5, 9);
  });
  it('maps frame channels (SI) to display units', () => {
    expect(traceValuesOf({ speed: 50, throttle: 90, brake_front: 12.5, gear: 4 })).toEqual({ speedKmh: 180, throttlePct: 90, brakeBar: 12.5, gear: 4 });
    const missing = traceValuesOf({ gps_speed: 10, brake: 3 });
    expect(missing.speedKmh).toBe(36);
    expect(missing.brakeBar).toBe(3);
    expect(missing.throttlePct).toBeNaN();
  });
});
