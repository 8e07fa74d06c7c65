import { describe, expect, it } from 'vitest';
import { rasterizeTrack, rasterLookup } from './raster.ts';
import { buildReferenceLine } from './reference-line.ts';
import { figureEight, sampleTurtle } from './synthetic.ts';

function ring(R: number, widthLeftM?: number, widthRightM?: number) {
  const n = 300;
  const xM: number[] = [];
  const yM: number[] = [];
  for (let i = 0; i < n; i++) {
    xM.push(R * Math.cos((2 * Math.PI * i) / n));
    yM.push(R * Math.sin((2 * Math.PI * i) / n));
  }
  return buildReferenceLine({
    xM,
    yM,
    widthLeftM: widthLeftM === undefined ? undefined : xM.map(() => widthLeftM),
    widthRightM: widthRightM === undefined ? undefined : xM.map(() => widthRightM),
    startFinish: { xM: R, yM: 0 },
  }).grid;
}

describe('1 m raster of the track', () => {
  it('cells within ±8 m (no widths known) map to the nearest grid index, the rest to -1', () => {
    const R = 100;
    const grid = ring(R);
    const r = rasterizeTrack(grid);
    expect(r.cellSizeM).toBe(1);
    expect(r.cellIndex).toBeInstanceOf(Int32Array);
    expect(r.cellIndex.length).toBe(r.cols * r.rows);
    let inside = 0;
    for (let row = 0; row < r.rows; row++) {
      for (let col = 0; col < r.cols; col++) {
        const x = r.originXM + col + 0.5;
        const y = r.originYM + row + 0.5;
        const rad = Math.hypot(x, y);
        const idx = r.cellIndex[row * r.cols + col];
        if (Math.abs(rad - R) < 7.95) {
          expect(idx).toBeGreaterThanOrEqual(0);
          let ang = Math.atan2(y, x);
          if (ang < 0) ang += 2 * Math.PI;
          let d = Math.abs(grid.distanceM[idx] - ang * R);
          d = Math.min(d, grid.lengthM - d);
          expect(d).toBeLessThanOrEqual(0.51 + 8 / R); // nearest 1 m station, along the centre line
          inside++;
        } else if (Math.abs(rad - R) > 8.05) expect(idx).toBe(-1);
      }
    }
    // Area of the annulus 2πR·16 m.
    expect(Math.abs(inside / (2 * Math.PI * R * 16) - 1)).toBeLessThan(0.01);
  });

  it('uses left/right widths when known (left = inside of an anticlockwise ring)', () => {
    const grid = ring(100, 3, 6);
    const r = rasterizeTrack(grid);
    expect(rasterLookup(r, 0, 97.5)).toBeGreaterThanOrEqual(0); // 2.5 m inside (left)
    expect(rasterLookup(r, 0, 96.5)).toBe(-1); // 3.5 m inside
    expect(rasterLookup(r, 0, 105.5)).toBeGreaterThanOrEqual(0); // 5.5 m outside (right)
    expect(rasterLookup(r, 0, 106.5)).toBe(-1);
    expect(rasterLookup(r, 1e6, 0)).toBe(-1);
  });

  it('figure-eight: both strands are covered and the crossing cells belong to one of them', () => {
    const { path, start } = figureEight(80, 160);
    const grid = buildReferenceLine(sampleTurtle(path, 4, 0.3, start)).grid;
    const r = rasterizeTrack(grid, 6);
    const atCrossing = rasterLookup(r, 0.3, 0.3);
    expect(atCrossing).toBeGreaterThanOrEqual(0);
    const near = [grid.distanceM[atCrossing], (grid.distanceM[atCrossing] + grid.lengthM / 2) % grid.lengthM];
    expect(Math.min(...near.map((s) => Math.min(s, grid.lengthM - s)))).toBeLessThan(3);
    // Every grid point's own cell maps to a point at most 1 m away along the line (or the other strand at the crossing).
    let far = 0;
    for (let i = 0; i < grid.xM.length; i++) {
      const j = rasterLookup(r, grid.xM[i], grid.yM[i]);
      const d = Math.abs(grid.distanceM[j] - grid.distanceM[i]);
      if (Math.min(d, grid.lengthM - d) > 1.5) far++;
    }
    expect(far).toBeLessThan(10);
  });
});
