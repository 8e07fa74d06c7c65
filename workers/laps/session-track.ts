// A track map for a session that has none: its GPS split into laps (lap counter, beacon, or the car
// passing the same spot again), fused by the geometry domain into a reference line, then a TrackModel.

import { buildTrackModel, type BuildTrackOptions } from '../geometry/build.ts';
import { fuseGpsLaps, type GpsLap, type GpsLapFusionReport } from '../geometry/io/gps-laps.ts';
import { createLocalFrame, geodeticToLocal } from '../geometry/projection.ts';
import type { TrackModel } from '../geometry/types.ts';
import { IngestError } from '../ingest/errors.ts';
import { channelByName, type Session } from '../model/session.ts';
import { beaconCrossings, counterCrossings } from './crossings.ts';

export interface SessionTrack {
  model: TrackModel;
  report: GpsLapFusionReport;
  /** How the GPS was cut into laps for the fusion. */
  splitBy: 'lap-counter' | 'beacon' | 'gps-loop';
}

interface Positions {
  t: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
}

/** GPS positions of a session (held repeats dropped), or null. */
export function sessionPositions(session: Session): Positions | null {
  const la = channelByName(session, 'lat');
  const lo = channelByName(session, 'lon');
  if (!la || !lo) return null;
  const n = Math.min(la.values.length, lo.values.length);
  const t: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = la.values[i];
    const b = lo.values[i];
    if (!(Math.abs(a) <= 90) || !(Math.abs(b) <= 180) || (a === 0 && b === 0)) continue;
    if (lat.length && a === lat[lat.length - 1] && b === lon[lon.length - 1]) continue;
    t.push(la.timeS[i]);
    lat.push(a);
    lon.push(b);
  }
  if (t.length < 20) return null;
  return { t: Float64Array.from(t), lat: Float64Array.from(lat), lon: Float64Array.from(lon) };
}

/**
 * Times the car passes the same spot again, driving the same way: a point of a fast stretch in the middle
 * of the session, and every close pass of it (a local minimum of the distance under 15 m).
 */
export function loopCrossingsS(pos: Positions, minLapS = 20): number[] {
  const n = pos.t.length;
  const frame = createLocalFrame(pos.lat[n >> 1], pos.lon[n >> 1]);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) ({ xM: x[i], yM: y[i] } = geodeticToLocal(frame, pos.lat[i], pos.lon[i]));
  const speed = new Float64Array(n);
  for (let i = 1; i < n; i++) speed[i] = Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]) / Math.max(1e-3, pos.t[i] - pos.t[i - 1]);
  const sorted = Float64Array.from(speed).sort();
  const fast = sorted[Math.floor(0.8 * n)];
  let p = n >> 1;
  while (p < n - 2 && speed[p] < 0.7 * fast) p++;
  const hx = x[p + 1] - x[p - 1];
  const hy = y[p + 1] - y[p - 1];
  const out: number[] = [];
  for (let i = 1; i + 1 < n; i++) {
    const d = Math.hypot(x[i] - x[p], y[i] - y[p]);
    if (d > 15) continue;
    if (d > Math.hypot(x[i - 1] - x[p], y[i - 1] - y[p]) || d > Math.hypot(x[i + 1] - x[p], y[i + 1] - y[p])) continue;
    if ((x[i + 1] - x[i - 1]) * hx + (y[i + 1] - y[i - 1]) * hy <= 0) continue;
    if (out.length && pos.t[i] - out[out.length - 1] < minLapS) continue;
    out.push(pos.t[i]);
  }
  return out;
}

/** Builds the session's own track map from its clean GPS laps (fuseGpsLaps rejects odd ones). */
export function trackFromSession(session: Session, options: BuildTrackOptions = {}): SessionTrack {
  const file = session.meta.sourceFile || 'session';
  const pos = sessionPositions(session);
  if (!pos) throw new IngestError('no-data', 'the session has no GPS positions to build a track map from', { file });
  let splitBy: SessionTrack['splitBy'] = 'lap-counter';
  let cuts = counterCrossings(session).map((c) => c.timeS);
  if (cuts.length < 3) {
    splitBy = 'beacon';
    cuts = beaconCrossings(session).map((c) => c.timeS);
  }
  if (cuts.length < 3) {
    splitBy = 'gps-loop';
    cuts = loopCrossingsS(pos);
  }
  if (cuts.length < 2) throw new IngestError('no-data', 'no complete lap found in the GPS positions', { file });
  const laps: GpsLap[] = [];
  let i = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    while (i < pos.t.length && pos.t[i] < cuts[k]) i++;
    const a = i;
    while (i < pos.t.length && pos.t[i] < cuts[k + 1]) i++;
    if (i - a >= 20) laps.push({ latDeg: pos.lat.subarray(a, i), lonDeg: pos.lon.subarray(a, i), label: k + 1 });
  }
  if (laps.length === 0) throw new IngestError('no-data', 'no complete lap found in the GPS positions', { file });
  const { source, report } = fuseGpsLaps(laps, { name: session.meta.track || 'Track from GPS laps' });
  source.sourceFile = file;
  return { model: buildTrackModel(source, options), report, splitBy };
}
