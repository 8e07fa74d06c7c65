// The track outline the live map draws, in WGS84: one flying lap of a stored session's GPS (a track the
// tablet has data of), or — when none fits — what the live cars have driven so far. Also the local
// east/north frame the map projects into (workers/geometry/projection.ts) and whether live positions lie
// on a stored outline.

import { frameAroundPoints, geodeticToLocal, type LocalFrame } from '../../../workers/geometry/projection.ts';
import type { Session } from '../../../workers/model/session.ts';

export interface TrackOutline {
  latDeg: Float64Array;
  lonDeg: Float64Array;
  /** Whether the last point joins the first (a lap), rather than an open trail. */
  closed: boolean;
}

/** Points closer than this to the previous kept one are dropped, m. */
const OUTLINE_STEP_M = 2;
const M_PER_DEG_LAT = 111_320;

function approxDistanceM(lat0: number, lon0: number, lat1: number, lon1: number): number {
  const dy = (lat1 - lat0) * M_PER_DEG_LAT;
  const dx = (lon1 - lon0) * M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

/** The points with finite coordinates, at least stepM apart. */
export function thinPoints(lat: ArrayLike<number>, lon: ArrayLike<number>, stepM = OUTLINE_STEP_M): { latDeg: Float64Array; lonDeg: Float64Array } {
  const la: number[] = [];
  const lo: number[] = [];
  for (let i = 0; i < lat.length; i++) {
    if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i]) || (lat[i] === 0 && lon[i] === 0)) continue;
    const n = la.length;
    if (n && approxDistanceM(la[n - 1], lo[n - 1], lat[i], lon[i]) < stepM) continue;
    la.push(lat[i]);
    lo.push(lon[i]);
  }
  return { latDeg: Float64Array.from(la), lonDeg: Float64Array.from(lo) };
}

/**
 * Time span of one flying lap from the lap counter: the lap of median duration among those that are
 * neither the first (out-lap) nor the last (in-lap); null with fewer than three laps.
 */
export function flyingLapSpan(lapTimeS: Float64Array, lapValues: Float64Array): [number, number] | null {
  const starts: number[] = [];
  for (let i = 0; i < lapValues.length; i++) if (i === 0 || lapValues[i] !== lapValues[i - 1]) starts.push(lapTimeS[i]);
  if (starts.length < 3) return null;
  const spans: Array<[number, number]> = [];
  for (let k = 1; k + 1 < starts.length; k++) spans.push([starts[k], starts[k + 1]]);
  spans.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
  return spans[Math.floor(spans.length / 2)];
}

/** One lap of a stored session's GPS (all of it when the laps are unknown); null without positions. */
export function outlineFromSession(session: Session): TrackOutline | null {
  const lat = session.channels.find((c) => c.name === 'lat');
  const lon = session.channels.find((c) => c.name === 'lon');
  if (!lat || !lon || lat.values.length !== lon.values.length || lat.values.length < 10) return null;
  const lap = session.channels.find((c) => c.name === 'lap');
  const span = lap ? flyingLapSpan(lap.timeS, lap.values) : null;
  let from = 0;
  let to = lat.values.length;
  if (span) {
    from = lat.timeS.findIndex((t) => t >= span[0]);
    const end = lat.timeS.findIndex((t) => t >= span[1]);
    to = end < 0 ? lat.values.length : end;
    if (from < 0 || to - from < 10) [from, to] = [0, lat.values.length];
  }
  const pts = thinPoints(lat.values.subarray(from, to), lon.values.subarray(from, to));
  if (pts.latDeg.length < 10) return null;
  return { ...pts, closed: span !== null };
}

/** Distance from a position to the nearest outline point, m. */
export function distanceToOutlineM(outline: TrackOutline, latDeg: number, lonDeg: number): number {
  let best = Infinity;
  for (let i = 0; i < outline.latDeg.length; i++) best = Math.min(best, approxDistanceM(latDeg, lonDeg, outline.latDeg[i], outline.lonDeg[i]));
  return best;
}

/** The map's frame: centred on the outline (or on a first position when there is no outline yet). */
export function mapFrame(latDeg: ArrayLike<number>, lonDeg: ArrayLike<number>): LocalFrame {
  return frameAroundPoints(latDeg, lonDeg);
}

export function project(frame: LocalFrame, latDeg: number, lonDeg: number): [number, number] {
  const p = geodeticToLocal(frame, latDeg, lonDeg);
  return [p.xM, p.yM];
}
