// Columns of the energy table: a corner's or a sector's energies in display units (kJ, kW, %, s, m)
// with their sort values and text, and the lap totals of the columns that add up.

import type { SegmentEnergy } from '../../../workers/energy/lap-energy.ts';
import { formatFixed, formatMetres } from '../analysis/lap-format.ts';

export interface EnergyColumn {
  id: string;
  label: string;
  unit: string;
  value: (s: SegmentEnergy) => number;
  text: (s: SegmentEnergy) => string;
  /** Whether the column adds up over the segments (energies, time; not peaks or efficiency). */
  additive: boolean;
}

const kJ = (j: number) => j / 1000;
const kW = (w: number) => w / 1000;

export const ENERGY_COLUMNS: EnergyColumn[] = [
  { id: 'from', label: 'From', unit: 'm', value: (s) => s.startM, text: (s) => formatMetres(s.startM), additive: false },
  { id: 'to', label: 'To', unit: 'm', value: (s) => s.endM, text: (s) => formatMetres(s.endM), additive: false },
  { id: 'time', label: 'Time', unit: 's', value: (s) => s.timeS, text: (s) => formatFixed(s.timeS, 2), additive: true },
  { id: 'traction', label: 'Traction', unit: 'kJ', value: (s) => kJ(s.tractionJ), text: (s) => formatFixed(kJ(s.tractionJ), 1), additive: true },
  { id: 'brakeFront', label: 'Brakes front', unit: 'kJ', value: (s) => kJ(s.brakeFrontJ), text: (s) => formatFixed(kJ(s.brakeFrontJ), 1), additive: true },
  { id: 'brakeRear', label: 'Brakes rear', unit: 'kJ', value: (s) => kJ(s.brakeRearJ), text: (s) => formatFixed(kJ(s.brakeRearJ), 1), additive: true },
  { id: 'drag', label: 'Drag', unit: 'kJ', value: (s) => kJ(s.dragJ), text: (s) => formatFixed(kJ(s.dragJ), 1), additive: true },
  { id: 'rolling', label: 'Rolling', unit: 'kJ', value: (s) => kJ(s.rollingJ), text: (s) => formatFixed(kJ(s.rollingJ), 1), additive: true },
  { id: 'yaw', label: 'Yaw', unit: 'kJ', value: (s) => kJ(s.yawJ), text: (s) => formatFixed(kJ(s.yawJ), 2), additive: true },
  { id: 'peakBraking', label: 'Peak braking', unit: 'kW', value: (s) => kW(s.peakBrakingW), text: (s) => formatFixed(kW(s.peakBrakingW), 0), additive: false },
  { id: 'peakTraction', label: 'Peak traction', unit: 'kW', value: (s) => kW(s.peakTractionW), text: (s) => formatFixed(kW(s.peakTractionW), 0), additive: false },
  { id: 'efficiency', label: 'Efficiency', unit: '%', value: (s) => 100 * s.efficiency, text: (s) => formatFixed(100 * s.efficiency, 1), additive: false },
];

/** The column summed over the segments (null for columns that do not add up). */
export function columnTotal(segments: readonly SegmentEnergy[], column: EnergyColumn): number | null {
  return column.additive ? segments.reduce((s, x) => s + column.value(x), 0) : null;
}
