import { describe, expect, it } from 'vitest';
import { projectOnTrack } from '../geometry/projector.ts';
import { turtleAt } from '../geometry/synthetic.ts';
import { createLocalFrame, geodeticToLocal } from '../geometry/projection.ts';
import { acquire, createLineProjector, projectFrom, segmentAt, type Foot } from './line-projector.ts';
import { STADIUM, STADIUM_ORIGIN, stadiumModel } from './test-fixtures.ts';

const model = stadiumModel();
const proj = createLineProjector(model.grid);
const frame = createLocalFrame(STADIUM_ORIGIN.latDeg, STADIUM_ORIGIN.lonDeg);
const origin = geodeticToLocal(frame, model.frame!.originLatDeg, model.frame!.originLonDeg);

/** A point `offset` metres left of the true stadium line at distance s, in the model's frame. */
function pointAt(s: number, offset: number): { x: number; y: number } {
  const p = turtleAt(STADIUM, s);
  return { x: p.xM - offset * Math.sin(p.headingRad) - origin.xM, y: p.yM + offset * Math.cos(p.headingRad) - origin.yM };
}

describe('line projector', () => {
  it('finds the distance along and the offset of points on and beside the line, inside and outside the turns', () => {
    const foot: Foot = { distanceM: 0, lateralM: 0, segment: 0 };
    let worstAlong = 0;
    let worstAcross = 0;
    let worstVsGeometry = 0;
    for (let s = 3; s < STADIUM.lengthM - 3; s += 0.73) {
      for (const off of [-8, -2, 0, 3, 9]) {
        const p = pointAt(s, off);
        expect(projectFrom(proj, p.x, p.y, segmentAt(proj, s + 20), 60, foot)).toBe(true);
        worstAlong = Math.max(worstAlong, Math.abs(foot.distanceM - s));
        worstAcross = Math.max(worstAcross, Math.abs(foot.lateralM - off));
        worstVsGeometry = Math.max(worstVsGeometry, Math.abs(foot.distanceM - projectOnTrack(proj.index, p.x, p.y, { hintDistanceM: s }).distanceM));
      }
    }
    // 9 m off a 50 m turn the distance stays within centimetres (the spline rings a little where a straight
    // meets an arc without a transition curve, for both projectors); across, within millimetres
    expect(worstAlong).toBeLessThan(0.04);
    expect(worstVsGeometry).toBeLessThan(0.02);
    expect(worstAcross).toBeLessThan(0.01);
  });

  it('agrees with the geometry projector, walks from a distant hint, and gives up past its walk limit', () => {
    const foot: Foot = { distanceM: 0, lateralM: 0, segment: 0 };
    const p = pointAt(450, 4);
    const q = projectOnTrack(proj.index, p.x, p.y);
    expect(projectFrom(proj, p.x, p.y, 400, 200, foot)).toBe(true);
    expect(foot.distanceM).toBeCloseTo(q.distanceM, 1);
    expect(foot.lateralM).toBeCloseTo(q.lateralM, 1);
    const far = pointAt(180, 1);
    expect(projectFrom(proj, far.x, far.y, 100, 20, foot)).toBe(false);
    acquire(proj, p.x, p.y, foot);
    expect(foot.distanceM).toBeCloseTo(450, 1);
  });

  it('wraps across the start/finish line', () => {
    const foot: Foot = { distanceM: 0, lateralM: 0, segment: 0 };
    const p = pointAt(2, 1);
    expect(projectFrom(proj, p.x, p.y, proj.n - 3, 20, foot)).toBe(true);
    expect(foot.distanceM).toBeCloseTo(2, 1);
    expect(segmentAt(proj, -1)).toBe(Math.floor(proj.lengthM - 1));
  });
});
