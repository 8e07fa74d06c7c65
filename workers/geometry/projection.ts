// WGS84 latitude/longitude ↔ local east/north metres: the tangent plane (ENU) at an origin on the ellipsoid.
// Points are taken on the ellipsoid (height 0) so that elevation cannot shift them sideways; in-plane distances
// differ from geodesic ones by less than 1 mm within 5 km of the origin (s³/6R² ≈ 0.5 mm at 5 km).

import type { LocalFrameOrigin } from './types.ts';

export const WGS84_SEMI_MAJOR_M = 6378137;
export const WGS84_FLATTENING = 1 / 298.257223563;
const E2 = WGS84_FLATTENING * (2 - WGS84_FLATTENING);
const A = WGS84_SEMI_MAJOR_M;
const B = A * (1 - WGS84_FLATTENING);
const DEG = Math.PI / 180;

/** A local frame with its rotation precomputed. */
export interface LocalFrame extends LocalFrameOrigin {
  readonly ecefOriginM: readonly [number, number, number];
  /** Unit vectors east, north, up in ECEF. */
  readonly east: readonly [number, number, number];
  readonly north: readonly [number, number, number];
  readonly up: readonly [number, number, number];
}

function ecefOnEllipsoid(latDeg: number, lonDeg: number): [number, number, number] {
  const lat = latDeg * DEG;
  const lon = lonDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = A / Math.sqrt(1 - E2 * sinLat * sinLat);
  return [n * cosLat * Math.cos(lon), n * cosLat * Math.sin(lon), n * (1 - E2) * sinLat];
}

export function createLocalFrame(originLatDeg: number, originLonDeg: number): LocalFrame {
  if (!(Math.abs(originLatDeg) <= 90) || !(Math.abs(originLonDeg) <= 360)) {
    throw new RangeError(`bad frame origin ${originLatDeg}, ${originLonDeg}`);
  }
  const lat = originLatDeg * DEG;
  const lon = originLonDeg * DEG;
  const sl = Math.sin(lat);
  const cl = Math.cos(lat);
  const so = Math.sin(lon);
  const co = Math.cos(lon);
  return {
    originLatDeg,
    originLonDeg,
    ecefOriginM: ecefOnEllipsoid(originLatDeg, originLonDeg),
    east: [-so, co, 0],
    north: [-sl * co, -sl * so, cl],
    up: [cl * co, cl * so, sl],
  };
}

/** Frame centred on the middle of the points' bounding box (longitudes unwrapped around the first point). */
export function frameAroundPoints(latDeg: ArrayLike<number>, lonDeg: ArrayLike<number>): LocalFrame {
  const n = latDeg.length;
  if (n === 0) throw new RangeError('no points to centre a frame on');
  let latMin = Infinity;
  let latMax = -Infinity;
  let lonMin = Infinity;
  let lonMax = -Infinity;
  const lon0 = lonDeg[0];
  for (let i = 0; i < n; i++) {
    const la = latDeg[i];
    const lo = lon0 + wrapDeg(lonDeg[i] - lon0);
    if (la < latMin) latMin = la;
    if (la > latMax) latMax = la;
    if (lo < lonMin) lonMin = lo;
    if (lo > lonMax) lonMax = lo;
  }
  return createLocalFrame((latMin + latMax) / 2, wrapDeg((lonMin + lonMax) / 2));
}

function wrapDeg(d: number): number {
  return d - 360 * Math.round(d / 360);
}

/** East/north metres of one point (on the ellipsoid) in the frame. */
export function geodeticToLocal(frame: LocalFrame, latDeg: number, lonDeg: number): { xM: number; yM: number } {
  const p = ecefOnEllipsoid(latDeg, lonDeg);
  const o = frame.ecefOriginM;
  const dx = p[0] - o[0];
  const dy = p[1] - o[1];
  const dz = p[2] - o[2];
  const e = frame.east;
  const nn = frame.north;
  return { xM: e[0] * dx + e[1] * dy + e[2] * dz, yM: nn[0] * dx + nn[1] * dy + nn[2] * dz };
}

export function projectToLocal(
  frame: LocalFrame,
  latDeg: ArrayLike<number>,
  lonDeg: ArrayLike<number>,
): { xM: Float64Array; yM: Float64Array } {
  const n = latDeg.length;
  const xM = new Float64Array(n);
  const yM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = geodeticToLocal(frame, latDeg[i], lonDeg[i]);
    xM[i] = p.xM;
    yM[i] = p.yM;
  }
  return { xM, yM };
}

/** Inverse of geodeticToLocal: the ellipsoid point whose tangent-plane projection is (xM, yM). */
export function localToGeodetic(frame: LocalFrame, xM: number, yM: number): { latDeg: number; lonDeg: number } {
  const o = frame.ecefOriginM;
  const e = frame.east;
  const nn = frame.north;
  const u = frame.up;
  // Point in the plane, then move along `up` by t until it lies on the ellipsoid: a quadratic in t.
  const px = o[0] + e[0] * xM + nn[0] * yM;
  const py = o[1] + e[1] * xM + nn[1] * yM;
  const pz = o[2] + e[2] * xM + nn[2] * yM;
  const ia2 = 1 / (A * A);
  const ib2 = 1 / (B * B);
  const qa = (u[0] * u[0] + u[1] * u[1]) * ia2 + u[2] * u[2] * ib2;
  const qb = 2 * ((px * u[0] + py * u[1]) * ia2 + pz * u[2] * ib2);
  const qc = (px * px + py * py) * ia2 + pz * pz * ib2 - 1;
  // Root nearest 0 (the plane touches the ellipsoid at the origin), written to avoid cancellation.
  const disc = Math.sqrt(Math.max(0, qb * qb - 4 * qa * qc));
  const t = (-2 * qc) / (qb + (qb >= 0 ? disc : -disc));
  return ecefToGeodetic(px + u[0] * t, py + u[1] * t, pz + u[2] * t);
}

/** ECEF → latitude/longitude (height dropped), by fixed-point iteration to machine precision. */
function ecefToGeodetic(x: number, y: number, z: number): { latDeg: number; lonDeg: number } {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z, p * (1 - E2));
  for (let k = 0; k < 10; k++) {
    const s = Math.sin(lat);
    const n = A / Math.sqrt(1 - E2 * s * s);
    const h = p / Math.cos(lat) - n;
    const next = Math.atan2(z, p * (1 - (E2 * n) / (n + h)));
    if (Math.abs(next - lat) < 1e-15) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { latDeg: lat / DEG, lonDeg: lon / DEG };
}
