// KML (and the doc.kml of a KMZ): LineString / LinearRing / gx:Track coordinates become line pieces,
// polygons give their outer ring, a Point placemark named like "start/finish" becomes the start line.

import { IngestError } from '../../ingest/errors.ts';
import type { TrackPoint, TrackSource } from '../types.ts';
import { assemblePieces, baseName, decodeText, isLatLon, isStartFinishName, newPiece, sourceFromPiece, type LinePiece } from './pieces.ts';
import { childText, cleanXml, findElements, lineAt } from './xml-scan.ts';

export function readKml(data: Uint8Array | string, file: string): TrackSource {
  const text = cleanXml(decodeText(data));
  if (!/<(?:[\w.-]+:)?(coordinates|coord)[\s>]/i.test(text)) {
    throw new IngestError('no-data', 'no <coordinates> in the KML', { file });
  }
  const warnings: string[] = [];
  const pieces: LinePiece[] = [];
  let startFinish: TrackPoint | undefined;
  const placemarks = findElements(text, 'Placemark');
  const blocks = placemarks.length ? placemarks.map((p) => ({ body: p.inner, offset: p.innerOffset })) : [{ body: text, offset: 0 }];
  let trackName: string | undefined;
  for (const { body: raw, offset } of blocks) {
    // Holes of polygons are not the track line.
    const body = raw.replace(/<(?:[\w.-]+:)?innerBoundaryIs[\s>][\s\S]*?<\/(?:[\w.-]+:)?innerBoundaryIs\s*>/gi, '');
    const name = childText(body.replace(/<(?:[\w.-]+:)?(LineString|Point|Polygon|MultiGeometry)[\s>][\s\S]*$/i, ''), 'name');
    for (const point of findElements(body, 'Point')) {
      const coords = findElements(point.inner, 'coordinates')[0];
      if (!coords || !isStartFinishName(name)) continue;
      const p = parseCoordinates(coords.inner, file, text, offset + point.innerOffset + coords.innerOffset);
      if (p.a.length) startFinish = { frame: 'wgs84', lonDeg: p.a[0], latDeg: p.b[0] };
    }
    const lines = [...findElements(body, 'LineString'), ...findElements(body, 'LinearRing')];
    for (const line of lines) {
      for (const coords of findElements(line.inner, 'coordinates')) {
        pieces.push(parseCoordinates(coords.inner, file, text, offset + line.innerOffset + coords.innerOffset));
        trackName ??= name;
      }
    }
    for (const track of findElements(body, 'Track')) {
      const piece = newPiece();
      for (const c of findElements(track.inner, 'coord')) {
        const v = c.inner.trim().split(/\s+/).map(Number);
        if (v.length >= 2 && isLatLon(v[1], v[0])) {
          piece.a.push(v[0]);
          piece.b.push(v[1]);
          piece.c.push(v.length >= 3 && Number.isFinite(v[2]) ? v[2] : NaN);
        }
      }
      pieces.push(piece);
      trackName ??= name;
    }
  }
  if (!placemarks.length && pieces.length === 0) {
    for (const coords of findElements(text, 'coordinates')) pieces.push(parseCoordinates(coords.inner, file, text, coords.innerOffset));
  }
  const piece = assemblePieces(pieces, true, warnings);
  if (!piece) throw new IngestError('no-data', 'the KML has no line with two or more points', { file });
  const docName = childText(text.replace(/<(?:[\w.-]+:)?Placemark[\s>][\s\S]*$/i, ''), 'name');
  return sourceFromPiece(piece, true, {
    name: trackName || docName || baseName(file),
    sourceFormat: 'kml',
    sourceFile: file,
    startFinish,
    warnings,
  });
}

/** `lon,lat[,alt]` tuples separated by white space (tolerates spaces after commas). */
function parseCoordinates(body: string, file: string, text: string, offset: number): LinePiece {
  const piece = newPiece();
  const tuples = body.trim().replace(/\s*,\s*/g, ',').split(/\s+/).filter(Boolean);
  for (const t of tuples) {
    const v = t.split(',').map(Number);
    if (v.length < 2 || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) {
      throw new IngestError('not-a-number', `bad coordinate tuple '${t.slice(0, 40)}'`, { file, line: lineAt(text, offset) });
    }
    if (!isLatLon(v[1], v[0])) {
      throw new IngestError('bad-header', `coordinate '${t.slice(0, 40)}' is not longitude,latitude`, { file, line: lineAt(text, offset) });
    }
    piece.a.push(v[0]);
    piece.b.push(v[1]);
    piece.c.push(v.length >= 3 && Number.isFinite(v[2]) ? v[2] : NaN);
  }
  return piece;
}
