// A session's mean of one quantity along the lap (the driven line's offset, the path curvature): the
// mean per bin of lap distance, pooled over neighbouring bins, linear between bin centres and wrapping at
// the line. A gated profile is the mean of the values near each bin's median, so that pit-lane passes and
// other far-off laps do not drag it.

import { mod } from './interpolate.ts';
import { quickMedian } from './residual-fit.ts';

export interface LapProfileOptions {
  /** Bin width along the lap, m. */
  binM: number;
  /** Bins either side pooled into each bin's mean. */
  halfBins: number;
  /** A pooled bin needs this many values for a mean (else NaN). */
  minCount: number;
  /** Only values within this of the bin's median count (Infinity: every value, no median taken). */
  gate: number;
}

export interface LapProfile {
  lengthM: number;
  binM: number;
  /** Mean per bin (bin b covers [b·binM, (b + 1)·binM)); NaN where there were too few values. */
  mean: Float64Array;
}

/**
 * The profile of values[k] taken at unwrapped lap distances distanceM[k] (NaN values are skipped);
 * `wrapped`: the same distances already in [0, lengthM), when the caller has them.
 */
export function lapProfile(values: Float64Array, distanceM: Float64Array, lengthM: number, o: LapProfileOptions, wrapped?: Float64Array): LapProfile {
  const nb = Math.max(1, Math.ceil(lengthM / o.binM));
  const m = values.length;
  const bin = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const p = (wrapped ? wrapped[k] : mod(distanceM[k], lengthM)) / o.binM;
    bin[k] = values[k] === values[k] && Number.isFinite(p) ? Math.min(nb - 1, Math.floor(p)) : -1;
  }
  const gated = Number.isFinite(o.gate);
  // the first pass (gated profiles only): the median of each pooled bin, which a pit-lane pass cannot drag
  const centre = gated ? pooledMedians(values, bin, nb, o) : null;
  const sum = new Float64Array(nb);
  const cnt = new Float64Array(nb);
  for (let k = 0; k < m; k++) {
    const b = bin[k];
    if (b < 0) continue;
    const v = values[k];
    if (centre && !(Math.abs(v - centre[b]) <= o.gate)) continue;
    sum[b] += v;
    cnt[b]++;
  }
  const mean = new Float64Array(nb).fill(NaN);
  for (let b = 0; b < nb; b++) {
    let a = 0;
    let c = 0;
    for (let d = -o.halfBins; d <= o.halfBins; d++) {
      const q = (((b + d) % nb) + nb) % nb;
      a += sum[q];
      c += cnt[q];
    }
    if (c >= o.minCount) mean[b] = a / c;
  }
  return { lengthM, binM: o.binM, mean };
}

/** Values per bin, on average, the medians are taken over (a long session's are subsampled to about this). */
const MEDIAN_SAMPLE_PER_BIN = 16;

/** The median of the values in each bin pooled with its ±halfBins neighbours (NaN where there are too few). */
function pooledMedians(values: Float64Array, bin: Int32Array, nb: number, o: LapProfileOptions): Float64Array {
  // a long session has hundreds of values per bin: every stride-th one (they are in time order, so spread
  // over the laps) is enough for a median
  const stride = Math.max(1, Math.floor(bin.length / (nb * MEDIAN_SAMPLE_PER_BIN)));
  // the values sorted by bin (counting sort)
  const start = new Int32Array(nb + 1);
  for (let k = 0; k < bin.length; k += stride) if (bin[k] >= 0) start[bin[k] + 1]++;
  for (let b = 0; b < nb; b++) start[b + 1] += start[b];
  const byBin = new Float64Array(start[nb]);
  const fill = start.slice(0, nb);
  for (let k = 0; k < bin.length; k += stride) if (bin[k] >= 0) byBin[fill[bin[k]]++] = values[k];
  const out = new Float64Array(nb).fill(NaN);
  const scratch = new Float64Array(byBin.length);
  const minCount = Math.max(1, Math.ceil(o.minCount / stride));
  for (let b = 0; b < nb; b++) {
    let n = 0;
    for (let d = -o.halfBins; d <= o.halfBins; d++) {
      const q = (((b + d) % nb) + nb) % nb;
      for (let i = start[q]; i < start[q + 1]; i++) scratch[n++] = byBin[i];
    }
    if (n >= minCount) out[b] = quickMedian(scratch.subarray(0, n));
  }
  return out;
}

/** The profile at lap distance s (unwrapped is fine). */
export function profileAt(p: LapProfile, s: number): number {
  return meanAtBin(p.mean, mod(s, p.lengthM) / p.binM);
}

/** The profile at a lap distance already in [0, lengthM). */
export function profileAtWrapped(p: LapProfile, w: number): number {
  return meanAtBin(p.mean, w / p.binM);
}

/** Bin centres at b + ½, linear between them, wrapping. */
function meanAtBin(mean: Float64Array, pos: number): number {
  const nb = mean.length;
  const x = pos - 0.5;
  const b0 = Math.floor(x);
  const f = x - b0;
  const a = mean[((b0 % nb) + nb) % nb];
  const b = mean[(((b0 + 1) % nb) + nb) % nb];
  return a + f * (b - a);
}
