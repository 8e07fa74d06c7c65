import { describe, expect, it } from 'vitest';
import { rasterRgba } from './raster-image.ts';

describe('rasterRgba', () => {
  it('colours cells blue for braking and red for traction, leaves the outside transparent, and puts north up', () => {
    // 2 × 2 cells, row 0 (south): braking, outside; row 1 (north): traction, zero
    const rgba = rasterRgba(Float32Array.from([-400, NaN, 100, 0]), 2, 2, { negative: 500, positive: 100 });
    const px = (i: number) => Array.from(rgba.slice(4 * i, 4 * i + 4));
    const [north0, north1, south0, south1] = [px(0), px(1), px(2), px(3)];
    expect(north0[0]).toBeGreaterThan(north0[2] + 100); // traction: red
    expect(north0[3]).toBe(255);
    expect(north1.slice(0, 3)).toEqual([0x3b, 0x42, 0x4a]); // zero: neutral grey
    expect(south0[2]).toBeGreaterThan(south0[0] + 100); // braking: blue
    expect(south1[3]).toBe(0); // outside the track
    expect(() => rasterRgba(new Float32Array(3), 2, 2, { negative: 1, positive: 1 })).toThrow(/3 values/);
  });
});
