// GeoJSON (RFC 7946, [lon, lat, alt?]): LineString, MultiLineString, Polygon / MultiPolygon (outer rings),
// GeometryCollection, Feature, FeatureCollection. A Point feature named like "start/finish" is the start line.

import { IngestError } from '../../ingest/errors.ts';
import type { TrackPoint, TrackSource } from '../types.ts';
import { assemblePieces, baseName, isLatLon, isStartFinishName, newPiece, sourceFromPiece, type LinePiece } from './pieces.ts';

type Json = unknown;

export function readGeoJson(doc: Json, file: string): TrackSource {
  const pieces: LinePiece[] = [];
  const warnings: string[] = [];
  let startFinish: TrackPoint | undefined;
  let name: string | undefined;
  const obj = (v: Json): Record<string, Json> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : null);
  const propName = (props: Json): string | undefined => {
    const p = obj(props);
    if (!p) return undefined;
    for (const k of ['Name', 'name', 'NAME', 'title']) if (typeof p[k] === 'string') return p[k] as string;
    return undefined;
  };

  const line = (coords: Json, where: string): LinePiece => {
    if (!Array.isArray(coords)) throw new IngestError('bad-header', `${where}: coordinates are not an array`, { file });
    const piece = newPiece();
    coords.forEach((c, i) => {
      if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        throw new IngestError('not-a-number', `${where}: position ${i} is not [lon, lat]`, { file });
      }
      if (!isLatLon(c[1], c[0])) throw new IngestError('bad-header', `${where}: position ${i} is not a longitude/latitude`, { file });
      piece.a.push(c[0]);
      piece.b.push(c[1]);
      piece.c.push(typeof c[2] === 'number' ? c[2] : NaN);
    });
    return piece;
  };

  const geometry = (g: Json, featureName: string | undefined): void => {
    const geo = obj(g);
    if (!geo) return;
    const c = geo.coordinates;
    switch (geo.type) {
      case 'LineString':
        pieces.push(line(c, 'LineString'));
        name ??= featureName;
        break;
      case 'MultiLineString':
        if (Array.isArray(c)) c.forEach((l) => pieces.push(line(l, 'MultiLineString')));
        name ??= featureName;
        break;
      case 'Polygon':
        if (Array.isArray(c) && c.length) pieces.push(line(c[0], 'Polygon'));
        name ??= featureName;
        break;
      case 'MultiPolygon':
        if (Array.isArray(c)) for (const poly of c) if (Array.isArray(poly) && poly.length) pieces.push(line(poly[0], 'MultiPolygon'));
        name ??= featureName;
        break;
      case 'Point':
        if (isStartFinishName(featureName) && Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
          startFinish = { frame: 'wgs84', lonDeg: c[0], latDeg: c[1] };
        }
        break;
      case 'GeometryCollection':
        if (Array.isArray(geo.geometries)) for (const sub of geo.geometries) geometry(sub, featureName);
        break;
      default:
        break;
    }
  };

  const root = obj(doc);
  if (!root) throw new IngestError('bad-header', 'GeoJSON must be an object', { file });
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw new IngestError('bad-header', 'FeatureCollection without features', { file });
    for (const f of root.features) geometry(obj(f)?.geometry, propName(obj(f)?.properties));
    name ??= typeof root.name === 'string' ? root.name : undefined;
  } else if (root.type === 'Feature') {
    geometry(root.geometry, propName(root.properties));
  } else geometry(root, undefined);
  const piece = assemblePieces(pieces, true, warnings);
  if (!piece) throw new IngestError('no-data', 'the GeoJSON has no LineString or Polygon with two or more points', { file });
  return sourceFromPiece(piece, true, { name: name || baseName(file), sourceFormat: 'geojson', sourceFile: file, startFinish, warnings });
}
