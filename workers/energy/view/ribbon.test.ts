import { describe, expect, it } from 'vitest';
import { ribbonGeometry } from './ribbon.ts';

describe('ribbon geometry', () => {
  it('lifts a ring to heights ∝ the value (below ground for braking) and closes the loop', () => {
    const n = 100;
    const r = 50;
    const angle = (i: number) => (2 * Math.PI * i) / n;
    const xM = Float64Array.from({ length: n }, (_, i) => r * Math.cos(angle(i)));
    const yM = Float64Array.from({ length: n }, (_, i) => r * Math.sin(angle(i)));
    const heading = Float64Array.from({ length: n }, (_, i) => angle(i) + Math.PI / 2);
    const values = Float32Array.from({ length: n }, (_, i) => (i < 50 ? 100 : -100));
    const g = ribbonGeometry(xM, yM, heading, values, { signed: true, limits: { negative: 100, positive: 50 } }, { stepM: 2, heightShare: 0.1 });
    expect(g.extentM).toBeCloseTo(100, 0);
    expect(g.positions.length).toBe(50 * 4 * 3);
    // section 0: top at +10 m (0.1 × 100 m extent), curtain foot at 0; section 30 (braking) at −10 m
    expect(g.positions[1]).toBeCloseTo(10, 5);
    expect(g.positions[3 * 3 + 1]).toBe(0);
    expect(g.positions[30 * 12 + 1]).toBeCloseTo(-10, 5);
    // red on top for traction, blue for braking
    expect(g.colors[0]).toBeGreaterThan(g.colors[2]);
    expect(g.colors[30 * 12 + 2]).toBeGreaterThan(g.colors[30 * 12]);
    // the last section joins the first; every index is a vertex
    expect(Array.from(g.indices.slice(-12, -9))).toEqual([49 * 4, 49 * 4 + 1, 0]);
    expect(Math.max(...g.indices)).toBeLessThan(g.positions.length / 3);
    // north (y) is −z: the point at 90° (x 0, y 50) is at z −50 relative to the centre
    const quarter = 12 * 12; // section 12 starts at point 24 (86°): close enough to check the sign
    expect(g.positions[quarter + 3 * 3 + 2]).toBeLessThan(-40);
  });
});
