// What the lap-compare charts hand to uPlot for a distance window: the samples inside it (plus one on
// each side), or, when there are more than two per pixel column, each column's minimum and maximum in
// the order they occur. The lines look the same; uPlot builds paths from far fewer points.

export type Series = Float64Array | (number | null)[];

/** First index whose x is ≥ v (x ascending). */
function lowerBound(x: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices [i0, i1] covering [minX, maxX] with one sample beyond each end (clamped). */
export function windowIndices(x: ArrayLike<number>, minX: number, maxX: number): [number, number] {
  const n = x.length;
  if (n === 0) return [0, -1];
  const i0 = Math.max(0, lowerBound(x, minX) - 1);
  const i1 = Math.min(n - 1, lowerBound(x, maxX));
  return [i0, Math.max(i0, i1)];
}

function sliceSeries(y: Series, a: number, b: number): Series {
  return y instanceof Float64Array ? y.subarray(a, b) : y.slice(a, b);
}

/**
 * The window [minX, maxX] of x and every series, reduced to at most 2 × `columns` points (min and max
 * per column of samples). Typed arrays stay typed (sub-arrays when nothing is reduced: no copy).
 */
export function windowSeries(x: Float64Array, ys: readonly Series[], minX: number, maxX: number, columns: number): { x: Float64Array; ys: Series[] } {
  const [i0, i1] = windowIndices(x, minX, maxX);
  const count = i1 - i0 + 1;
  if (count <= 2 * columns) return { x: x.subarray(i0, i1 + 1), ys: ys.map((y) => sliceSeries(y, i0, i1 + 1)) };
  const per = Math.ceil(count / columns);
  const buckets = Math.ceil(count / per);
  const outX = new Float64Array(2 * buckets);
  for (let j = 0; j < buckets; j++) {
    const a = i0 + j * per;
    const b = Math.min(a + per, i1 + 1) - 1;
    outX[2 * j] = x[a];
    outX[2 * j + 1] = x[b];
  }
  const outYs = ys.map((y) => {
    const typed = y instanceof Float64Array;
    const out: Series = typed ? new Float64Array(2 * buckets) : new Array<number | null>(2 * buckets);
    for (let j = 0; j < buckets; j++) {
      const a = i0 + j * per;
      const end = Math.min(a + per, i1 + 1);
      let lo = Infinity;
      let hi = -Infinity;
      let loAt = -1;
      let hiAt = -1;
      for (let i = a; i < end; i++) {
        const v = y[i];
        if (v === null || !Number.isFinite(v)) continue;
        if (v < lo) {
          lo = v;
          loAt = i;
        }
        if (v > hi) {
          hi = v;
          hiAt = i;
        }
      }
      if (loAt < 0) {
        out[2 * j] = typed ? NaN : null;
        out[2 * j + 1] = typed ? NaN : null;
      } else if (loAt <= hiAt) {
        out[2 * j] = lo;
        out[2 * j + 1] = hi;
      } else {
        out[2 * j] = hi;
        out[2 * j + 1] = lo;
      }
    }
    return out;
  });
  return { x: outX, ys: outYs };
}
