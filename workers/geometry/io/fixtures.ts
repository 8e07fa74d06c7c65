// Small track fixtures for the reader tests: a ring (and its latitude/longitude) around a known point,
// and a shapefile writer (the binary layout of .shp/.dbf) to build test files in memory.

import { createLocalFrame, localToGeodetic } from '../projection.ts';

export const RING_ORIGIN = { latDeg: 47.2197, lonDeg: 14.7647 };

/** n points on a circle of radius R (metres) around RING_ORIGIN, anticlockwise, as [lon, lat, alt]. */
export function ringLonLat(n: number, radiusM: number, altM = 0): [number, number, number][] {
  const frame = createLocalFrame(RING_ORIGIN.latDeg, RING_ORIGIN.lonDeg);
  const out: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const g = localToGeodetic(frame, radiusM * Math.cos(a), radiusM * Math.sin(a));
    out.push([g.lonDeg, g.latDeg, altM + 10 * Math.sin(a)]);
  }
  return out;
}

export interface ShpRecord {
  type: 1 | 3 | 5 | 11 | 13 | 15;
  /** Parts of [x, y, z?] points (one part for points). */
  parts: [number, number, number?][][];
}

/** Writes a .shp file (big-endian header and record headers, little-endian content). */
export function writeShp(records: ShpRecord[]): Uint8Array {
  const bodies = records.map((r) => {
    const pts = r.parts.flat();
    const hasZ = r.type === 11 || r.type === 13 || r.type === 15;
    if (r.type === 1 || r.type === 11) {
      const b = new DataView(new ArrayBuffer(hasZ ? 36 : 20));
      b.setInt32(0, r.type, true);
      b.setFloat64(4, pts[0][0], true);
      b.setFloat64(12, pts[0][1], true);
      if (hasZ) {
        b.setFloat64(20, pts[0][2] ?? 0, true);
        b.setFloat64(28, 0, true);
      }
      return new Uint8Array(b.buffer);
    }
    const np = pts.length;
    const nParts = r.parts.length;
    const size = 44 + 4 * nParts + 16 * np + (hasZ ? 16 + 8 * np : 0);
    const b = new DataView(new ArrayBuffer(size));
    b.setInt32(0, r.type, true);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.setFloat64(4 + 8 * i, v, true));
    b.setInt32(36, nParts, true);
    b.setInt32(40, np, true);
    let start = 0;
    r.parts.forEach((part, i) => {
      b.setInt32(44 + 4 * i, start, true);
      start += part.length;
    });
    const at = 44 + 4 * nParts;
    pts.forEach((p, i) => {
      b.setFloat64(at + 16 * i, p[0], true);
      b.setFloat64(at + 16 * i + 8, p[1], true);
    });
    if (hasZ) {
      const zs = pts.map((p) => p[2] ?? 0);
      const zAt = at + 16 * np;
      b.setFloat64(zAt, Math.min(...zs), true);
      b.setFloat64(zAt + 8, Math.max(...zs), true);
      zs.forEach((z, i) => b.setFloat64(zAt + 16 + 8 * i, z, true));
    }
    return new Uint8Array(b.buffer);
  });
  const total = 100 + bodies.reduce((s, b) => s + 8 + b.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, 9994, false);
  dv.setInt32(24, total / 2, false);
  dv.setInt32(28, 1000, true);
  dv.setInt32(32, records[0]?.type ?? 0, true);
  let off = 100;
  bodies.forEach((b, i) => {
    dv.setInt32(off, i + 1, false);
    dv.setInt32(off + 4, b.length / 2, false);
    out.set(b, off + 8);
    off += 8 + b.length;
  });
  return out;
}

/** A .dbf with one character field per record. */
export function writeDbf(field: string, values: string[], width = 40): Uint8Array {
  const headerLen = 32 + 32 + 1;
  const recordLen = 1 + width;
  const out = new Uint8Array(headerLen + recordLen * values.length + 1);
  const dv = new DataView(out.buffer);
  out[0] = 3;
  dv.setUint32(4, values.length, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recordLen, true);
  for (let i = 0; i < field.length && i < 10; i++) out[32 + i] = field.charCodeAt(i);
  out[32 + 11] = 'C'.charCodeAt(0);
  out[32 + 16] = width;
  out[64] = 0x0d;
  const enc = new TextEncoder();
  values.forEach((v, r) => {
    const at = headerLen + r * recordLen;
    out[at] = 0x20;
    out.fill(0x20, at + 1, at + 1 + width);
    out.set(enc.encode(v).subarray(0, width), at + 1);
  });
  out[out.length - 1] = 0x1a;
  return out;
}
