import { describe, expect, it } from 'vitest';
import type { Corner, TrackGrid } from '../../geometry/types.ts';
import { CORNER_DISTANCE_CAP_M, FEATURE_NAMES, featureRows, HEADING_WINDOW_M, speedFeatures, trackFeatures } from './features.ts';

/** A circle of radius r on a 1 m grid (counter-clockwise), with a rising ramp of elevation when asked. */
function circleGrid(r: number, elevationPerM = 0): TrackGrid {
  const lengthM = 2 * Math.PI * r;
  const n = Math.ceil(lengthM);
  const distanceM = Float64Array.from({ length: n }, (_, i) => i);
  const heading = distanceM.map((d) => Math.atan2(Math.sin(d / r + Math.PI / 2), Math.cos(d / r + Math.PI / 2)));
  return {
    lengthM,
    stepM: 1,
    distanceM,
    xM: distanceM.map((d) => r * Math.cos(d / r)),
    yM: distanceM.map((d) => r * Math.sin(d / r)),
    headingRad: heading,
    curvaturePerM: new Float64Array(n).fill(1 / r),
    widthLeftM: null,
    widthRightM: null,
    elevationM: elevationPerM ? distanceM.map((d) => 100 + elevationPerM * d) : null,
  };
}

const corner = (number: number, entryM: number, apexM: number, exitM: number): Corner => ({
  number, name: `T${number}`, entryM, apexM, exitM, direction: 'left', minRadiusM: 50, turningAngleDeg: 90, cornerClass: 'medium', chicane: null,
});

describe('track features', () => {
  it('measure curvature and the heading change over the next and previous 50 m on a circle', () => {
    const r = 200;
    const f = trackFeatures(circleGrid(r), []);
    expect(f.bins).toBe(Math.ceil(2 * Math.PI * r));
    expect(f.binLengthM[0]).toBe(1);
    expect(f.binLengthM[f.bins - 1]).toBeCloseTo(2 * Math.PI * r - (f.bins - 1), 9);
    for (const j of [0, 100, 600, f.bins - 10]) {
      expect(f.curvatureAbsPerM[j]).toBeCloseTo(1 / r, 12);
      // across the line the last step is shorter than 1 m: within one step of 50 m of arc
      expect(Math.abs(f.headingChangeAheadRad[j] - HEADING_WINDOW_M / r)).toBeLessThan(1.01 / r);
      expect(Math.abs(f.headingChangeBehindRad[j] - HEADING_WINDOW_M / r)).toBeLessThan(1.01 / r);
    }
    expect(f.hasElevation).toBe(false);
    expect(f.gradient.every((g) => g === 0)).toBe(true);
    expect(f.distanceToApexM.every((d) => d === CORNER_DISTANCE_CAP_M)).toBe(true);
  });

  it('take the gradient from the elevation and measure cyclic distances to the corners', () => {
    const f = trackFeatures(circleGrid(200, 0.02), [corner(1, 100, 150, 200), corner(2, 1000, 1050, 1100)]);
    expect(f.hasElevation).toBe(true);
    expect(f.gradient[300]).toBeCloseTo(0.02, 12);
    // at 10.5 m (bin 10's middle): entry of T1 89.5 m ahead, apex 139.5 m; the last apex (T2 at 1050 m) is 217 m behind on a 1257 m lap
    expect(f.distanceToEntryM[10]).toBeCloseTo(89.5, 9);
    expect(f.distanceToApexM[10]).toBeCloseTo(139.5, 9);
    expect(f.distanceSinceApexM[10]).toBeCloseTo(10.5 + f.lengthM - 1050, 9);
    // just past T1's apex
    expect(f.distanceSinceApexM[160]).toBeCloseTo(10.5, 9);
    expect(f.distanceToApexM[160]).toBeCloseTo(CORNER_DISTANCE_CAP_M, 9); // T2's apex is 889.5 m away: capped
  });
});

describe('speed features', () => {
  it('give v, dv/ds and a = v·dv/ds of a constant-acceleration profile, and the time per metre', () => {
    const grid = circleGrid(100);
    const track = trackFeatures(grid, []);
    const a = 2; // m/s², v² = v0² + 2as
    const speedMs = Float64Array.from({ length: track.bins + 1 }, (_, i) => Math.sqrt(400 + 2 * a * Math.min(i, track.lengthM)));
    const s = speedFeatures({ speedMs }, track, 5);
    for (const j of [0, 50, 300, track.bins - 1]) {
      expect(s.speedMs[j]).toBeCloseTo(0.5 * (speedMs[j] + speedMs[j + 1]), 12);
      expect(s.accelMs2[j]).toBeCloseTo(a, 1);
      expect(s.dtS[j]).toBeCloseTo(track.binLengthM[j] / s.speedMs[j], 12);
    }
    const x = featureRows(track, s);
    const F = FEATURE_NAMES.length;
    expect(x.length).toBe(track.bins * F);
    const j = 200;
    const v = s.speedMs[j];
    expect(x[j * F + FEATURE_NAMES.indexOf('netPowerPerKgWkg')]).toBeCloseTo(s.accelMs2[j] * v, 3);
    expect(x[j * F + FEATURE_NAMES.indexOf('lateralAccelMs2')]).toBeCloseTo((v * v) / 100, 3);
  });

  it('reject a profile of the wrong length or with a stop in it', () => {
    const track = trackFeatures(circleGrid(100), []);
    expect(() => speedFeatures({ speedMs: new Float64Array(track.bins).fill(30) }, track)).toThrow(/grid speeds/);
    const stop = new Float64Array(track.bins + 1).fill(30);
    stop[20] = 0;
    expect(() => speedFeatures({ speedMs: stop }, track)).toThrow(/at 20 m/);
  });
});
