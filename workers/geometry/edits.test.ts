import { describe, expect, it } from 'vitest';
import { buildTrackModel } from './build.ts';
import { applyTrackEdits } from './edits.ts';
import { buildSectors } from './sectors.ts';
import { sampleTurtle, turtlePath } from './synthetic.ts';
import type { TrackModel } from './types.ts';

// Rounded rectangle: four left-hand 90° corners of R = 30, 40, 50, 60 m.
function rectangle(): TrackModel {
  const path = turtlePath([
    { straightM: 200 },
    { arcRadiusM: 30, turnDeg: 90 },
    { straightM: 100 },
    { arcRadiusM: 40, turnDeg: 90 },
    { straightM: 200 },
    { arcRadiusM: 50, turnDeg: 90 },
    { straightM: 60 },
    { arcRadiusM: 60, turnDeg: 90 },
  ]);
  const { xM, yM } = sampleTurtle(path, 2.5);
  return buildTrackModel({ name: 'rect', sourceFormat: 'synthetic', sourceFile: '', points: { frame: 'local', xM, yM } });
}

describe('sectors', () => {
  it('three equal sectors by default; given starts in any order, wrapped; the last runs to the line', () => {
    expect(buildSectors(900)).toEqual([
      { name: 'S1', startM: 0, endM: 300 },
      { name: 'S2', startM: 300, endM: 600 },
      { name: 'S3', startM: 600, endM: 900 },
    ]);
    expect(buildSectors(1000, [700, 250, 1000])).toEqual([
      { name: 'S1', startM: 0, endM: 250 },
      { name: 'S2', startM: 250, endM: 700 },
      { name: 'S3', startM: 700, endM: 1000 },
    ]);
    // A sector across the start/finish line when no boundary sits at 0.
    expect(buildSectors(1000, [100, 600]).at(-1)).toEqual({ name: 'S2', startM: 600, endM: 100 });
  });
});

describe('user edits', () => {
  const model = rectangle();

  it('the fixture has four corners and three sectors', () => {
    expect(model.corners.map((c) => Math.round(c.minRadiusM))).toEqual([30, 40, 50, 60]);
    expect(model.sectors).toHaveLength(3);
    expect(model.edits).toEqual({});
  });

  it('renames corners and sectors, removes a corner, without touching the input model', () => {
    const before = JSON.stringify(model.corners);
    const edited = applyTrackEdits(model, {
      cornerNames: { 1: 'Turn One', 3: 'Hairpin' },
      removeCorners: [2],
      sectorNames: { 0: 'Start', 2: 'Last' },
    });
    expect(edited.corners.map((c) => c.name)).toEqual(['Turn One', 'Hairpin', 'T4']);
    expect(edited.corners.map((c) => c.number)).toEqual([1, 3, 4]);
    expect(edited.sectors.map((s) => s.name)).toEqual(['Start', 'S2', 'Last']);
    expect(JSON.stringify(model.corners)).toBe(before);
    expect(edited.detected).toBe(model.detected);
    expect(edited.edits.removeCorners).toEqual([2]);
  });

  it('moving a corner boundary re-measures it; edits always start from the detected corners', () => {
    const c1 = model.corners[0];
    const edited = applyTrackEdits(model, { cornerBounds: { 1: { entryM: c1.entryM - 20, exitM: c1.exitM - 20 } } });
    const e1 = edited.corners[0];
    expect(e1.entryM).toBeCloseTo(c1.entryM - 20, 6);
    expect(e1.exitM).toBeCloseTo(c1.exitM - 20, 6);
    // 20 m of the 47 m arc are cut off at the exit: turning angle drops to about 90 · 27/47 degrees.
    expect(Math.abs(e1.turningAngleDeg - (90 * (47.1 - 20)) / 47.1)).toBeLessThan(4);
    expect(e1.apexM).toBeGreaterThanOrEqual(e1.entryM);
    expect(e1.apexM).toBeLessThanOrEqual(e1.exitM);
    // Same edits applied to the edited model give the same result (idempotent).
    const again = applyTrackEdits(edited, edited.edits);
    expect(again.corners).toEqual(edited.corners);
    // An empty edit restores the detection.
    expect(applyTrackEdits(edited, {}).corners).toEqual(model.corners);
  });

  it('an apex can be placed by hand; a bad one is refused', () => {
    const c2 = model.corners[1];
    const apexM = c2.entryM + 5;
    const edited = applyTrackEdits(model, { cornerBounds: { 2: { apexM } } });
    expect(edited.corners[1].apexM).toBe(Math.round(apexM));
    expect(() => applyTrackEdits(model, { cornerBounds: { 2: { apexM: c2.exitM + 50 } } })).toThrow(RangeError);
  });

  it('sector starts can be replaced; buildTrackModel applies edits given as an option', () => {
    const edited = applyTrackEdits(model, { sectorStartsM: [0, 100, 400, 700] });
    expect(edited.sectors.map((s) => s.startM)).toEqual([0, 100, 400, 700]);
    expect(edited.sectors.at(-1)!.endM).toBeCloseTo(model.grid.lengthM, 9);
  });
});
