import { describe, expect, it } from 'vitest';
import { divergingT, niceCeil, POWER_RAMP, rampRgb, signedLimits } from './colour-scale.ts';

describe('colour scale', () => {
  it('has one limit per sign, rounded up to nice numbers, ignoring the top 2 % of each side', () => {
    expect([0.7, 1, 1.2, 2.4, 3, 7, 120, 180].map(niceCeil)).toEqual([1, 1, 2, 2.5, 5, 10, 200, 200]);
    // braking up to ~700 kW, traction up to ~170 kW, with a few spikes on each side
    const values = Float32Array.from({ length: 1000 }, (_, i) => (i % 2 ? -(i < 990 ? 700 : 5000) : i < 990 ? 170 : 900));
    expect(signedLimits(values)).toEqual({ negative: 1000, positive: 200 });
    expect(signedLimits([0, 3, 4])).toEqual({ negative: 5, positive: 5 });
    expect(signedLimits([])).toEqual({ negative: 1, positive: 1 });
  });

  it('is blue for braking, neutral at zero and red for traction', () => {
    const limits = { negative: 800, positive: 200 };
    const [rb, , bb] = rampRgb(POWER_RAMP, divergingT(-640, limits));
    const [rt, , bt] = rampRgb(POWER_RAMP, divergingT(160, limits));
    expect(bb - rb).toBeGreaterThan(100);
    expect(rt - bt).toBeGreaterThan(100);
    expect(rampRgb(POWER_RAMP, divergingT(0, limits))).toEqual([0x3b, 0x42, 0x4a]);
    expect(divergingT(500, limits)).toBe(1);
    expect(divergingT(-400, limits)).toBe(0.25);
    expect(divergingT(100, limits)).toBe(0.75);
  });
});
