// Colours of the analysis view: one per compared lap (the reference first), and the ramps that colour
// the driven line on the track map by a channel, as lookup tables.

/** Distinct on the dark theme; the reference lap gets the first. */
const LAP_PALETTE = ['#ff8a1f', '#3fc1c9', '#c792ea', '#f4d35e', '#ff5d8f', '#7bd389', '#6c9cff', '#e8e8e8', '#ffb4a2', '#00d1b2'];

export function lapColour(index: number): string {
  if (index < LAP_PALETTE.length) return LAP_PALETTE[index];
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue} 70% 62%)`;
}

export type Ramp = readonly string[];

/** Slow (red) through yellow to fast (green): corners stand out against the straights. */
export const SPEED_RAMP: Ramp = ['#d7191c', '#fdae61', '#ffffbf', '#a6d96a', '#1a9641'];
/** Off (dark) to full (bright green). */
export const THROTTLE_RAMP: Ramp = ['#3a3f45', '#557a46', '#7bd389', '#c6f7a8'];
/** None (dark) to hard (red). */
export const BRAKE_RAMP: Ramp = ['#3a3f45', '#7a3b3b', '#e0413a', '#ff9d8a'];
export const GEAR_RAMP: Ramp = ['#3b4cc0', '#6c9cff', '#3fc1c9', '#f4d35e', '#ff8a1f'];
/** Ahead of the reference (green), level (white), behind (red). */
export const DELTA_RAMP: Ramp = ['#1a9641', '#a6d96a', '#f0f0f0', '#fdae61', '#d7191c'];

function parseHex(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** The ramp at t ∈ [0, 1] (clamped) as [r, g, b]. */
export function rampRgb(ramp: Ramp, t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const f = x - i;
  const a = parseHex(ramp[i]);
  const b = parseHex(ramp[i + 1]);
  return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as [number, number, number];
}

/** `steps` CSS colours evenly along the ramp (a lookup table for drawing many segments). */
export function rampTable(ramp: Ramp, steps = 64): string[] {
  return Array.from({ length: steps }, (_, k) => {
    const [r, g, b] = rampRgb(ramp, k / (steps - 1));
    return `rgb(${r},${g},${b})`;
  });
}

/** A CSS linear-gradient of the ramp, left (low) to right (high), for the legend. */
export function rampGradient(ramp: Ramp): string {
  return `linear-gradient(to right, ${ramp.map((c, k) => `${c} ${Math.round((k / (ramp.length - 1)) * 100)}%`).join(', ')})`;
}
