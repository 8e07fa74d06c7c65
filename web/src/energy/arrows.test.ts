import { describe, expect, it } from 'vitest';
import { arrowReferenceJm, thinArrows } from './arrows.ts';

describe('thinArrows', () => {
  it('sums the vectors of each stretch into one arrow at its middle, signed along the direction of travel', () => {
    // a straight line heading east; 1000 J/m of traction over the first 10 m, 500 J/m of braking over the next 10 m
    const n = 25;
    const xM = Float64Array.from({ length: n }, (_, i) => i);
    const yM = new Float64Array(n);
    const heading = new Float64Array(n);
    const vx = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1000 : i < 20 ? -500 : 0));
    const arrows = thinArrows(xM, yM, heading, vx, new Float64Array(n), 10);
    expect(arrows.length).toBe(2); // the last 5 m do not make a whole stretch
    expect(arrows[0]).toMatchObject({ xM: 5, yM: 0, vxJm: 1000, vyJm: 0, alongJm: 1000, startM: 0, endM: 10 });
    expect(arrows[1]).toMatchObject({ xM: 15, alongJm: -500 });
    expect(arrowReferenceJm(arrows)).toBe(500);
    expect(arrowReferenceJm([])).toBe(1);
  });
});
