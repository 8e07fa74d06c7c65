import { describe, expect, it } from 'vitest';
import { legendTicks, MAP_CHANNELS, roundedExtent } from './map-channels.ts';

describe('track map channels', () => {
  it('rounds the legend range outwards to whole steps, ignoring gaps', () => {
    expect(roundedExtent(Float64Array.of(63.2, NaN, 187.9), 10)).toEqual([60, 190]);
    expect(roundedExtent(Float64Array.of(3, 3), 1)).toEqual([3, 4]);
    expect(roundedExtent(Float64Array.of(NaN), 10)).toEqual([0, 10]);
  });
  it('has units for every channel but gear, speed first', () => {
    expect(MAP_CHANNELS[0].id).toBe('speed');
    expect(MAP_CHANNELS.map((c) => c.unit)).toEqual(['km/h', '%', 'bar', '']);
  });
  it('spreads legend ticks evenly', () => {
    expect(legendTicks([60, 220])).toEqual([60, 100, 140, 180, 220]);
  });
});
