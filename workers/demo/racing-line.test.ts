import { describe, expect, it } from 'vitest';
import { buildRacingLine, linePathAt, lineOffsetAt, offsetPathGeometry } from './racing-line.ts';
import { demoTrack, trackPoseAt } from './track.ts';

const track = demoTrack();
const wide = buildRacingLine(track, { outsideUseM: 4.5, insideUseM: 4.5, apexLateM: 0 });
const late = buildRacingLine(track, { outsideUseM: 4.5, insideUseM: 4.5, apexLateM: 12 });
const tight = buildRacingLine(track, { outsideUseM: 1.5, insideUseM: 4.3, apexLateM: 0 });

/** Tightest radius of a line through a corner, and where it is. */
function tightest(line: typeof wide, c: (typeof track.corners)[number]) {
  let r = Infinity, at = 0;
  for (let s = c.entryM - 20; s <= c.exitM + 20; s += 0.5) {
    const g = linePathAt(track, line, s);
    if (1 / Math.abs(g.curvature) < r) { r = 1 / Math.abs(g.curvature); at = s; }
  }
  return { r, at };
}

describe('racing line', () => {
  it('stays inside its corridor and the track', () => {
    for (const [line, lim] of [[wide, 4.5], [late, 4.5], [tight, 4.3]] as const) {
      let max = 0;
      for (let s = 0; s < track.lengthM; s += 1) max = Math.max(max, Math.abs(lineOffsetAt(line, s).n));
      expect(max).toBeLessThanOrEqual(lim + 1e-6);
      expect(max).toBeGreaterThan(lim - 0.5); // it does use the width
    }
  });

  it('opens the slow corners: the full-width line is rounder than the centreline', () => {
    const slow = track.corners.filter((k) => k.character === 'slow' || k.character === 'medium');
    const opened = slow.filter((c) => tightest(wide, c).r > c.radiusM * 1.1);
    expect(opened.length).toBeGreaterThanOrEqual(Math.ceil(0.75 * slow.length));
    // none is much tighter (a corner right after another may be compromised)
    for (const c of slow) expect(tightest(wide, c).r).toBeGreaterThan(c.radiusM * 0.85);
    // a hairpin can only be opened a little: the line still must turn 175° inside 12 m of width
    const hairpin = track.corners.find((c) => c.character === 'hairpin')!;
    expect(tightest(wide, hairpin).r).toBeGreaterThan(hairpin.radiusM * 0.75);
  });

  it('keeps a tight line off the outside at turn-in, and a late-apex line apexes later', () => {
    // corners with a run-up of their own (not the second half of a chicane or esses)
    const standalone = track.corners.filter((k, i) => k.radiusM < 100 && (i === 0 ? k.entryM + track.lengthM - track.corners[track.corners.length - 1].exitM : k.entryM - track.corners[i - 1].exitM) > 50);
    expect(standalone.length).toBeGreaterThanOrEqual(6);
    for (const c of standalone) {
      const outside = c.direction === 'left' ? -1 : 1;
      const wideTurnIn = outside * lineOffsetAt(wide, c.entryM - 10).n;
      const tightTurnIn = outside * lineOffsetAt(tight, c.entryM - 10).n;
      expect(tightTurnIn).toBeLessThanOrEqual(1.5 + 1e-6);
      expect(wideTurnIn).toBeGreaterThan(tightTurnIn);
    }
    let later = 0, slow = 0;
    for (const c of track.corners.filter((k) => k.radiusM <= 100)) {
      slow++;
      // where the line is closest to the inside kerb
      const apexOf = (line: typeof wide) => {
        let best = -Infinity, at = 0;
        for (let s = c.entryM; s <= c.exitM + 20; s += 0.5) {
          const inside = (c.direction === 'left' ? 1 : -1) * lineOffsetAt(line, s).n;
          if (inside > best + 1e-3) { best = inside; at = s; }
        }
        return at;
      };
      if (apexOf(late) > apexOf(wide) + 2) later++;
    }
    expect(later).toBeGreaterThanOrEqual(slow - 1);
  });

  it('gives the exact curvature of the offset path', () => {
    // compare the formula with the curvature of the path's points (three-point circle)
    for (const s of [100, 480, 1483, 2040, 3100, 3480]) {
      const h = 0.05;
      const pts = [s - h, s, s + h].map((x) => {
        const p = trackPoseAt(track, x);
        const n = lineOffsetAt(wide, x).n;
        return [p.xM - n * Math.sin(p.headingRad), p.yM + n * Math.cos(p.headingRad)];
      });
      const [a, b, c] = pts;
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      const la = Math.hypot(b[0] - a[0], b[1] - a[1]), lb = Math.hypot(c[0] - b[0], c[1] - b[1]), lc = Math.hypot(c[0] - a[0], c[1] - a[1]);
      const numeric = (2 * cross) / (la * lb * lc);
      expect(linePathAt(track, wide, s).curvature).toBeCloseTo(numeric, 4);
    }
    // on a straight with no offset change the path is straight and unstretched
    const g = offsetPathGeometry(0, 0, { n: 2, dn: 0, ddn: 0 });
    expect(g.curvature).toBe(0);
    expect(g.stretch).toBe(1);
    // a parallel offset of a circle: radius R − n for an inside offset
    const r = offsetPathGeometry(1 / 50, 0, { n: 5, dn: 0, ddn: 0 });
    expect(1 / r.curvature).toBeCloseTo(45, 9);
    expect(r.stretch).toBeCloseTo(0.9, 12);
  });

  it('wraps smoothly at the start/finish line', () => {
    const a = lineOffsetAt(wide, track.lengthM - 1e-6), b = lineOffsetAt(wide, 0);
    expect(a.n).toBeCloseTo(b.n, 6);
    expect(a.dn).toBeCloseTo(b.dn, 6);
    expect(a.ddn).toBeCloseTo(b.ddn, 4);
  });
});
