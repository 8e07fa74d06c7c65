import { describe, expect, it } from 'vitest';
import { lapColour, rampGradient, rampRgb, rampTable, SPEED_RAMP } from './colours.ts';

describe('analysis colours', () => {
  it('gives distinct lap colours, also past the palette', () => {
    const colours = Array.from({ length: 30 }, (_, i) => lapColour(i));
    expect(new Set(colours).size).toBe(30);
  });
  it('interpolates a ramp and clamps outside [0, 1]', () => {
    expect(rampRgb(['#000000', '#ffffff'], 0.5)).toEqual([128, 128, 128]);
    expect(rampRgb(SPEED_RAMP, -1)).toEqual([0xd7, 0x19, 0x1c]);
    expect(rampRgb(SPEED_RAMP, 2)).toEqual([0x1a, 0x96, 0x41]);
    expect(rampRgb(SPEED_RAMP, NaN)).toEqual(rampRgb(SPEED_RAMP, 0));
  });
  it('builds lookup tables and a legend gradient', () => {
    const t = rampTable(SPEED_RAMP, 8);
    expect(t).toHaveLength(8);
    expect(t[0]).toBe('rgb(215,25,28)');
    expect(rampGradient(['#000000', '#ffffff'])).toBe('linear-gradient(to right, #000000 0%, #ffffff 100%)');
  });
});
