// Latitude/longitude → the geometry domain's local east/north metres (geometry/projection.ts), fast: a
// cubic polynomial in (Δlat, Δlon) fitted to the exact tangent-plane projection around the origin. Its
// error is the fourth-order term, R·(d/R)⁴: about a micrometre at 5 km from the origin, 0.2 mm at 20 km.

import { createLocalFrame, geodeticToLocal } from '../geometry/projection.ts';

export interface FastFrame {
  originLatDeg: number;
  originLonDeg: number;
  /** Coefficients of 1, a, b, a², ab, b², a³, a²b, ab², b³ (a = Δlat°, b = Δlon° wrapped), for x and y. */
  cx: Float64Array;
  cy: Float64Array;
}

/** Half-width of the sample grid the polynomial is fitted on, degrees (≈ 11 km of latitude). */
const FIT_HALF_DEG = 0.1;
const FIT_STEPS = 6;

function monomials(a: number, b: number, out: Float64Array): void {
  out[0] = 1;
  out[1] = a;
  out[2] = b;
  out[3] = a * a;
  out[4] = a * b;
  out[5] = b * b;
  out[6] = a * a * a;
  out[7] = a * a * b;
  out[8] = a * b * b;
  out[9] = b * b * b;
}

export function createFastFrame(originLatDeg: number, originLonDeg: number): FastFrame {
  const frame = createLocalFrame(originLatDeg, originLonDeg);
  const ata = new Float64Array(100);
  const atx = new Float64Array(10);
  const aty = new Float64Array(10);
  const m = new Float64Array(10);
  // the longitude span is widened by 1/cos(lat) so the grid covers the same ground east-west
  const lonHalf = Math.min(10, FIT_HALF_DEG / Math.max(0.05, Math.cos((originLatDeg * Math.PI) / 180)));
  for (let i = -FIT_STEPS; i <= FIT_STEPS; i++) {
    for (let j = -FIT_STEPS; j <= FIT_STEPS; j++) {
      const a = (FIT_HALF_DEG * i) / FIT_STEPS;
      const b = (lonHalf * j) / FIT_STEPS;
      const lat = originLatDeg + a;
      if (Math.abs(lat) > 90) continue;
      const p = geodeticToLocal(frame, lat, originLonDeg + b);
      monomials(a, b, m);
      for (let r = 0; r < 10; r++) {
        atx[r] += m[r] * p.xM;
        aty[r] += m[r] * p.yM;
        for (let c = 0; c < 10; c++) ata[r * 10 + c] += m[r] * m[c];
      }
    }
  }
  return { originLatDeg, originLonDeg, cx: solve(ata, atx), cy: solve(ata, aty) };
}

/** Gaussian elimination with partial pivoting on a 10×10 system (copies its inputs). */
function solve(aIn: Float64Array, bIn: Float64Array): Float64Array {
  const n = 10;
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(a[r * n + k]) > Math.abs(a[p * n + k])) p = r;
    if (p !== k) {
      for (let c = 0; c < n; c++) [a[k * n + c], a[p * n + c]] = [a[p * n + c], a[k * n + c]];
      [b[k], b[p]] = [b[p], b[k]];
    }
    for (let r = k + 1; r < n; r++) {
      const f = a[r * n + k] / a[k * n + k];
      for (let c = k; c < n; c++) a[r * n + c] -= f * a[k * n + c];
      b[r] -= f * b[k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= a[r * n + c] * x[c];
    x[r] = s / a[r * n + r];
  }
  return x;
}

/** East/north metres of a point; writes into out[0], out[1]. */
export function fastToLocal(f: FastFrame, latDeg: number, lonDeg: number, out: Float64Array): void {
  const a = latDeg - f.originLatDeg;
  let b = lonDeg - f.originLonDeg;
  if (b > 180) b -= 360;
  else if (b < -180) b += 360;
  const aa = a * a;
  const ab = a * b;
  const bb = b * b;
  const cx = f.cx;
  const cy = f.cy;
  out[0] = cx[0] + cx[1] * a + cx[2] * b + cx[3] * aa + cx[4] * ab + cx[5] * bb + cx[6] * aa * a + cx[7] * aa * b + cx[8] * ab * b + cx[9] * bb * b;
  out[1] = cy[0] + cy[1] * a + cy[2] * b + cy[3] * aa + cy[4] * ab + cy[5] * bb + cy[6] * aa * a + cy[7] * aa * b + cy[8] * ab * b + cy[9] * bb * b;
}
