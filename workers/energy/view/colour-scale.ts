// Colour scales of the energy views, shared by the workers (raster, 3D ribbon colours) and the page
// (legends): a diverging scale for signed power (blue braking, neutral grey at zero, red traction) and a
// sequential one for speed, as lookups from a value to RGB.

export type Ramp = readonly string[];

/** Braking (blue) through zero (dark grey, so that coasting recedes on the dark theme) to traction (red). */
export const POWER_RAMP: Ramp = ['#7cc0ff', '#2f86ff', '#2b4f80', '#3b424a', '#84332d', '#f0392b', '#ff9b85'];
/** Slow (dark blue) through teal and yellow to fast (bright yellow-white). */
export const SPEED_RAMP: Ramp = ['#2c3e8f', '#2f7fb8', '#3fc1c9', '#a6d96a', '#f4d35e', '#fff3b0'];

function parseHex(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const PARSED = new Map<Ramp, [number, number, number][]>();

/** The ramp at t ∈ [0, 1] (clamped; NaN → 0) as [r, g, b] in 0–255. */
export function rampRgb(ramp: Ramp, t: number): [number, number, number] {
  let stops = PARSED.get(ramp);
  if (!stops) {
    stops = ramp.map(parseHex);
    PARSED.set(ramp, stops);
  }
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** Where each half of a diverging scale reaches full colour: at −negative and at +positive (both > 0). */
export interface SignedLimits {
  negative: number;
  positive: number;
}

/** Position of a signed value on a diverging scale: −negative → 0, zero → 0.5, +positive → 1. */
export function divergingT(value: number, limits: SignedLimits): number {
  if (!Number.isFinite(value)) return 0.5;
  const l = value < 0 ? limits.negative : limits.positive;
  if (!(l > 0)) return 0.5;
  return 0.5 + 0.5 * Math.max(-1, Math.min(1, value / l));
}

/** Position of a value on a sequential scale lo…hi. */
export function sequentialT(value: number, lo: number, hi: number): number {
  return hi > lo ? Math.max(0, Math.min(1, (value - lo) / (hi - lo))) : 0;
}

/** The next "nice" number at or above x (1, 2, 2.5, 5 × 10^k); 1 for x ≤ 0. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

function quantileOf(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

/**
 * Colour limits of signed values, one per sign (braking peaks several times higher than traction, so a
 * shared limit would leave traction dark): the `quantile` of each side's magnitudes (so that a few extreme
 * metres do not wash the map out), rounded up to a nice number; a side without values takes the other's.
 */
export function signedLimits(values: ArrayLike<number>, quantile = 0.98): SignedLimits {
  const neg: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) neg.push(-v);
    else if (v > 0) pos.push(v);
  }
  neg.sort((a, b) => a - b);
  pos.sort((a, b) => a - b);
  const n = neg.length ? niceCeil(quantileOf(neg, quantile)) : null;
  const p = pos.length ? niceCeil(quantileOf(pos, quantile)) : null;
  return { negative: n ?? p ?? 1, positive: p ?? n ?? 1 };
}
