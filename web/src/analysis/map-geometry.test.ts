import { describe, expect, it } from 'vitest';
import { fitTransform, labelPosition, nearestIndex, toCanvas, toMetres } from './map-geometry.ts';

describe('track map geometry', () => {
  const xs = [0, 100, 100, 0];
  const ys = [0, 0, 50, 50];
  it('fits the track into the canvas with north up, centred', () => {
    const t = fitTransform(xs, ys, 220, 220, 10);
    expect(t.scale).toBeCloseTo(2);
    expect(toCanvas(t, 0, 0)).toEqual([10, 160]);
    expect(toCanvas(t, 100, 50)).toEqual([210, 60]);
    const [x, y] = toMetres(t, 110, 110);
    expect(x).toBeCloseTo(50);
    expect(y).toBeCloseTo(25);
  });
  it('finds the nearest point', () => {
    expect(nearestIndex(xs, ys, 90, 45)).toEqual({ index: 2, distance: Math.hypot(10, 5) });
    expect(nearestIndex([], [], 0, 0).index).toBe(-1);
  });
  it('puts a label outside the turn', () => {
    // a counter-clockwise circle: every turn is a left turn, the outside is away from the centre
    const n = 72;
    const cx = Array.from({ length: n }, (_, i) => 100 * Math.cos((2 * Math.PI * i) / n));
    const cy = Array.from({ length: n }, (_, i) => 100 * Math.sin((2 * Math.PI * i) / n));
    const [x, y] = labelPosition(cx, cy, 0, 'left', 20);
    expect(x).toBeCloseTo(120, 0);
    expect(y).toBeCloseTo(0, 5);
    const [xi] = labelPosition(cx, cy, 0, 'right', 20);
    expect(xi).toBeCloseTo(80, 0);
  });
});
