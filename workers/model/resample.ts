// On-demand resampling of a channel onto another time base: linear for continuous channels,
// previous value held for discrete ones (gear, lap counter). Outside the channel's span: NaN.

import type { Channel } from './session.ts';

export function resampleChannel(channel: Channel, targetTimeS: Float64Array): Float64Array {
  return channel.kind === 'discrete'
    ? resamplePrevious(channel.timeS, channel.values, targetTimeS)
    : resampleLinear(channel.timeS, channel.values, targetTimeS);
}

export function resampleLinear(t: Float64Array, v: Float64Array, target: Float64Array): Float64Array {
  const out = new Float64Array(target.length);
  const n = t.length;
  let j = 0;
  for (let i = 0; i < target.length; i++) {
    const x = target[i];
    if (n === 0 || x < t[0] || x > t[n - 1]) { out[i] = NaN; continue; }
    while (j < n - 2 && t[j + 1] < x) j++;
    if (j > 0 && t[j] > x) j = lowerIndex(t, x);
    const t0 = t[j];
    const t1 = j + 1 < n ? t[j + 1] : t0;
    out[i] = t1 > t0 ? v[j] + ((v[j + 1] - v[j]) * (x - t0)) / (t1 - t0) : v[j];
  }
  return out;
}

export function resamplePrevious(t: Float64Array, v: Float64Array, target: Float64Array): Float64Array {
  const out = new Float64Array(target.length);
  const n = t.length;
  let j = 0;
  for (let i = 0; i < target.length; i++) {
    const x = target[i];
    if (n === 0 || x < t[0]) { out[i] = NaN; continue; }
    if (j > 0 && t[j] > x) j = lowerIndex(t, x);
    while (j < n - 1 && t[j + 1] <= x) j++;
    out[i] = v[j];
  }
  return out;
}

/** Largest index j with t[j] <= x (t sorted ascending, x >= t[0]). */
function lowerIndex(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid] <= x) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** A uniform time base from t0 to t1 (inclusive of t0) at `rateHz`. */
export function uniformTimeBase(t0: number, t1: number, rateHz: number): Float64Array {
  const n = Math.max(1, Math.floor((t1 - t0) * rateHz) + 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = t0 + i / rateHz;
  return out;
}
