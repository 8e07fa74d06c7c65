import { describe, expect, it } from 'vitest';
import { createLocalFrame, frameAroundPoints, geodeticToLocal, localToGeodetic, projectToLocal } from './projection.ts';

/** Vincenty's inverse formula on WGS84 (sub-millimetre for these distances): the reference geodesic distance. */
function vincentyM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const b = a * (1 - f);
  const r = Math.PI / 180;
  const L = (lon2 - lon1) * r;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * r));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * r));
  const [sU1, cU1, sU2, cU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  let sinS = 0;
  let cosS = 0;
  let sigma = 0;
  let cos2a = 0;
  let cos2sm = 0;
  for (let i = 0; i < 200; i++) {
    const sl = Math.sin(lambda);
    const cl = Math.cos(lambda);
    sinS = Math.hypot(cU2 * sl, cU1 * sU2 - sU1 * cU2 * cl);
    cosS = sU1 * sU2 + cU1 * cU2 * cl;
    sigma = Math.atan2(sinS, cosS);
    const sinA = (cU1 * cU2 * sl) / sinS;
    cos2a = 1 - sinA * sinA;
    cos2sm = cos2a !== 0 ? cosS - (2 * sU1 * sU2) / cos2a : 0;
    const C = (f / 16) * cos2a * (4 + f * (4 - 3 * cos2a));
    const prev = lambda;
    lambda = L + (1 - C) * f * sinA * (sigma + C * sinS * (cos2sm + C * cosS * (-1 + 2 * cos2sm * cos2sm)));
    if (Math.abs(lambda - prev) < 1e-14) break;
  }
  const u2 = (cos2a * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dS =
    B * sinS * (cos2sm + (B / 4) * (cosS * (-1 + 2 * cos2sm * cos2sm) - (B / 6) * cos2sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2sm * cos2sm)));
  return b * A * (sigma - dS);
}

describe('local east/north frame', () => {
  it('origin maps to (0, 0); east and north point the right way', () => {
    const f = createLocalFrame(33.53, -86.62);
    const o = geodeticToLocal(f, 33.53, -86.62);
    expect(Math.abs(o.xM) + Math.abs(o.yM)).toBeLessThan(1e-9);
    const e = geodeticToLocal(f, 33.53, -86.61);
    expect(e.xM).toBeGreaterThan(900);
    expect(Math.abs(e.yM)).toBeLessThan(1);
    const n = geodeticToLocal(f, 33.54, -86.62);
    expect(n.yM).toBeGreaterThan(1100);
    expect(Math.abs(n.xM)).toBeLessThan(1e-6);
  });

  it.each([
    [0, 0],
    [33.53, -86.62],
    [51.5, -0.1],
    [-37.85, 144.97],
    [64.1, -21.9],
  ])('distances between points up to 5 km from (%f, %f) match Vincenty geodesics to < 1 cm (measured ≤ 1.1 mm)', (lat0, lon0) => {
    const f = createLocalFrame(lat0, lon0);
    // Points up to 5 km from the origin in several directions (5 km ≈ 0.045° of latitude).
    const pts: [number, number][] = [];
    for (let k = 0; k < 12; k++) {
      const ang = (k * Math.PI) / 6;
      const dist = 0.045 * (0.3 + 0.7 * ((k % 3) / 2));
      pts.push([lat0 + dist * Math.sin(ang), lon0 + (dist * Math.cos(ang)) / Math.cos((lat0 * Math.PI) / 180)]);
    }
    let worst = 0;
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        const p = geodeticToLocal(f, pts[i][0], pts[i][1]);
        const q = geodeticToLocal(f, pts[j][0], pts[j][1]);
        const planar = Math.hypot(p.xM - q.xM, p.yM - q.yM);
        const geodesic = vincentyM(pts[i][0], pts[i][1], pts[j][0], pts[j][1]);
        worst = Math.max(worst, Math.abs(planar - geodesic));
      }
    }
    // Pairs are up to 10 km apart; the tangent plane shortens radial distances by s³/6R² (0.5 mm at 5 km).
    expect(worst).toBeLessThan(0.002);
  });

  it('localToGeodetic inverts geodeticToLocal to 1e-9 degrees (0.1 mm)', () => {
    const f = createLocalFrame(39.79, -86.235);
    for (const [x, y] of [
      [0, 0],
      [1234.5, -2345.6],
      [-4999, 4999],
      [3, 0.01],
    ]) {
      const g = localToGeodetic(f, x, y);
      const back = geodeticToLocal(f, g.latDeg, g.lonDeg);
      expect(Math.abs(back.xM - x)).toBeLessThan(1e-4);
      expect(Math.abs(back.yM - y)).toBeLessThan(1e-4);
    }
  });

  it('frameAroundPoints centres on the bounding box, across the antimeridian too', () => {
    const f = frameAroundPoints([10, 12], [179.9, -179.9]);
    expect(f.originLatDeg).toBeCloseTo(11, 12);
    expect(Math.abs(Math.abs(f.originLonDeg) - 180)).toBeLessThan(1e-9);
    const { xM } = projectToLocal(f, [11, 11], [179.9, -179.9]);
    expect(xM[0]).toBeLessThan(0);
    expect(xM[1]).toBeGreaterThan(0);
  });
});
