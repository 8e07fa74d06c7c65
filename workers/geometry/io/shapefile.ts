// ESRI shapefile (.shp, with optional .dbf for a name and .prj for the coordinate system): PolyLine and
// Polygon records (also Z/M variants, Polygon holes dropped), or Point/MultiPoint records taken in order.
// Layout: 100-byte header (file code 9994 big-endian, shape type little-endian at 32), then records of an
// 8-byte big-endian header (number, content length in 16-bit words) and little-endian content.

import { IngestError } from '../../ingest/errors.ts';
import type { TrackSource } from '../types.ts';
import { assemblePieces, baseName, decodeText, isLatLon, newPiece, sourceFromPiece, type LinePiece } from './pieces.ts';

const SHAPE_NAMES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint', 11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ',
  18: 'MultiPointZ', 21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

export function isShapefile(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a;
}

export interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: Uint8Array | string;
}

export function readShapefile(parts: ShapefileParts, file: string): TrackSource {
  const { shp } = parts;
  if (!isShapefile(shp)) throw new IngestError('bad-magic', 'not a shapefile (file code 9994 expected)', { file, byteOffset: 0 });
  const dv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  const declared = dv.getInt32(24, false) * 2;
  const end = Math.min(shp.length, declared > 0 ? declared : shp.length);
  if (declared > shp.length) throw new IngestError('truncated', `header says ${declared} bytes, file has ${shp.length}`, { file, byteOffset: 24 });
  const lineRecords: LinePiece[] = [];
  const pointPiece = newPiece();
  let off = 100;
  while (off + 8 <= end) {
    const len = dv.getInt32(off + 4, false) * 2;
    const c = off + 8;
    if (len < 4 || c + len > end) throw new IngestError('truncated', `record at byte ${off} runs past the end`, { file, byteOffset: off });
    const type = dv.getInt32(c, true);
    const need = (bytes: number): void => {
      if (bytes > len) throw new IngestError('truncated', `${SHAPE_NAMES[type] ?? type} record too short`, { file, byteOffset: off });
    };
    switch (type) {
      case 0:
        break;
      case 1:
      case 11:
      case 21: {
        need(20);
        pointPiece.a.push(dv.getFloat64(c + 4, true));
        pointPiece.b.push(dv.getFloat64(c + 12, true));
        pointPiece.c.push(type === 11 && len >= 28 ? dv.getFloat64(c + 20, true) : NaN);
        break;
      }
      case 8:
      case 18:
      case 28: {
        need(40);
        const np = dv.getInt32(c + 36, true);
        need(40 + 16 * np);
        const zAt = c + 40 + 16 * np + 16;
        for (let i = 0; i < np; i++) {
          pointPiece.a.push(dv.getFloat64(c + 40 + 16 * i, true));
          pointPiece.b.push(dv.getFloat64(c + 48 + 16 * i, true));
          pointPiece.c.push(type === 18 && zAt + 8 * np <= c + len ? dv.getFloat64(zAt + 8 * i, true) : NaN);
        }
        break;
      }
      case 3:
      case 5:
      case 13:
      case 15:
      case 23:
      case 25: {
        need(44);
        const nParts = dv.getInt32(c + 36, true);
        const np = dv.getInt32(c + 40, true);
        if (nParts < 0 || np < 0) throw new IngestError('bad-header', 'negative part or point count', { file, byteOffset: c + 36 });
        const ptsAt = c + 44 + 4 * nParts;
        need(44 + 4 * nParts + 16 * np);
        const zAt = ptsAt + 16 * np + 16;
        const hasZ = (type === 13 || type === 15) && zAt + 8 * np <= c + len;
        const starts: number[] = [];
        for (let p = 0; p < nParts; p++) starts.push(dv.getInt32(c + 44 + 4 * p, true));
        starts.push(np);
        const rings: LinePiece[] = [];
        for (let p = 0; p < nParts; p++) {
          const piece = newPiece();
          for (let i = starts[p]; i < starts[p + 1]; i++) {
            piece.a.push(dv.getFloat64(ptsAt + 16 * i, true));
            piece.b.push(dv.getFloat64(ptsAt + 16 * i + 8, true));
            piece.c.push(hasZ ? dv.getFloat64(zAt + 8 * i, true) : NaN);
          }
          rings.push(piece);
        }
        const polygon = type === 5 || type === 15 || type === 25;
        // Shapefile polygons: outer rings clockwise, holes counter-clockwise.
        const outer = polygon ? rings.filter((r) => signedArea(r) <= 0) : rings;
        lineRecords.push(...(outer.length ? outer : rings));
        break;
      }
      default:
        throw new IngestError('unsupported', `shape type ${SHAPE_NAMES[type] ?? type} is not a line`, { file, byteOffset: c });
    }
    off = c + len;
  }
  const pieces = lineRecords.length ? lineRecords : [pointPiece];
  const first = pieces.find((p) => p.a.length > 0);
  if (!first) throw new IngestError('no-data', 'the shapefile has no points', { file });
  const geographic = isGeographic(parts.prj, pieces);
  const warnings: string[] = [];
  if (!geographic && parts.prj === undefined) warnings.push('no .prj: coordinates taken as metres in a projected system');
  let scale = 1;
  if (!geographic && parts.prj !== undefined) {
    scale = projectedUnitToMetres(decodeText(parts.prj));
    if (scale !== 1) for (const p of pieces) for (let i = 0; i < p.a.length; i++) [p.a[i], p.b[i]] = [p.a[i] * scale, p.b[i] * scale];
  }
  const piece = assemblePieces(pieces, geographic, warnings);
  if (!piece) throw new IngestError('no-data', 'the shapefile has no line with two or more points', { file });
  const name = parts.dbf ? dbfName(parts.dbf) : undefined;
  return sourceFromPiece(piece, geographic, { name: name || baseName(file), sourceFormat: 'shapefile', sourceFile: file, warnings });
}

