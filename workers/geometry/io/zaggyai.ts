// zaggyai track_data JSON: {name, short_name, start_finish, pts: [{lat, lon, elev}]}, lat/lon as integers
// ×1e-7 degrees, elev in millimetres with 0 meaning missing.

import { IngestError } from '../../ingest/errors.ts';
import type { TrackSource } from '../types.ts';
import { baseName, isLatLon } from './pieces.ts';

export function isZaggyaiTrack(doc: unknown): boolean {
  const d = doc as { pts?: unknown };
  return !!d && typeof d === 'object' && Array.isArray(d.pts) && d.pts.length > 0 && typeof (d.pts[0] as { lat?: unknown }).lat === 'number';
}

export function readZaggyai(doc: unknown, file: string): TrackSource {
  if (!isZaggyaiTrack(doc)) throw new IngestError('bad-header', 'not a {pts: [{lat, lon}]} track', { file });
  const d = doc as { name?: unknown; short_name?: unknown; start_finish?: { lat?: unknown; lon?: unknown }; pts: { lat?: unknown; lon?: unknown; elev?: unknown }[] };
  const n = d.pts.length;
  const latDeg = new Float64Array(n);
  const lonDeg = new Float64Array(n);
  const elevationM = new Float64Array(n);
  const scale = (v: unknown, i: number, key: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new IngestError('not-a-number', `pts[${i}].${key} is not a number`, { file });
    return v * 1e-7;
  };
  for (let i = 0; i < n; i++) {
    const p = d.pts[i];
    latDeg[i] = scale(p.lat, i, 'lat');
    lonDeg[i] = scale(p.lon, i, 'lon');
    if (!isLatLon(latDeg[i], lonDeg[i])) throw new IngestError('bad-header', `pts[${i}] is not a latitude/longitude ×1e7`, { file });
    elevationM[i] = typeof p.elev === 'number' && p.elev !== 0 ? p.elev / 1000 : NaN;
  }
  const sf = d.start_finish;
  const name = typeof d.name === 'string' ? d.name : baseName(file);
  const src: TrackSource = {
    name: typeof d.short_name === 'string' && d.short_name !== name ? `${name} (${d.short_name})` : name,
    sourceFormat: 'zaggyai',
    sourceFile: file,
    points: { frame: 'wgs84', latDeg, lonDeg },
  };
  if (elevationM.some((v) => Number.isFinite(v))) src.elevationM = elevationM;
  if (sf && typeof sf.lat === 'number' && typeof sf.lon === 'number') {
    src.startFinish = { frame: 'wgs84', latDeg: sf.lat * 1e-7, lonDeg: sf.lon * 1e-7 };
  }
  return src;
}
