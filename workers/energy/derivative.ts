// Savitzky–Golay on unevenly sampled signals: at each sample, the least-squares quadratic through the
// samples within ±window/2 (widened to at least `minPoints` samples) gives the derivative (its slope)
// or the smoothed value (its value there). Zero phase (centred), exact for quadratics.

export interface DerivativeOptions {
  /** Full width of the centred window, s (default 0.5). */
  windowS?: number;
  /** Fewest samples in a fit (default 5; at least 3). */
  minPoints?: number;
}

export const DEFAULT_DERIVATIVE_WINDOW_S = 0.5;
export const DEFAULT_DERIVATIVE_MIN_POINTS = 5;

/** dy/dt at each sample (t strictly increasing). NaN values of y are skipped; fewer than 2 usable samples → zeros. */
export function savitzkyGolayDerivative(t: Float64Array, y: Float64Array, options: DerivativeOptions = {}): Float64Array {
  return savitzkyGolay(t, y, options, 1);
}

/** The smoothed signal (the local quadratic's value at each sample); NaN values of y are skipped. */
export function savitzkyGolaySmooth(t: Float64Array, y: Float64Array, options: DerivativeOptions = {}): Float64Array {
  return savitzkyGolay(t, y, options, 0);
}

function savitzkyGolay(t: Float64Array, y: Float64Array, options: DerivativeOptions, order: 0 | 1): Float64Array {
  const n = t.length;
  const out = new Float64Array(n);
  const half = (options.windowS ?? DEFAULT_DERIVATIVE_WINDOW_S) / 2;
  const minPoints = Math.max(3, options.minPoints ?? DEFAULT_DERIVATIVE_MIN_POINTS);
  let usable = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(y[i])) usable++;
  if (usable < 2) return order === 0 ? Float64Array.from(y, (v) => (Number.isFinite(v) ? v : 0)) : out;
  let lo = 0;
  let hi = 0; // window [lo, hi)
  for (let i = 0; i < n; i++) {
    while (lo < i && t[i] - t[lo] > half) lo++;
    if (hi < i + 1) hi = i + 1;
    while (hi < n && t[hi] - t[i] <= half) hi++;
    let a = lo;
    let b = hi;
    // widen symmetrically (then to whichever side has samples left) until minPoints fit
    while (b - a < minPoints && (a > 0 || b < n)) {
      if (a > 0 && (b >= n || t[i] - t[a - 1] <= t[b] - t[i])) a--;
      else b++;
    }
    out[i] = fitAt(t, y, a, b, t[i], order);
  }
  return out;
}

/** Value (order 0) or slope (order 1) at t0 of the least-squares quadratic (linear with two usable samples) through samples [a, b). */
function fitAt(t: Float64Array, y: Float64Array, a: number, b: number, t0: number, order: 0 | 1): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
  for (let k = a; k < b; k++) {
    const v = y[k];
    if (!Number.isFinite(v)) continue;
    const x = t[k] - t0;
    const x2 = x * x;
    s0 += 1; s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2;
    y0 += v; y1 += v * x; y2 += v * x2;
  }
  if (s0 < 2) return order === 0 ? (s0 === 1 ? y0 : 0) : 0;
  if (s0 >= 3) {
    // normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4]·c = [y0 y1 y2], solved by Cramer's rule
    const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
    const scale = s0 * s2 * s4;
    if (Math.abs(det) > 1e-12 * Math.abs(scale)) {
      if (order === 1) return (s0 * (y1 * s4 - s3 * y2) - y0 * (s1 * s4 - s3 * s2) + s2 * (s1 * y2 - y1 * s2)) / det;
      return (y0 * (s2 * s4 - s3 * s3) - s1 * (y1 * s4 - s3 * y2) + s2 * (y1 * s3 - s2 * y2)) / det;
    }
  }
  const den = s0 * s2 - s1 * s1;
  if (!(den > 0)) return order === 0 ? y0 / s0 : 0;
  const slope = (s0 * y1 - s1 * y0) / den;
  return order === 1 ? slope : (y0 - slope * s1) / s0;
}
