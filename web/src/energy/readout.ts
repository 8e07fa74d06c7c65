// The FlowGrid's hover readout: the values at one metre of the lap with their units, or in difference
// mode the A − B differences (with A's and B's speeds), as label / value / unit triples.

import type { FlowGridData } from '../../../workers/energy/view/flow-grid.ts';
import { formatFixed, formatMetres, formatSigned } from '../analysis/lap-format.ts';

export interface ReadoutItem {
  label: string;
  value: string;
  unit: string;
}

export function flowReadout(data: Pick<FlowGridData, 'a' | 'b' | 'delta' | 'bins'>, distanceM: number): ReadoutItem[] {
  const j = Math.min(data.bins - 1, Math.max(0, Math.floor(distanceM)));
  const items: ReadoutItem[] = [{ label: 'Distance', value: formatMetres(distanceM), unit: 'm' }];
  const d = data.delta;
  if (!d || !data.b) {
    const a = data.a;
    items.push(
      { label: 'Net power', value: formatFixed(a.netKw[j], 1), unit: 'kW' },
      { label: 'Braking', value: formatFixed(a.brakingKw[j], 1), unit: 'kW' },
      { label: 'Traction', value: formatFixed(a.tractionKw[j], 1), unit: 'kW' },
      { label: 'Speed', value: formatFixed(a.speedKmh[j], 1), unit: 'km/h' },
    );
    return items;
  }
  items.push(
    { label: 'Δ net power', value: formatSigned(d.netKw[j], 1), unit: 'kW' },
    { label: 'Δ braking', value: formatSigned(d.brakingKw[j], 1), unit: 'kW' },
    { label: 'Δ traction', value: formatSigned(d.tractionKw[j], 1), unit: 'kW' },
    { label: 'Δ speed', value: formatSigned(d.speedKmh[j], 1), unit: 'km/h' },
    { label: 'Speed A', value: formatFixed(data.a.speedKmh[j], 1), unit: 'km/h' },
    { label: 'Speed B', value: formatFixed(data.b.speedKmh[j], 1), unit: 'km/h' },
  );
  return items;
}
