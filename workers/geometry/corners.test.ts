import { describe, expect, it } from 'vitest';
import { buildTrackModel } from './build.ts';
import { classifyCorner, smoothCyclic } from './corners.ts';
import { figureEight, gaussian, sampleTurtle, seededRandom, turtleAt, turtlePath, type TurtlePath, type TurtleSegment } from './synthetic.ts';
import type { TrackModel } from './types.ts';

function model(path: TurtlePath, stepM = 5, noiseM = 0, start?: { xM: number; yM: number; headingRad: number }): TrackModel {
  const { xM, yM } = sampleTurtle(path, stepM, 0.3, start);
  if (noiseM > 0) {
    const rand = seededRandom(11);
    for (let i = 0; i < xM.length; i++) {
      xM[i] += noiseM * gaussian(rand);
      yM[i] += noiseM * gaussian(rand);
    }
  }
  return buildTrackModel({ name: 'synthetic', sourceFormat: 'synthetic', sourceFile: '', points: { frame: 'local', xM, yM } });
}

/** Checks the loop closes (end point = start point, heading +360°). */
function expectClosed(path: TurtlePath): void {
  const end = turtleAt(path, path.lengthM - 1e-9);
  expect(Math.hypot(end.xM, end.yM)).toBeLessThan(1e-6);
}

/** Arcs of the path with their exact entry/exit distances. */
function arcs(path: TurtlePath) {
  return path.segments.flatMap((seg, i) =>
    'arcRadiusM' in seg
      ? [{ entryM: path.startsM[i], exitM: path.startsM[i] + (seg.arcRadiusM * Math.abs(seg.turnDeg) * Math.PI) / 180, seg }]
      : [],
  );
}

// Straights and 90° arcs: five left-handers and one right-hander; starts halfway along the first straight.
const LAYOUT: TurtleSegment[] = [
  { straightM: 116 },
  { arcRadiusM: 50, turnDeg: 90 },
  { straightM: 300 },
  { arcRadiusM: 30, turnDeg: 90 },
  { straightM: 80 },
  { arcRadiusM: 22, turnDeg: 90 },
  { straightM: 40 },
  { arcRadiusM: 40, turnDeg: -90 },
  { straightM: 120 },
  { arcRadiusM: 70, turnDeg: 90 },
  { straightM: 128 },
  { arcRadiusM: 80, turnDeg: 90 },
  { straightM: 116 },
];

