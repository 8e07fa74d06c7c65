import { describe, expect, it } from 'vitest';
import { buildTrackIndex, projectOnTrack } from './projector.ts';
import { buildReferenceLine } from './reference-line.ts';
import { figureEight, sampleTurtle, seededRandom, turtleAt } from './synthetic.ts';

function circleGrid(R: number) {
  const n = 400;
  const xM: number[] = [];
  const yM: number[] = [];
  for (let i = 0; i < n; i++) {
    xM.push(R * Math.cos((2 * Math.PI * i) / n));
    yM.push(R * Math.sin((2 * Math.PI * i) / n));
  }
  return buildReferenceLine({ xM, yM, startFinish: { xM: R, yM: 0 } }).grid;
}

describe('projection onto the track line', () => {
  it('circle R=40 m: distance along and lateral offset exact to the centimetre (sub-mm in fact)', () => {
    const R = 40;
    const grid = circleGrid(R);
    const index = buildTrackIndex(grid);
    const rand = seededRandom(5);
    let worstS = 0;
    let worstLat = 0;
    for (let k = 0; k < 2000; k++) {
      const ang = 2 * Math.PI * rand();
      const r = R + (rand() - 0.5) * 20; // ±10 m either side
      const p = projectOnTrack(index, r * Math.cos(ang), r * Math.sin(ang));
      const sExact = ang * R;
      let ds = Math.abs(p.distanceM - sExact);
      ds = Math.min(ds, grid.lengthM - ds);
      worstS = Math.max(worstS, ds);
      worstLat = Math.max(worstLat, Math.abs(p.lateralM - (R - r))); // anticlockwise: the centre is on the left
    }
    expect(worstS).toBeLessThan(0.01);
    expect(worstLat).toBeLessThan(0.001);
  });

  it('matches brute force over all segments for far points as well', () => {
    const grid = circleGrid(100);
    const index = buildTrackIndex(grid, 8);
    const rand = seededRandom(9);
    for (let k = 0; k < 300; k++) {
      const x = (rand() - 0.5) * 600;
      const y = (rand() - 0.5) * 600;
      const p = projectOnTrack(index, x, y);
      let best = Infinity;
      for (let i = 0; i < grid.xM.length; i++) {
        const j = (i + 1) % grid.xM.length;
        const dx = grid.xM[j] - grid.xM[i];
        const dy = grid.yM[j] - grid.yM[i];
        const f = Math.max(0, Math.min(1, ((x - grid.xM[i]) * dx + (y - grid.yM[i]) * dy) / (dx * dx + dy * dy)));
        best = Math.min(best, Math.hypot(grid.xM[i] + f * dx - x, grid.yM[i] + f * dy - y));
      }
      expect(Math.abs(Math.abs(p.lateralM) - best)).toBeLessThan(0.01);
    }
  });

  it('figure-eight: a car crossing the intersection keeps its own strand when given the previous distance', () => {
    const { path, start } = figureEight(80, 160);
    const grid = buildReferenceLine(sampleTurtle(path, 4, 0.3, start)).grid;
    const index = buildTrackIndex(grid);
    const L = grid.lengthM;
    // Drive a full lap 1.5 m left of the line, sampled every 2 m, across the crossing twice. The lap starts on
    // the crossing itself, where the point is nearer the other strand: the start line (0) is the first hint.
    const nearest = projectOnTrack(index, -1.5 * Math.sin(start.headingRad), 1.5 * Math.cos(start.headingRad));
    expect(Math.abs(nearest.distanceM - L / 2)).toBeLessThan(2); // without a hint: the wrong strand
    let hint: number | undefined = 0;
    let unwrapped = 0;
    let prev = 0;
    let worst = 0;
    for (let s = 0; s <= L; s += 2) {
      const c = turtleAt(path, s, start);
      const x = c.xM - 1.5 * Math.sin(c.headingRad);
      const y = c.yM + 1.5 * Math.cos(c.headingRad);
      const p = projectOnTrack(index, x, y, { hintDistanceM: hint });
      if (s > 0) {
        let d = p.distanceM - prev;
        d -= L * Math.round(d / L);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThan(4);
        unwrapped += d;
      }
      prev = p.distanceM;
      hint = p.distanceM;
      worst = Math.max(worst, Math.abs(p.lateralM - 1.5));
    }
    expect(worst).toBeLessThan(0.01);
    expect(Math.abs(unwrapped - Math.floor(L / 2) * 2)).toBeLessThan(0.05);
    // Half a lap later the same spot is on the other strand; the hint picks it.
    const c = turtleAt(path, L / 2, start);
    const again = projectOnTrack(index, c.xM - 1.5 * Math.sin(c.headingRad), c.yM + 1.5 * Math.cos(c.headingRad), { hintDistanceM: L / 2 - 2 });
    expect(Math.abs(again.distanceM - L / 2)).toBeLessThan(0.05);
    expect(again.lateralM).toBeCloseTo(1.5, 2);
  });
});
