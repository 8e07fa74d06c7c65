// The corner table of the lap on the map: entry / minimum / exit speed, brake point, peak pressure, trail
// braking, throttle pickup, time in the corner, apex offset and the time gained (green) or lost (red)
// against the reference lap. Sortable by its headers; a row zooms the charts to its corner.

import { createMemo, createSignal, For, type Component } from 'solid-js';
import type { CornerMetrics } from '../../../../workers/laps/types.ts';
import { formatFixed, formatMetres, formatSigned } from '../../analysis/lap-format.ts';
import { nextSort, sortRows, type SortState } from '../../analysis/sort-rows.ts';
import { SortHeader } from './SortHeader.tsx';

const KMH = 3.6;

interface Column {
  id: string;
  label: string;
  unit?: string;
  value: (c: CornerMetrics) => number;
  text: (c: CornerMetrics) => string;
}

const COLUMNS: Column[] = [
  { id: 'entry', label: 'Entry', unit: 'km/h', value: (c) => c.entrySpeedMs * KMH, text: (c) => formatFixed(c.entrySpeedMs * KMH, 1) },
  { id: 'min', label: 'Min', unit: 'km/h', value: (c) => c.minSpeedMs * KMH, text: (c) => formatFixed(c.minSpeedMs * KMH, 1) },
  { id: 'exit', label: 'Exit', unit: 'km/h', value: (c) => c.exitSpeedMs * KMH, text: (c) => formatFixed(c.exitSpeedMs * KMH, 1) },
  { id: 'brake', label: 'Brake point', unit: 'm', value: (c) => c.brakePointM, text: (c) => formatMetres(c.brakePointM) },
  { id: 'peak', label: 'Peak brake', unit: 'bar', value: (c) => c.peakBrakeBar, text: (c) => formatFixed(c.peakBrakeBar, 1) },
  { id: 'trail', label: 'Trail', unit: 'm', value: (c) => c.trailBrakeM, text: (c) => formatMetres(c.trailBrakeM) },
  { id: 'pickup', label: 'Throttle pickup', unit: 'm', value: (c) => c.throttlePickupM, text: (c) => formatMetres(c.throttlePickupM) },
  { id: 'time', label: 'Time in corner', unit: 's', value: (c) => c.timeInCornerS, text: (c) => formatFixed(c.timeInCornerS, 3) },
  { id: 'apex', label: 'Apex offset', unit: 'm', value: (c) => c.apexOffsetM, text: (c) => formatSigned(c.apexOffsetM, 1) },
];

export interface CornerTableProps {
  corners: CornerMetrics[];
  lapLabel: string;
  referenceLabel: string;
  /** True when the lap is the reference itself (no gains to show). */
  isReference: boolean;
  activeCorner: number | null;
  onCorner: (corner: CornerMetrics) => void;
}

export const CornerTable: Component<CornerTableProps> = (props) => {
  const [sort, setSort] = createSignal<SortState<string> | null>(null);
  const rows = createMemo(() => {
    const s = sort();
    if (!s) return props.corners;
    if (s.key === 'corner') return sortRows(props.corners, (c) => c.number, s.direction);
    if (s.key === 'delta') return sortRows(props.corners, (c) => c.deltaVsRefS, s.direction);
    const col = COLUMNS.find((c) => c.id === s.key);
    return col ? sortRows(props.corners, col.value, s.direction) : props.corners;
  });
  const onSort = (column: string) => setSort(nextSort(sort(), column));

  return (
    <div class="table-scroll">
      <table class="data-table corner-table" aria-label={`Corners of ${props.lapLabel}`} data-testid="corner-table">
        <caption class="muted small">
          {props.lapLabel} against the reference {props.referenceLabel}. Distances from the start/finish line; apex offset + left of the track map's line. Tap a corner to zoom the charts to it.
        </caption>
        <thead>
          <tr>
            <SortHeader column="corner" label="Corner" sort={sort()} onSort={onSort} />
            <For each={COLUMNS}>{(c) => <SortHeader column={c.id} label={c.label} unit={c.unit} sort={sort()} onSort={onSort} numeric />}</For>
            <SortHeader column="delta" label="vs ref" unit="s" sort={sort()} onSort={onSort} numeric />
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(c) => (
              <tr
                class="corner-row"
                classList={{ active: props.activeCorner === c.number }}
                data-corner={c.number}
                data-entry-m={c.entryM.toFixed(1)}
                data-exit-m={c.exitM.toFixed(1)}
                onClick={() => props.onCorner(c)}
              >
                <th scope="row">
                  <button
                    type="button"
                    class="button link corner-button"
                    aria-pressed={props.activeCorner === c.number}
                    aria-label={`Zoom the charts to ${c.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      props.onCorner(c);
                    }}
                  >
                    {c.name}
                  </button>
                </th>
                <For each={COLUMNS}>{(col) => <td class="num">{col.text(c)}</td>}</For>
                <td
                  class="num delta"
                  classList={{ gain: !props.isReference && c.deltaVsRefS < -0.0005, loss: !props.isReference && c.deltaVsRefS > 0.0005 }}
                  title={props.isReference ? 'This is the reference lap' : c.deltaVsRefS < 0 ? 'Time gained on the reference' : 'Time lost to the reference'}
                >
                  {props.isReference ? '—' : formatSigned(c.deltaVsRefS, 3)}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
};
