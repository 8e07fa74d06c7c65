import { describe, expect, it } from 'vitest';
import { buildReferenceLine } from './reference-line.ts';
import { ellipseCurvature, figureEight, gaussian, sampleEllipse, sampleTurtle, seededRandom, turtleAt } from './synthetic.ts';

function circle(radiusM: number, stepM: number, noiseM = 0, seed = 1) {
  const n = Math.round((2 * Math.PI * radiusM) / stepM);
  const rand = seededRandom(seed);
  const xM: number[] = [];
  const yM: number[] = [];
  for (let i = 0; i < n; i++) {
    // Irregular spacing (±30 %), as real outlines have.
    const a = (2 * Math.PI * (i + 0.3 * Math.sin(1.3 * i))) / n;
    const r = radiusM + noiseM * gaussian(rand);
    xM.push(500 + r * Math.cos(a));
    yM.push(-200 + r * Math.sin(a));
  }
  return { xM, yM };
}

describe('reference line on the 1 m grid', () => {
  it.each([
    [15, 2],
    [50, 5],
    [200, 10],
    [1000, 20],
  ])('circle R=%f m sampled every ~%f m: curvature 1/R within 0.5 percent everywhere, length to 1 cm', (R, step) => {
    const { grid } = buildReferenceLine(circle(R, step));
    let worst = 0;
    for (const k of grid.curvaturePerM) worst = Math.max(worst, Math.abs(k * R - 1));
    expect(worst).toBeLessThan(0.005);
    expect(Math.abs(grid.lengthM - 2 * Math.PI * R)).toBeLessThan(0.01);
    // 1 m grid: n points, last step closes the loop.
    expect(grid.distanceM.length).toBe(Math.ceil(grid.lengthM));
    for (let i = 1; i < grid.xM.length; i++) {
      const d = Math.hypot(grid.xM[i] - grid.xM[i - 1], grid.yM[i] - grid.yM[i - 1]);
      expect(Math.abs(d - 2 * R * Math.sin(0.5 / R))).toBeLessThan(1e-5); // chord of a 1 m arc
    }
    const last = grid.xM.length - 1;
    const closing = Math.hypot(grid.xM[0] - grid.xM[last], grid.yM[0] - grid.yM[last]);
    expect(Math.abs(closing - (grid.lengthM - last))).toBeLessThan(1e-3);
    // Points lie on the circle to the millimetre.
    for (let i = 0; i < grid.xM.length; i += 7) expect(Math.abs(Math.hypot(grid.xM[i] - 500, grid.yM[i] + 200) - R)).toBeLessThan(1e-3);
  });

  it('noisy circle (R=60 m, 0.3 m noise every 2 m): noise found, curvature within 5 % (RMS 2 %), length within 0.3 %', () => {
    const { grid, smoothing } = buildReferenceLine(circle(60, 2, 0.3, 7));
    expect(smoothing.noiseM).toBeGreaterThan(0.25);
    expect(smoothing.noiseM).toBeLessThan(0.35);
    expect(smoothing.smoothingLengthM).toBeGreaterThan(5);
    let worst = 0;
    let ss = 0;
    for (const k of grid.curvaturePerM) {
      worst = Math.max(worst, Math.abs(k * 60 - 1));
      ss += (k * 60 - 1) ** 2;
    }
    expect(worst).toBeLessThan(0.05);
    expect(Math.sqrt(ss / grid.curvaturePerM.length)).toBeLessThan(0.02);
    expect(Math.abs(grid.lengthM / (2 * Math.PI * 60) - 1)).toBeLessThan(0.003);
  });

  it('dense raw-GPS-like noise (0.5 m every 1.7 m) is smoothed to the curvature-noise floor (~1e-3 1/m RMS)', () => {
    const { grid, smoothing } = buildReferenceLine(circle(100, 1.7, 0.5, 3));
    expect(smoothing.smoothingLengthM).toBeGreaterThan(6);
    let ss = 0;
    for (const k of grid.curvaturePerM) ss += (k - 0.01) ** 2;
    expect(Math.sqrt(ss / grid.curvaturePerM.length)).toBeLessThan(2e-3);
  });

  it('ellipse 300 × 150 m sampled at 600 points: curvature matches ab/(a²sin²t + b²cos²t)^1.5 within 0.1 % (measured 0.012 %)', () => {
    const { grid } = buildReferenceLine(sampleEllipse(300, 150, 600));
    let worst = 0;
    for (let i = 0; i < grid.xM.length; i++) {
      const exact = ellipseCurvature(300, 150, grid.xM[i], grid.yM[i]);
      worst = Math.max(worst, Math.abs(grid.curvaturePerM[i] / exact - 1));
    }
    expect(worst).toBeLessThan(0.001);
    // Ramanujan's second approximation of the perimeter (error ~1e-10 here).
    const [a, b] = [300, 150];
    const h = ((a - b) / (a + b)) ** 2;
    const perimeter = Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
    expect(Math.abs(grid.lengthM - perimeter)).toBeLessThan(0.01);
  });

  it('heading is the direction of travel and curvature its derivative', () => {
    const { grid } = buildReferenceLine(sampleEllipse(250, 120, 500));
    for (let i = 1; i < grid.xM.length - 1; i += 13) {
      const dir = Math.atan2(grid.yM[i + 1] - grid.yM[i - 1], grid.xM[i + 1] - grid.xM[i - 1]);
      expect(Math.abs(Math.atan2(Math.sin(dir - grid.headingRad[i]), Math.cos(dir - grid.headingRad[i])))).toBeLessThan(1e-3);
      let dh = grid.headingRad[i + 1] - grid.headingRad[i - 1];
      dh = Math.atan2(Math.sin(dh), Math.cos(dh));
      expect(Math.abs(dh / 2 - grid.curvaturePerM[i])).toBeLessThan(2e-5);
    }
  });

  it('start/finish point becomes distance 0; direction of travel is kept', () => {
    const c = circle(100, 5);
    const { grid } = buildReferenceLine({ ...c, startFinish: { xM: 500, yM: -200 + 130 } });
    expect(grid.xM[0]).toBeCloseTo(500, 3);
    expect(grid.yM[0]).toBeCloseTo(-100, 3);
    expect(grid.curvaturePerM[0]).toBeGreaterThan(0); // anticlockwise input → left turns
  });

  it('widths are interpolated and elevation smoothed onto the grid', () => {
    const c = circle(100, 5);
    const n = c.xM.length;
    const widthLeftM = c.xM.map((_v, i) => 5 + (i % 2) * 0.0); // constant 5
    const widthRightM = c.xM.map((_v, i) => 4 + i / n); // ramps 4 → 5
    const elevationM = c.xM.map((_v, i) => 100 + Math.round(10 * Math.sin((2 * Math.PI * i) / n))); // metre steps
    const { grid } = buildReferenceLine({ ...c, widthLeftM, widthRightM, elevationM });
    expect(grid.widthLeftM!.every((w) => Math.abs(w - 5) < 1e-9)).toBe(true);
    expect(grid.widthRightM![0]).toBeCloseTo(4, 3);
    expect(grid.widthRightM![Math.round(grid.lengthM / 2)]).toBeCloseTo(4.5, 1);
    let worst = 0;
    for (let i = 0; i < grid.xM.length; i++) {
      const ang = Math.atan2(grid.yM[i] + 200, grid.xM[i] - 500);
      worst = Math.max(worst, Math.abs(grid.elevationM![i] - (100 + 10 * Math.sin(ang))));
    }
    expect(worst).toBeLessThan(0.6); // metre-quantised input, smoothed
  });

  it('figure-eight (self-crossing): length exact, curvature −1/R then +1/R', () => {
    const { path, start } = figureEight(80, 160);
    const pts = sampleTurtle(path, 4, 0.3, start);
    const { grid } = buildReferenceLine(pts);
    expect(Math.abs(grid.lengthM - path.lengthM)).toBeLessThan(0.05);
    // Middle of the first arc (right) and of the second arc (left).
    const mid1 = path.startsM[1] + (path.startsM[2] - path.startsM[1]) / 2;
    const mid2 = path.startsM[3] + (path.startsM[4] - path.startsM[3]) / 2;
    expect(grid.curvaturePerM[Math.round(mid1)] * 80).toBeCloseTo(-1, 2);
    expect(grid.curvaturePerM[Math.round(mid2)] * 80).toBeCloseTo(1, 2);
    // It really crosses itself: the grid passes the origin twice, about half a lap apart.
    const near = [];
    for (let i = 0; i < grid.xM.length; i++) if (Math.hypot(grid.xM[i], grid.yM[i]) < 0.6) near.push(i);
    expect(near.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...near) - Math.min(...near)).toBeGreaterThan(grid.lengthM / 3);
    const exact = turtleAt(path, 300, start);
    expect(Math.hypot(grid.xM[300] - exact.xM, grid.yM[300] - exact.yM)).toBeLessThan(0.05);
  });

  it('refuses fewer than 6 distinct points', () => {
    expect(() => buildReferenceLine({ xM: [0, 1, 1, 0, 0], yM: [0, 0, 1, 1, 0] })).toThrow(RangeError);
  });
});
