import { describe, expect, it } from 'vitest';
import { buildTrack, demoTrack, elevationAt, solveClosure, trackPoseAt, type CornerSpec, type StraightSpec } from './track.ts';
import { DEMO_LAYOUT } from './track-layout.ts';
import { geodeticToLocal } from '../geometry/projection.ts';

const track = demoTrack();

describe('demo track', () => {
  it('closes exactly: the end point is the start point and the heading has turned one full lap', () => {
    const n = track.xM.length - 1;
    expect(Math.hypot(track.xM[n] - track.xM[0], track.yM[n] - track.yM[0])).toBeLessThan(0.01);
    expect(Math.hypot(track.xM[n] - track.xM[0], track.yM[n] - track.yM[0])).toBeLessThan(1e-6);
    expect(Math.abs(Math.abs(track.headingRad[n] - track.headingRad[0]) - 2 * Math.PI)).toBeLessThan(1e-9);
  });

  it('has a continuous heading and curvature equal to the heading rate', () => {
    let worstJump = 0, worstRate = 0;
    for (let i = 1; i < track.headingRad.length; i++) {
      const dh = track.headingRad[i] - track.headingRad[i - 1];
      worstJump = Math.max(worstJump, Math.abs(dh));
      const rate = dh / track.stepM;
      worstRate = Math.max(worstRate, Math.abs(rate - 0.5 * (track.curvature[i] + track.curvature[i - 1])));
    }
    expect(worstJump).toBeLessThan(track.stepM / 14); // tightest radius is 15 m
    // exact inside a segment; across a segment boundary the curvature kinks, worth at most max|dκ/ds|·step/4
    const maxRate = Math.max(...track.segments.map((g) => Math.abs(g.k1 - g.k0) / g.lengthM));
    expect(worstRate).toBeLessThanOrEqual((maxRate * track.stepM) / 4 + 1e-9);
    // positions follow the heading: chord length ≈ step
    for (let i = 1; i < track.xM.length; i += 97) {
      expect(Math.hypot(track.xM[i] - track.xM[i - 1], track.yM[i] - track.yM[i - 1])).toBeCloseTo(track.stepM, 4);
    }
  });

  it('is 3.5–4.5 km long with 10–14 corners of varied character', () => {
    expect(track.lengthM).toBeGreaterThan(3500);
    expect(track.lengthM).toBeLessThan(4500);
    expect(track.corners.length).toBeGreaterThanOrEqual(10);
    expect(track.corners.length).toBeLessThanOrEqual(14);
    const chars = new Set(track.corners.map((c) => c.character));
    for (const c of ['hairpin', 'slow', 'medium', 'fast', 'kink', 'chicane', 'esses'] as const) expect(chars.has(c)).toBe(true);
    const hairpin = track.corners.find((c) => c.character === 'hairpin')!;
    expect(hairpin.radiusM).toBeGreaterThanOrEqual(12);
    expect(hairpin.radiusM).toBeLessThanOrEqual(18);
    expect(Math.abs(hairpin.angleDeg)).toBeGreaterThan(150);
    const kink = track.corners.find((c) => c.character === 'kink')!;
    expect(Math.abs(kink.angleDeg)).toBeLessThan(20);
    // corners are in order and their spans hold their apexes
    for (let i = 0; i < track.corners.length; i++) {
      const c = track.corners[i];
      expect(c.entryM).toBeLessThan(c.apexM);
      expect(c.apexM).toBeLessThan(c.exitM);
      if (i > 0) expect(c.entryM).toBeGreaterThanOrEqual(track.corners[i - 1].exitM);
      expect(Math.abs(trackPoseAt(track, c.apexM).curvature)).toBeCloseTo(1 / c.radiusM, 9);
      const p = geodeticToLocal(track.frame, c.apexLatDeg, c.apexLonDeg);
      const pose = trackPoseAt(track, c.apexM);
      expect(Math.hypot(p.xM - pose.xM, p.yM - pose.yM)).toBeLessThan(1e-3);
    }
  });

  it('has clothoid transitions: curvature is continuous and piecewise linear', () => {
    for (let k = 1; k < track.segments.length; k++) {
      const a = track.segments[k - 1], b = track.segments[k];
      expect(b.k0).toBeCloseTo(a.k1, 12);
      expect(b.startM).toBeCloseTo(a.startM + a.lengthM, 9);
    }
  });

  it('does not cross itself', () => {
    let best = Infinity;
    const n = track.xM.length - 1;
    for (let i = 0; i < n; i += 8) {
      for (let j = i + 8; j < n; j += 8) {
        const along = Math.min(track.distanceM[j] - track.distanceM[i], track.lengthM - (track.distanceM[j] - track.distanceM[i]));
        if (along < 120) continue;
        best = Math.min(best, Math.hypot(track.xM[i] - track.xM[j], track.yM[i] - track.yM[j]));
      }
    }
    expect(best).toBeGreaterThan(track.widthM * 2);
  });

  it('sits at its latitude/longitude with the start/finish line at the origin', () => {
    expect(track.origin.latDeg).toBeCloseTo(52.118, 9);
    expect(track.startFinish.latDeg).toBeCloseTo(track.origin.latDeg, 12);
    expect(track.startFinish.distanceM).toBe(0);
    expect(track.startFinish.headingDeg).toBeCloseTo(80, 9);
    expect(track.startFinish.halfWidthM).toBe(track.widthM / 2);
  });

  it('has gentle, periodic elevation', () => {
    let min = Infinity, max = -Infinity, steepest = 0;
    for (let s = 0; s < track.lengthM; s += 5) {
      const e = elevationAt(track, s);
      min = Math.min(min, e.elevationM);
      max = Math.max(max, e.elevationM);
      steepest = Math.max(steepest, Math.abs(e.gradient));
    }
    expect(max - min).toBeGreaterThan(3);
    expect(max - min).toBeLessThan(20);
    expect(steepest).toBeLessThan(0.03);
    expect(elevationAt(track, track.lengthM).elevationM).toBeCloseTo(elevationAt(track, 0).elevationM, 9);
  });

  it('solves the closure of a perturbed layout exactly', () => {
    const items = DEMO_LAYOUT.items.map((it) => ({ ...it }));
    (items.find((it) => it.kind === 'straight' && it.id === 't1-t2') as StraightSpec).lengthM += 37;
    (items.find((it) => it.kind === 'corner' && it.name === 'T7') as CornerSpec).angleDeg += 6;
    const layout = { ...DEMO_LAYOUT, items };
    const solved = solveClosure(layout);
    expect(solved.cornerAngleDeg).toBeCloseTo(-6, 9);
    const t = buildTrack(layout);
    const n = t.xM.length - 1;
    expect(Math.hypot(t.xM[n] - t.xM[0], t.yM[n] - t.yM[0])).toBeLessThan(1e-6);
    expect(Math.abs(t.lengthM - track.lengthM)).toBeGreaterThan(1);
  });
});
