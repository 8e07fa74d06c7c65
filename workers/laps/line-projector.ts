// Fast, continuous projection of a moving car onto the reference line: from the previous foot, walk
// segment by segment to the one whose normal passes through the point (tangent interpolated between
// the grid headings, so metres off a tight bend still get the right distance). No allocation per call.

import { buildTrackIndex, projectOnTrack, type TrackIndex } from '../geometry/projector.ts';
import type { TrackGrid } from '../geometry/types.ts';

export interface LineProjector {
  grid: TrackGrid;
  n: number;
  lengthM: number;
  /** Unit tangent at every grid point. */
  tx: Float64Array;
  ty: Float64Array;
  /** Length of the segment from point i to i + 1 (the last one closes the loop). */
  stepM: Float64Array;
  /** Spatial index for (re)acquiring the line when there is no usable previous foot. */
  index: TrackIndex;
}

/** Where a point projects: distance along the line in [0, lengthM), signed offset (+ left), segment. */
export interface Foot {
  distanceM: number;
  lateralM: number;
  segment: number;
}

export function createLineProjector(grid: TrackGrid): LineProjector {
  const n = grid.xM.length;
  const tx = new Float64Array(n);
  const ty = new Float64Array(n);
  const stepM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    tx[i] = Math.cos(grid.headingRad[i]);
    ty[i] = Math.sin(grid.headingRad[i]);
    stepM[i] = i + 1 < n ? grid.distanceM[i + 1] - grid.distanceM[i] : grid.lengthM - grid.distanceM[i];
  }
  return { grid, n, lengthM: grid.lengthM, tx, ty, stepM, index: buildTrackIndex(grid) };
}

/**
 * Projects (x, y) starting from segment `hint`, walking at most `maxWalk` segments. Writes into `out` and
 * returns true; false when the walk did not settle (the caller re-acquires with `acquire`).
 */
export function projectFrom(p: LineProjector, x: number, y: number, hint: number, maxWalk: number, out: Foot): boolean {
  const { n, grid, tx, ty } = p;
  const xs = grid.xM;
  const ys = grid.yM;
  let seg = hint;
  let lastDir = 0;
  let walked = 0;
  // Walk along the chords to the segment the point projects onto (cheap), then solve on it exactly.
  for (;;) {
    const j = seg + 1 < n ? seg + 1 : 0;
    const dx = xs[j] - xs[seg];
    const dy = ys[j] - ys[seg];
    // the point's position along the chord, unnormalised: past its end when above the chord's length²
    const along = (x - xs[seg]) * dx + (y - ys[seg]) * dy;
    if (along > dx * dx + dy * dy && lastDir >= 0) {
      seg = j;
      lastDir = 1;
    } else if (along < 0 && lastDir <= 0) {
      seg = seg > 0 ? seg - 1 : n - 1;
      lastDir = -1;
    } else break;
    if (++walked > maxWalk) return false;
  }
  // Solve g(f) = (P − C(f))·T(f) = 0 on the chord with the tangent blended between the end tangents (a
  // quadratic in f); the blended normal may put the foot on a neighbour: follow it a step or two.
  let from = -1;
  for (let hop = 0; hop < 4; hop++) {
    const j = seg + 1 < n ? seg + 1 : 0;
    const ax = xs[seg];
    const ay = ys[seg];
    const dx = xs[j] - ax;
    const dy = ys[j] - ay;
    const dtx = tx[j] - tx[seg];
    const dty = ty[j] - ty[seg];
    // g(f) = (R − fD)·(T0 + fΔT) = c + bf + af² with R = P − A: the root nearest the chord's −c/b
    const rx0 = x - ax;
    const ry0 = y - ay;
    const qa = -(dx * dtx + dy * dty);
    const qb = rx0 * dtx + ry0 * dty - (dx * tx[seg] + dy * ty[seg]);
    const qc = rx0 * tx[seg] + ry0 * ty[seg];
    const disc = qb * qb - 4 * qa * qc;
    let f: number;
    if (disc >= 0) {
      const q = -0.5 * (qb + (qb >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
      f = q !== 0 ? qc / q : 0;
    } else f = qb !== 0 ? -qc / qb : 0;
    const prev = seg > 0 ? seg - 1 : n - 1;
    if (f > 1 + 1e-9 && j !== from && hop < 3) {
      from = seg;
      seg = j;
      continue;
    }
    if (f < -1e-9 && prev !== from && hop < 3) {
      from = seg;
      seg = prev;
      continue;
    }
    // settled, or turned back at a joint on the outside of a bend: the foot is that joint
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    const bx = tx[seg] + f * dtx;
    const by = ty[seg] + f * dty;
    const inv = 1 / Math.sqrt(bx * bx + by * by);
    const rx = x - ax - f * dx;
    const ry = y - ay - f * dy;
    let s = grid.distanceM[seg] + f * p.stepM[seg];
    if (s >= p.lengthM) s -= p.lengthM;
    out.distanceM = s;
    out.lateralM = (bx * ry - by * rx) * inv;
    out.segment = seg;
    return true;
  }
  return false;
}

/** Projection without a usable previous foot: the spatial index (nearest, near `hintDistanceM` when given), then refined. */
export function acquire(p: LineProjector, x: number, y: number, out: Foot, hintDistanceM?: number, windowM?: number): void {
  const q = projectOnTrack(p.index, x, y, hintDistanceM === undefined ? {} : { hintDistanceM, windowM });
  if (!projectFrom(p, x, y, q.segmentIndex, 8, out)) {
    out.distanceM = q.distanceM;
    out.lateralM = q.lateralM;
    out.segment = q.segmentIndex;
  }
}

/** Grid segment containing distance s (any real s, wrapped onto the lap). */
export function segmentAt(p: LineProjector, s: number): number {
  const L = p.lengthM;
  let w = s % L;
  if (w < 0) w += L;
  const i = Math.floor(w / p.grid.stepM);
  return i < 0 ? 0 : i >= p.n ? p.n - 1 : i;
}
