// Linear interpolation of sampled signals at sorted query times (held constant beyond the ends).

/** v(t) at each query time q (t and q increasing). */
export function interpolateArrays(t: Float64Array, v: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(q.length);
  const n = t.length;
  if (n === 0) return out;
  let k = 0;
  for (let i = 0; i < q.length; i++) {
    const x = q[i];
    if (x <= t[0]) { out[i] = v[0]; continue; }
    if (x >= t[n - 1]) { out[i] = v[n - 1]; continue; }
    while (k + 1 < n && t[k + 1] < x) k++;
    while (k > 0 && t[k] > x) k--;
    const span = t[k + 1] - t[k];
    out[i] = span > 0 ? v[k] + ((v[k + 1] - v[k]) * (x - t[k])) / span : v[k];
  }
  return out;
}
