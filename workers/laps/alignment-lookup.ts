// Reading an alignment both ways: distance at a session time (knots are uniform in time) and the time at
// which a distance is reached (the distance is non-decreasing, so a search; linear between knots).

import type { TrackAlignment } from './map-match.ts';

/** Alignment distance at session time t (NaN outside the aligned span). */
export function distanceAtTime(al: TrackAlignment, t: number): number {
  const x = (t - al.t0S) / al.stepS;
  const n = al.timeS.length;
  if (!(x >= 0) || x > n - 1) return NaN;
  const j = Math.min(n - 2, Math.floor(x));
  const f = x - j;
  return al.distanceM[j] + f * (al.distanceM[j + 1] - al.distanceM[j]);
}

/** Lateral offset at session time t (NaN where unknown). */
export function lateralAtTime(al: TrackAlignment, t: number): number {
  const x = (t - al.t0S) / al.stepS;
  const n = al.timeS.length;
  if (!(x >= 0) || x > n - 1) return NaN;
  const j = Math.min(n - 2, Math.floor(x));
  const f = x - j;
  return al.lateralM[j] + f * (al.lateralM[j + 1] - al.lateralM[j]);
}

/** Index of the first knot whose distance is ≥ d (n when never reached). */
export function firstKnotAtOrBeyond(al: TrackAlignment, d: number, from = 0): number {
  const s = al.distanceM;
  let lo = Math.max(0, from);
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid] >= d) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The session time at which distance d is first reached (NaN when outside the aligned span). */
export function timeAtDistance(al: TrackAlignment, d: number, from = 0): number {
  const s = al.distanceM;
  const j = firstKnotAtOrBeyond(al, d, from);
  if (j >= s.length) return NaN;
  if (j === 0) return s[0] === d ? al.timeS[0] : NaN;
  const ds = s[j] - s[j - 1];
  const f = ds > 0 ? (d - s[j - 1]) / ds : 1;
  return al.timeS[j - 1] + f * al.stepS;
}

/** Knot index at or just before session time t (clamped). */
export function knotIndexAt(al: TrackAlignment, t: number): number {
  const j = Math.floor((t - al.t0S) / al.stepS);
  return j < 0 ? 0 : j >= al.timeS.length ? al.timeS.length - 1 : j;
}
