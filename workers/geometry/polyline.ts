// Plain closed-polyline helpers: cleaning input points (non-finite, repeated, closing duplicates),
// chord-length parameters, length, median.

/** Indices of the points to keep: finite, at least minStepM from the previous kept point, no closing repeat. */
export function cleanClosedPolyline(xM: ArrayLike<number>, yM: ArrayLike<number>, minStepM = 1e-3): number[] {
  const keep: number[] = [];
  for (let i = 0; i < xM.length; i++) {
    const x = xM[i];
    const y = yM[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (keep.length > 0) {
      const j = keep[keep.length - 1];
      if (Math.hypot(x - xM[j], y - yM[j]) < minStepM) continue;
    }
    keep.push(i);
  }
  while (keep.length > 1) {
    const a = keep[0];
    const b = keep[keep.length - 1];
    if (Math.hypot(xM[a] - xM[b], yM[a] - yM[b]) < minStepM) keep.pop();
    else break;
  }
  return keep;
}

/** Cumulative chord length at each point (t[0] = 0) and the closed length (period). */
export function chordParameters(xM: Float64Array, yM: Float64Array): { t: Float64Array; periodT: number } {
  const n = xM.length;
  const t = new Float64Array(n);
  for (let i = 1; i < n; i++) t[i] = t[i - 1] + Math.hypot(xM[i] - xM[i - 1], yM[i] - yM[i - 1]);
  const periodT = t[n - 1] + Math.hypot(xM[0] - xM[n - 1], yM[0] - yM[n - 1]);
  return { t, periodT };
}

export function closedPolylineLengthM(xM: ArrayLike<number>, yM: ArrayLike<number>): number {
  const n = xM.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    s += Math.hypot(xM[j] - xM[i], yM[j] - yM[i]);
  }
  return s;
}

export function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values).sort();
  const n = a.length;
  if (n === 0) return NaN;
  return n % 2 ? a[n >> 1] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}