describe('corner detection', () => {
  it('straights and arcs: every corner back with its direction, radius (2 %), entry/exit (3 m), angle and class', () => {
    const path = turtlePath(LAYOUT);
    expectClosed(path);
    // Points every ~2.5 m (±30 %). At 5 m spacing the spline overshoots at the curvature steps of ideal
    // arcs and radii come out up to ~4 % small; real corners have transitions, not steps.
    const m = model(path, 2.5);
    const expected = arcs(path);
    expect(m.corners.length).toBe(expected.length);
    m.corners.forEach((c, i) => {
      const e = expected[i];
      expect(c.number).toBe(i + 1);
      expect(c.name).toBe(`T${i + 1}`);
      expect(c.direction).toBe(e.seg.turnDeg > 0 ? 'left' : 'right');
      expect(Math.abs(c.minRadiusM / e.seg.arcRadiusM - 1)).toBeLessThan(0.02);
      expect(Math.abs(c.entryM - e.entryM)).toBeLessThan(3);
      expect(Math.abs(c.exitM - e.exitM)).toBeLessThan(3);
      expect(c.apexM).toBeGreaterThan(e.entryM);
      expect(c.apexM).toBeLessThan(e.exitM);
      expect(Math.abs(c.turningAngleDeg - 90)).toBeLessThan(3);
      expect(c.cornerClass).toBe(classifyCorner(e.seg.arcRadiusM));
    });
    expect(m.corners.map((c) => c.cornerClass)).toEqual(['slow', 'slow', 'hairpin', 'slow', 'medium', 'medium']);
    expect(m.chicanes).toEqual([]); // T3/T4 are 40 m apart: not a chicane
    expect(Math.abs(m.grid.lengthM - path.lengthM)).toBeLessThan(0.05);
  });

  it('the same layout with 5 cm point noise still gives six corners (no splits)', () => {
    const m = model(turtlePath(LAYOUT), 5, 0.05);
    expect(m.corners.map((c) => c.direction)).toEqual(['left', 'left', 'left', 'right', 'left', 'left']);
    for (const c of m.corners) expect(Math.abs(c.turningAngleDeg - 90)).toBeLessThan(5);
  });

  it('figure-eight: two corners, right then left, radius and turning angle right', () => {
    const { path, start } = figureEight(80, 160);
    const m = model(path, 4, 0, start);
    expect(m.corners.map((c) => c.direction)).toEqual(['right', 'left']);
    for (const c of m.corners) {
      expect(Math.abs(c.minRadiusM / 80 - 1)).toBeLessThan(0.02);
      expect(Math.abs(c.turningAngleDeg - 240)).toBeLessThan(3);
    }
    expect(Math.abs(m.grid.lengthM - path.lengthM)).toBeLessThan(0.05);
    // Curvature changes sign between the two loops.
    const k = m.grid.curvaturePerM;
    expect(k[Math.round(m.corners[0].apexM)]).toBeLessThan(0);
    expect(k[Math.round(m.corners[1].apexM)]).toBeGreaterThan(0);
  });

  // Rectangle with a left-right flick on the top straight, solved so that it closes.
  function chicaneLayout(gapM: number): TurtlePath {
    const base = (a: number, b: number): TurtleSegment[] => [
      { straightM: a },
      { arcRadiusM: 40, turnDeg: 90 },
      { straightM: 150 },
      { arcRadiusM: 40, turnDeg: 90 },
      { straightM: 100 },
      { arcRadiusM: 20, turnDeg: 45 },
      { straightM: gapM },
      { arcRadiusM: 20, turnDeg: -45 },
      { straightM: 100 },
      { arcRadiusM: 40, turnDeg: 90 },
      { straightM: b },
      { arcRadiusM: 40, turnDeg: 90 },
    ];
    const end = turtleAt(turtlePath(base(0, 0)), turtlePath(base(0, 0)).lengthM - 1e-9);
    const path = turtlePath(base(-end.xM, end.yM));
    expect(-end.xM).toBeGreaterThan(0);
    expect(end.yM).toBeGreaterThan(0);
    expectClosed(path);
    return path;
  }

  it('a tight left-right flick with a 10 m gap is marked as a chicane; the same 60 m apart is not', () => {
    const m = model(chicaneLayout(10), 3);
    expect(m.corners.map((c) => c.direction)).toEqual(['left', 'left', 'left', 'right', 'left', 'left']);
    expect(m.chicanes).toHaveLength(1);
    expect(m.chicanes[0].cornerNumbers).toEqual([3, 4]);
    expect(m.corners[2].chicane).toBe(0);
    expect(m.corners[3].chicane).toBe(0);
    expect(m.corners.filter((c) => c.chicane !== null)).toHaveLength(2);
    const far = model(chicaneLayout(60), 3);
    expect(far.corners).toHaveLength(6);
    expect(far.chicanes).toHaveLength(0);
  });

  it('esses are never merged; a same-direction double apex 10 m apart is one corner, 40 m apart two', () => {
    const esses = turtlePath([
      { straightM: 300 },
      { arcRadiusM: 100, turnDeg: 60 },
      { arcRadiusM: 100, turnDeg: -60 },
      { straightM: 200 },
      { arcRadiusM: 60, turnDeg: 180 },
      { straightM: 300 + 200 * 0 },
      { arcRadiusM: 60, turnDeg: 180 },
    ]);
    const e = model(esses, 4);
    // The esses shift the lap sideways, so this does not close exactly; only its corners matter here.
    expect(e.corners.slice(0, 2).map((c) => c.direction)).toEqual(['left', 'right']);
    const double = (gap: number): TrackModel =>
      model(
        turtlePath([
          { straightM: 300 },
          { arcRadiusM: 40, turnDeg: 90 },
          { straightM: gap },
          { arcRadiusM: 40, turnDeg: 90 },
          { straightM: 300 },
          { arcRadiusM: 40, turnDeg: 90 },
          { straightM: gap },
          { arcRadiusM: 40, turnDeg: 90 },
        ]),
        4,
      );
    const merged = double(10);
    expect(merged.corners).toHaveLength(2);
    expect(Math.abs(merged.corners[0].turningAngleDeg - 180)).toBeLessThan(3);
    expect(double(40).corners).toHaveLength(4);
  });

  it('a corner across the start/finish line is one corner, numbered by its apex', () => {
    // Rounded square starting in the middle of an arc.
    const path = turtlePath([
      { arcRadiusM: 50, turnDeg: 45 },
      { straightM: 200 },
      { arcRadiusM: 50, turnDeg: 90 },
      { straightM: 200 },
      { arcRadiusM: 50, turnDeg: 90 },
      { straightM: 200 },
      { arcRadiusM: 50, turnDeg: 90 },
      { straightM: 200 },
      { arcRadiusM: 50, turnDeg: 45 },
    ]);
    expectClosed(path);
    const m = model(path, 5);
    expect(m.corners).toHaveLength(4);
    const across = m.corners.find((c) => c.entryM > c.exitM)!;
    expect(across).toBeDefined();
    expect(Math.abs(across.turningAngleDeg - 90)).toBeLessThan(3);
    expect(m.corners.map((c) => c.apexM)).toEqual([...m.corners.map((c) => c.apexM)].sort((a, b) => a - b));
  });

  it('a circle is one corner the whole way round', () => {
    const m = model(turtlePath([{ arcRadiusM: 100, turnDeg: 360 }]), 5);
    expect(m.corners).toHaveLength(1);
    expect(Math.abs(m.corners[0].turningAngleDeg - 360)).toBeLessThan(2);
    expect(m.corners[0].cornerClass).toBe('medium');
  });

  it('classes follow the documented radius thresholds', () => {
    expect([10, 24.9, 25, 59.9, 60, 119, 120, 249, 250, 1000].map(classifyCorner)).toEqual([
      'hairpin',
      'hairpin',
      'slow',
      'slow',
      'medium',
      'medium',
      'fast',
      'fast',
      'kink',
      'kink',
    ]);
  });

  it('smoothCyclic averages across the wrap', () => {
    expect([...smoothCyclic(Float64Array.from([3, 0, 0, 0, 0, 0, 3]), 3)]).toEqual([2, 1, 0, 0, 0, 1, 2]);
  });
});
