// The channels the driven line on the track map can be coloured by, with their units, colour ramps and
// legend ranges (rounded outwards to whole steps so the legend reads cleanly).

import type { CompareLap } from '../../../workers/laps/analysis.worker.ts';
import { BRAKE_RAMP, GEAR_RAMP, SPEED_RAMP, THROTTLE_RAMP, type Ramp } from './colours.ts';

export type MapChannelId = 'speed' | 'throttle' | 'brake' | 'gear';

export interface MapChannel {
  id: MapChannelId;
  label: string;
  /** '' for gear (a plain number). */
  unit: string;
  ramp: Ramp;
  pick: (lap: CompareLap) => Float64Array | null;
  /** Legend range for these values. */
  range: (values: Float64Array) => [number, number];
}

function finiteExtent(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** The values' extent widened to multiples of `step` (at least one step wide). */
export function roundedExtent(values: Float64Array, step: number): [number, number] {
  const [lo, hi] = finiteExtent(values);
  const a = Math.floor(lo / step) * step;
  const b = Math.max(a + step, Math.ceil(hi / step) * step);
  return [a, b];
}

export const MAP_CHANNELS: readonly MapChannel[] = [
  { id: 'speed', label: 'Speed', unit: 'km/h', ramp: SPEED_RAMP, pick: (l) => l.speedKmh, range: (v) => roundedExtent(v, 10) },
  { id: 'throttle', label: 'Throttle', unit: '%', ramp: THROTTLE_RAMP, pick: (l) => l.throttlePct, range: () => [0, 100] },
  { id: 'brake', label: 'Brake', unit: 'bar', ramp: BRAKE_RAMP, pick: (l) => l.brakeBar, range: (v) => [0, roundedExtent(v, 10)[1]] },
  { id: 'gear', label: 'Gear', unit: '', ramp: GEAR_RAMP, pick: (l) => l.gear, range: (v) => roundedExtent(v, 1) },
];

/** Five evenly spaced legend ticks over a range. */
export function legendTicks([lo, hi]: [number, number], count = 5): number[] {
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * k) / (count - 1));
}
