// Small interpolation helpers of the map-matching: linear over sorted samples, over uniform knots, and a
// channel read at other times.

import type { Channel } from '../model/session.ts';

/** Linear interpolation of (x, y) at sorted query points q (held at the ends). */
export function interpolateSorted(x: Float64Array, y: Float64Array, q: Float64Array): Float64Array {
  const out = new Float64Array(q.length);
  const n = x.length;
  let j = 0;
  for (let k = 0; k < q.length; k++) {
    const t = q[k];
    if (t <= x[0]) { out[k] = y[0]; continue; }
    if (t >= x[n - 1]) { out[k] = y[n - 1]; continue; }
    while (j < n - 2 && x[j + 1] <= t) j++;
    const dx = x[j + 1] - x[j];
    out[k] = dx > 0 ? y[j] + ((y[j + 1] - y[j]) * (t - x[j])) / dx : y[j];
  }
  return out;
}

/** A channel's values at sorted times (linear, held at the ends). */
export function channelAt(c: Channel, times: Float64Array): Float64Array {
  return interpolateSorted(c.timeS, c.values, times);
}

/** Linear interpolation of values on uniform knots (t0 + j·step) at time t (held at the ends). */
export function atUniform(v: Float64Array, t0: number, step: number, t: number): number {
  const x = (t - t0) / step;
  const n = v.length;
  if (!(x > 0)) return v[0];
  if (x >= n - 1) return v[n - 1];
  const j = Math.floor(x);
  return v[j] + (x - j) * (v[j + 1] - v[j]);
}

/** a mod L in [0, L) (floor-based: a double % is a slow library call in V8, and this runs per knot). */
export function mod(a: number, L: number): number {
  const r = a - L * Math.floor(a / L);
  return r < L ? r : 0;
}
