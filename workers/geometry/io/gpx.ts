// GPX: each track segment (trkseg/trkpt) and each route (rte/rtept) is a line piece; lat/lon attributes,
// optional <ele>. A waypoint named like "start/finish" becomes the start line.

import { IngestError } from '../../ingest/errors.ts';
import type { TrackPoint, TrackSource } from '../types.ts';
import { assemblePieces, baseName, decodeText, isLatLon, isStartFinishName, newPiece, sourceFromPiece, type LinePiece } from './pieces.ts';
import { attribute, childText, cleanXml, findElements, lineAt } from './xml-scan.ts';

export function readGpx(data: Uint8Array | string, file: string): TrackSource {
  const text = cleanXml(decodeText(data));
  const warnings: string[] = [];
  const pieces: LinePiece[] = [];
  let name: string | undefined;
  for (const trk of findElements(text, 'trk')) {
    name ??= childText(trk.inner.replace(/<(?:[\w.-]+:)?trkseg[\s>][\s\S]*$/i, ''), 'name');
    for (const seg of findElements(trk.inner, 'trkseg')) {
      pieces.push(readPoints(seg.inner, 'trkpt', file, text, trk.innerOffset + seg.innerOffset));
    }
  }
  for (const rte of findElements(text, 'rte')) {
    name ??= childText(rte.inner.replace(/<(?:[\w.-]+:)?rtept[\s>][\s\S]*$/i, ''), 'name');
    pieces.push(readPoints(rte.inner, 'rtept', file, text, rte.innerOffset));
  }
  let startFinish: TrackPoint | undefined;
  for (const w of findElements(text, 'wpt')) {
    if (!isStartFinishName(childText(w.inner, 'name'))) continue;
    const lat = Number(attribute(w.attrs, 'lat'));
    const lon = Number(attribute(w.attrs, 'lon'));
    if (isLatLon(lat, lon)) startFinish = { frame: 'wgs84', latDeg: lat, lonDeg: lon };
  }
  const piece = assemblePieces(pieces, true, warnings);
  if (!piece) throw new IngestError('no-data', 'the GPX has no track or route with two or more points', { file });
  return sourceFromPiece(piece, true, { name: name || baseName(file), sourceFormat: 'gpx', sourceFile: file, startFinish, warnings });
}

/** Points of one segment/route; bodyOffset is where `body` starts in `text` (for line numbers). */
function readPoints(body: string, tag: string, file: string, text: string, bodyOffset: number): LinePiece {
  const piece = newPiece();
  for (const p of findElements(body, tag)) {
    const latS = attribute(p.attrs, 'lat');
    const lonS = attribute(p.attrs, 'lon');
    const lat = Number(latS);
    const lon = Number(lonS);
    if (latS === undefined || lonS === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || !isLatLon(lat, lon)) {
      throw new IngestError('not-a-number', `<${tag}> without a valid lat/lon (${latS}, ${lonS})`, {
        file,
        line: lineAt(text, bodyOffset + p.offset),
      });
    }
    const ele = childText(p.inner, 'ele');
    const e = ele !== undefined && ele !== '' ? Number(ele) : NaN;
    piece.a.push(lon);
    piece.b.push(lat);
    piece.c.push(Number.isFinite(e) ? e : NaN);
  }
  return piece;
}
