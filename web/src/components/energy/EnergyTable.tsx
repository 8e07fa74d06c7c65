// The energy table of a lap, per corner or per sector: time, traction, front and rear brakes, drag,
// rolling resistance and yaw energy (kJ), peak braking and traction power (kW) and efficiency (%), with
// lap totals; sortable by any column, and a tap on a row outlines that stretch on the FlowGrid.

import { createMemo, createSignal, For, Show, type Component } from 'solid-js';
import type { SegmentEnergy } from '../../../../workers/energy/lap-energy.ts';
import { formatFixed } from '../../analysis/lap-format.ts';
import { nextSort, sortRows, type SortState } from '../../analysis/sort-rows.ts';
import { columnTotal, ENERGY_COLUMNS } from '../../energy/energy-rows.ts';
import { SortHeader } from '../analysis/SortHeader.tsx';

export type SegmentKind = 'corner' | 'sector';

export interface EnergyTableProps {
  corners: SegmentEnergy[];
  sectors: SegmentEnergy[];
  lapLabel: string;
  kind: SegmentKind;
  onKind: (kind: SegmentKind) => void;
  active: SegmentEnergy | null;
  onSegment: (s: SegmentEnergy | null) => void;
}

export const EnergyTable: Component<EnergyTableProps> = (props) => {
  const [sort, setSort] = createSignal<SortState<string> | null>(null);
  const segments = () => (props.kind === 'corner' ? props.corners : props.sectors);
  const rows = createMemo(() => {
    const s = sort();
    if (!s) return segments();
    if (s.key === 'name') return sortRows(segments(), (x) => x.number, s.direction);
    const col = ENERGY_COLUMNS.find((c) => c.id === s.key);
    return col ? sortRows(segments(), col.value, s.direction) : segments();
  });
  const onSort = (column: string) => setSort(nextSort(sort(), column));
  const isActive = (s: SegmentEnergy) => props.active?.kind === s.kind && props.active.number === s.number;

  return (
    <div class="energy-table-box">
      <div class="segmented" role="group" aria-label="Rows">
        <button type="button" class="button segment" aria-pressed={props.kind === 'corner'} onClick={() => props.onKind('corner')}>
          Corners
        </button>
        <button type="button" class="button segment" aria-pressed={props.kind === 'sector'} onClick={() => props.onKind('sector')}>
          Sectors
        </button>
      </div>
      <div class="table-scroll">
        <table class="data-table energy-table" aria-label={`Energy per ${props.kind} of ${props.lapLabel}`} data-testid="energy-table" data-kind={props.kind}>
          <caption class="muted small">
            {props.lapLabel}, per {props.kind} ({props.kind === 'corner' ? 'straight midpoint to straight midpoint, so each corner holds its braking zone' : 'as the track map defines them'}). Braking front/rear: the brakes' work; efficiency: kinetic energy gained under traction ÷ traction energy. Tap a row to outline it on the map.
          </caption>
          <thead>
            <tr>
              <SortHeader column="name" label={props.kind === 'corner' ? 'Corner' : 'Sector'} sort={sort()} onSort={onSort} />
              <For each={ENERGY_COLUMNS}>{(c) => <SortHeader column={c.id} label={c.label} unit={c.unit} sort={sort()} onSort={onSort} numeric />}</For>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(s) => (
                <tr class="energy-row" classList={{ active: isActive(s) }} data-segment={s.number} onClick={() => props.onSegment(isActive(s) ? null : s)}>
                  <th scope="row">
                    <button
                      type="button"
                      class="button link segment-button"
                      aria-pressed={isActive(s)}
                      aria-label={`Outline ${s.name} on the map`}
                      onClick={(e) => {
                        e.stopPropagation();
                        props.onSegment(isActive(s) ? null : s);
                      }}
                    >
                      {s.name}
                    </button>
                  </th>
                  <For each={ENERGY_COLUMNS}>{(c) => <td class="num">{c.text(s)}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
          <Show when={segments().length > 0}>
            <tfoot>
              <tr>
                <th scope="row">Lap</th>
                <For each={ENERGY_COLUMNS}>
                  {(c) => {
                    // a function, so that the total follows the rows (corners ↔ sectors, recomputed energies)
                    const total = () => columnTotal(segments(), c);
                    return <td class="num">{total() === null ? '' : formatFixed(total()!, c.id === 'time' || c.id === 'yaw' ? 2 : 1)}</td>;
                  }}
                </For>
              </tr>
            </tfoot>
          </Show>
        </table>
      </div>
    </div>
  );
};