function signedArea(r: LinePiece): number {
  let s = 0;
  const n = r.a.length;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += r.a[i] * r.b[j] - r.a[j] * r.b[i];
  }
  return s / 2;
}

function isGeographic(prj: Uint8Array | string | undefined, pieces: LinePiece[]): boolean {
  if (prj !== undefined) {
    const t = decodeText(prj).trim().toUpperCase();
    if (t.startsWith('PROJCS') || t.startsWith('PROJCRS')) return false;
    if (t.startsWith('GEOGCS') || t.startsWith('GEOGCRS')) return true;
  }
  return pieces.every((p) => p.a.every((x, i) => isLatLon(p.b[i], x)));
}

/** Metres per unit of a projected .prj (the last UNIT of the PROJCS), 1 when absent. */
function projectedUnitToMetres(prj: string): number {
  const units = [...prj.matchAll(/UNIT\s*\[\s*"[^"]*"\s*,\s*([0-9.eE+-]+)/g)];
  const v = units.length ? Number(units[units.length - 1][1]) : 1;
  return Number.isFinite(v) && v > 0 ? v : 1;
}

/** A name from the first record of the .dbf (field NAME, TRACK or CIRCUIT), if any. */
export function dbfName(dbf: Uint8Array): string | undefined {
  if (dbf.length < 33) return undefined;
  const dv = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const nRecords = dv.getUint32(4, true);
  const headerLen = dv.getUint16(8, true);
  if (nRecords === 0 || headerLen > dbf.length) return undefined;
  const fields: { name: string; type: string; length: number; offset: number }[] = [];
  let at = 1; // after the deletion flag
  for (let p = 32; p + 32 <= headerLen && dbf[p] !== 0x0d; p += 32) {
    let name = '';
    for (let i = 0; i < 11 && dbf[p + i] !== 0; i++) name += String.fromCharCode(dbf[p + i]);
    const length = dbf[p + 16];
    fields.push({ name, type: String.fromCharCode(dbf[p + 11]), length, offset: at });
    at += length;
  }
  const field = fields.find((f) => f.type === 'C' && /^(name|track|circuit|track_name)$/i.test(f.name));
  if (!field) return undefined;
  const start = headerLen + field.offset;
  if (start + field.length > dbf.length) return undefined;
  const text = new TextDecoder('utf-8').decode(dbf.subarray(start, start + field.length)).trim();
  return text || undefined;
}
