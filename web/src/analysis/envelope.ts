// What the lap-compare charts hand to uPlot for a distance window: the samples inside it (plus one on
// each side), or, when there are more than two per pixel column, each column's minimum and maximum in
// the order they occur, and one point only for a column flatter than half a pixel. The lines look the
// same; uPlot builds and the canvas rasterises far fewer points.

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

/** A window's series: typed, or with null for a gap and (reduced ones only) undefined for a point uPlot connects over. */
export type WindowSeries = Float64Array | (number | null | undefined)[];

/**
 * The window [minX, maxX] of x and every series, reduced to at most 2 × `columns` points (min and max
 * per column of samples). Typed arrays stay typed (sub-arrays when nothing is reduced: no copy).
 * `flatFraction` > 0: a column whose values span no more than that fraction of the window's whole range
 * (every series together), and whose neighbour on the right starts level with it, keeps only its first
 * point; the second is left undefined, which uPlot connects over (a null stays a gap), and the line drawn
 * passes within that fraction of it. The caller sets it to half a pixel of the chart's height, so that
 * the line looks the same with fewer points to build and rasterise (the first and last columns keep both).
 */
export function windowSeries(x: Float64Array, ys: readonly Series[], minX: number, maxX: number, columns: number, flatFraction = 0): { x: Float64Array; ys: WindowSeries[] } {
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
  // each column's values in the order they occur: first, second (NaN where the column has none)
  const pairs = ys.map((y) => columnExtremes(y, i0, i1, per, buckets));
  let tolerance = -1;
  let lo = Infinity;
  let hi = -Infinity;
  if (flatFraction > 0) {
    for (const p of pairs) {
      for (let i = 0; i < p.length; i++) {
        const v = p[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (hi >= lo) tolerance = flatFraction * (hi - lo);
  }
  const outYs = ys.map((y, s): WindowSeries => {
    const p = pairs[s];
    if (tolerance < 0) {
      if (y instanceof Float64Array) return p;
      return Array.from(p, (v) => (v === v ? v : null));
    }
    const out = new Array<number | null | undefined>(2 * buckets);
    for (let j = 0; j < buckets; j++) {
      const first = p[2 * j];
      const second = p[2 * j + 1];
      if (first !== first) {
        out[2 * j] = out[2 * j + 1] = null;
        continue;
      }
      out[2 * j] = first;
      // the line from this column's first point to the next one's passes within the tolerance of the second
      // when the column is flat and the next starts level with it (a jump right after keeps its corner); a
      // window's extreme stays unless the first point has it too (the chart's auto range comes from these)
      const next = j + 1 < buckets ? p[2 * j + 2] : NaN;
      const extreme = second !== first && (second === lo || second === hi);
      const drop = j > 0 && !extreme && Math.abs(second - first) <= tolerance && Math.abs(next - second) <= tolerance;
      out[2 * j + 1] = drop ? undefined : second;
    }
    return out;
  });
  return { x: outX, ys: outYs };
}

/** Per column of `per` samples from i0: its minimum and maximum in the order they occur (NaN, NaN without a value). */
function columnExtremes(y: Series, i0: number, i1: number, per: number, buckets: number): Float64Array {
  const out = new Float64Array(2 * buckets);
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
      out[2 * j] = NaN;
      out[2 * j + 1] = NaN;
    } else if (loAt <= hiAt) {
      out[2 * j] = lo;
      out[2 * j + 1] = hi;
    } else {
      out[2 * j] = hi;
      out[2 * j + 1] = lo;
    }
  }
  return out;
}
