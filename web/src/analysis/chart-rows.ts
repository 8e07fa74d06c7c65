// The channels the lap-compare charts stack against distance, with their units, fixed ranges and
// heights, and the conversion of a worker array into a uPlot series (gaps as null).

import type { CompareLap } from '../../../workers/laps/analysis.worker.ts';

export type ChartRowId = 'speed' | 'throttle' | 'brake' | 'gear' | 'steering' | 'delta';

export interface ChartRow {
  id: ChartRowId;
  label: string;
  /** Column title in the compact legend. */
  short: string;
  /** '' for a dimensionless channel (gear). */
  unit: string;
  /** Decimals in readouts. */
  digits: number;
  /** Plot height in CSS pixels (the bottom chart adds its distance axis). */
  heightPx: number;
  /** A fixed value range, else the visible data's range. */
  range?: [number, number];
  /** Drawn as steps (a discrete channel). */
  stepped?: boolean;
  pick: (lap: CompareLap) => Float64Array | null;
}

export const CHART_ROWS: readonly ChartRow[] = [
  { id: 'speed', label: 'Speed', short: 'Speed', unit: 'km/h', digits: 1, heightPx: 170, pick: (l) => l.speedKmh },
  { id: 'throttle', label: 'Throttle', short: 'Throttle', unit: '%', digits: 0, heightPx: 110, range: [-3, 103], pick: (l) => l.throttlePct },
  { id: 'brake', label: 'Brake', short: 'Brake', unit: 'bar', digits: 1, heightPx: 110, pick: (l) => l.brakeBar },
  { id: 'gear', label: 'Gear', short: 'Gear', unit: '', digits: 0, heightPx: 100, stepped: true, pick: (l) => l.gear },
  { id: 'steering', label: 'Steering', short: 'Steer', unit: 'deg', digits: 0, heightPx: 110, pick: (l) => l.steeringDeg },
  { id: 'delta', label: 'Delta-time', short: 'Δt', unit: 's', digits: 3, heightPx: 130, pick: (l) => l.deltaS },
];

/** The axis title: 'Speed (km/h)'; a dimensionless channel shows '—' as its unit, as the channel list does. */
export function axisLabel(row: Pick<ChartRow, 'label' | 'unit'>): string {
  return `${row.label} (${row.unit || '—'})`;
}

/** The array as a uPlot series: itself when every value is finite, else a copy with null in the gaps. */
export function toSeries(values: Float64Array | null, length: number): Float64Array | (number | null)[] {
  if (!values) return new Array<null>(length).fill(null);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  }
  return values;
}
