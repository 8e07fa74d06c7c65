// Distance driven from a speed channel: the exact integral of the speed taken linear between its samples,
// evaluated at increasing query times. Where the speed channel has a hole longer than maxGapS the
// increment is unknown (NaN in the returned per-interval increments).

/**
 * Increments of ∫v dt over consecutive query intervals [q[j−1], q[j]] (out[0] = 0). An interval touching a
 * speed gap longer than maxGapS, or outside the speed channel's span, gets NaN.
 */
export function odometerIncrements(speedT: Float64Array, speedV: Float64Array, queryT: Float64Array, maxGapS: number): Float64Array {
  const m = queryT.length;
  const out = new Float64Array(m);
  const n = speedT.length;
  if (n < 2) {
    out.fill(NaN);
    out[0] = 0;
    return out;
  }
  // cumulative integral at each speed sample
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) cum[i] = cum[i - 1] + 0.5 * (speedV[i] + speedV[i - 1]) * (speedT[i] - speedT[i - 1]);
  let k = 0;
  let prev = NaN;
  let prevOk = false;
  for (let j = 0; j < m; j++) {
    const t = queryT[j];
    let value = NaN;
    let ok = false;
    if (t >= speedT[0] && t <= speedT[n - 1]) {
      while (k < n - 2 && speedT[k + 1] <= t) k++;
      const t0 = speedT[k];
      const dt = speedT[k + 1] - t0;
      const tau = t - t0;
      const v0 = speedV[k];
      const slope = dt > 0 ? (speedV[k + 1] - v0) / dt : 0;
      value = cum[k] + v0 * tau + 0.5 * slope * tau * tau;
      ok = dt <= maxGapS;
    }
    if (j > 0) out[j] = ok && prevOk && noGapBetween(speedT, queryT[j - 1], t, maxGapS, k) ? value - prev : NaN;
    prev = value;
    prevOk = ok;
  }
  return out;
}

/** True when no speed interval inside [a, b] is longer than maxGapS (k: the interval containing b). */
function noGapBetween(speedT: Float64Array, a: number, b: number, maxGapS: number, k: number): boolean {
  for (let i = k; i >= 0 && speedT[i + 1] > a; i--) if (speedT[i + 1] - speedT[i] > maxGapS) return false;
  return b >= a;
}
