// A growable (time, value) series and a stable natural merge sort for it: linear for rows that
// arrive in time order or in reverse (the GR Cup export is reversed), n·log n for shuffled rows.

export class TimeSeriesBuffer {
  t: Float64Array;
  v: Float64Array;
  n = 0;

  constructor(capacity = 256) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    if (this.n === this.t.length) this.grow();
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap); t.set(this.t); this.t = t;
    const v = new Float64Array(cap); v.set(this.v); this.v = v;
  }

  /** Sorts the first n entries by time, stably (equal times keep their arrival order). */
  sortByTime(): void {
    sortByTime(this.t.subarray(0, this.n), this.v.subarray(0, this.n));
  }
}

const MIN_RUN = 32;

/** Stable in-place sort of parallel arrays by `t` (natural merge sort with reversed runs). */
export function sortByTime(t: Float64Array, v: Float64Array): void {
  const n = t.length;
  if (n < 2) return;
  let i = 1;
  while (i < n && t[i - 1] <= t[i]) i++;
  if (i === n) return;
  // natural runs, strictly descending ones reversed; a run that continues the previous one in
  // order joins it (blocks written newest-first become one run)
  const runs: number[] = [0];
  let s = 0;
  while (s < n) {
    let e = s + 1;
    if (e < n && t[e] < t[s]) {
      while (e < n && t[e] < t[e - 1]) e++;
      reverse(t, v, s, e);
    } else {
      while (e < n && t[e] >= t[e - 1]) e++;
    }
    if (s > 0 && t[s - 1] <= t[s]) runs[runs.length - 1] = e;
    else runs.push(e);
    s = e;
  }
  if (runs.length === 2) return;
  // short runs (shuffled input) are grouped by insertion sort into runs of at least MIN_RUN
  const bounds: number[] = [0];
  let group = 0;
  for (let k = 1; k < runs.length; k++) {
    const lo = runs[k - 1], hi = runs[k];
    if (hi - lo >= MIN_RUN) {
      if (group < lo) { insertionSort(t, v, group, group + 1, lo); bounds.push(lo); }
      bounds.push(hi);
      group = hi;
    } else if (hi - group >= MIN_RUN) {
      insertionSort(t, v, group, group + 1, hi);
      bounds.push(hi);
      group = hi;
    }
  }
  if (group < n) { insertionSort(t, v, group, group + 1, n); bounds.push(n); }
  let srcT: Float64Array = t, srcV: Float64Array = v;
  let dstT: Float64Array = new Float64Array(n), dstV: Float64Array = new Float64Array(n);
  let b = bounds;
  while (b.length > 2) {
    const next: number[] = [0];
    for (let k = 0; k + 1 < b.length; k += 2) {
      const lo = b[k], mid = b[k + 1];
      const hi = k + 2 < b.length ? b[k + 2] : mid;
      merge(srcT, srcV, lo, mid, hi, dstT, dstV);
      next.push(hi);
    }
    [srcT, dstT] = [dstT, srcT];
    [srcV, dstV] = [dstV, srcV];
    b = next;
  }
  if (srcT !== t) { t.set(srcT); v.set(srcV); }
}

function reverse(t: Float64Array, v: Float64Array, s: number, e: number): void {
  for (let a = s, b = e - 1; a < b; a++, b--) {
    const tt = t[a]; t[a] = t[b]; t[b] = tt;
    const vv = v[a]; v[a] = v[b]; v[b] = vv;
  }
}

/** Extends the sorted run [s, sorted) to [s, stop) by stable insertion. */
function insertionSort(t: Float64Array, v: Float64Array, s: number, sorted: number, stop: number): void {
  for (let i = sorted; i < stop; i++) {
    const ti = t[i], vi = v[i];
    let j = i - 1;
    while (j >= s && t[j] > ti) { t[j + 1] = t[j]; v[j + 1] = v[j]; j--; }
    t[j + 1] = ti;
    v[j + 1] = vi;
  }
}

function merge(st: Float64Array, sv: Float64Array, lo: number, mid: number, hi: number, dt: Float64Array, dv: Float64Array): void {
  let a = lo, b = mid, o = lo;
  while (a < mid && b < hi) {
    if (st[b] < st[a]) { dt[o] = st[b]; dv[o] = sv[b]; b++; }
    else { dt[o] = st[a]; dv[o] = sv[a]; a++; }
    o++;
  }
  while (a < mid) { dt[o] = st[a]; dv[o] = sv[a]; a++; o++; }
  while (b < hi) { dt[o] = st[b]; dv[o] = sv[b]; b++; o++; }
}
