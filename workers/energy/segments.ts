// Sums of per-metre bins over a stretch of the lap (a corner segment or a sector), with partial
// bins at its ends counted by the share they cover, and wrapping across the start/finish line.

/** Σ of bins over [a, b) metres of a lap whose bins are values[offset … offset + bins); b < a wraps. */
export function binSum(values: Float64Array, offset: number, bins: number, lengthM: number, a: number, b: number): number {
  if (b < a) return binSum(values, offset, bins, lengthM, a, lengthM) + binSum(values, offset, bins, lengthM, 0, b);
  let sum = 0;
  const first = Math.max(0, Math.floor(a));
  const last = Math.min(bins - 1, Math.ceil(b) - 1);
  for (let j = first; j <= last; j++) {
    const end = j === bins - 1 ? lengthM : j + 1;
    const width = end - j;
    const lo = Math.max(a, j);
    const hi = Math.min(b, end);
    if (hi <= lo || width <= 0) continue;
    sum += values[offset + j] * ((hi - lo) / width);
  }
  return sum;
}

/** Whether a distance lies in [a, b) (wrapping when b < a). */
export function inStretch(d: number, a: number, b: number): boolean {
  return b >= a ? d >= a && d < b : d >= a || d < b;
}
