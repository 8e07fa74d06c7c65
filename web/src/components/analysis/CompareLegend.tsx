// The legend of the lap comparison: one row per compared lap (colour, lap, time, gap to the reference),
// the channels' values at the cursor, and buttons to show a lap on the map, make it the reference, or
// drop it.

import { For, Show, type Component } from 'solid-js';
import type { CompareResult } from '../../../../workers/laps/analysis.worker.ts';
import { CHART_ROWS } from '../../analysis/chart-rows.ts';
import { formatFixed, formatLapTime, formatMetres, formatSigned } from '../../analysis/lap-format.ts';

export interface CompareLegendProps {
  data: CompareResult;
  labels: string[];
  colours: string[];
  focusIndex: number;
  cursorM: number | null;
  onFocus: (index: number) => void;
  onReference: (index: number) => void;
  onRemove: (index: number) => void;
}

export const CompareLegend: Component<CompareLegendProps> = (props) => {
  const at = () => {
    const d = props.cursorM;
    if (d === null) return -1;
    return Math.min(props.data.distanceM.length - 1, Math.max(0, Math.round(d)));
  };
  const valueText = (lapIndex: number, rowIndex: number) => {
    const i = at();
    const row = CHART_ROWS[rowIndex];
    const values = row.pick(props.data.laps[lapIndex]);
    if (i < 0 || !values) return '—';
    return row.id === 'delta' ? formatSigned(values[i], row.digits) : formatFixed(values[i], row.digits);
  };
  const refTimeS = () => props.data.laps[0]?.lapTimeS ?? NaN;

  return (
    <div class="table-scroll compare-legend">
      <table class="data-table" aria-label="Compared laps" data-testid="compare-legend">
        <thead>
          <tr>
            <th scope="col">Lap</th>
            <th scope="col" class="num">
              <span class="sort-text">
                Time <span class="unit">m:ss.sss</span>
              </span>
            </th>
            <th scope="col" class="num">
              <span class="sort-text">
                Gap <span class="unit">s</span>
              </span>
            </th>
            <For each={CHART_ROWS}>
              {(r) => (
                <th scope="col" class="num">
                  <span class="sort-text">
                    {r.short} <span class="unit">{r.unit || '—'}</span>
                  </span>
                </th>
              )}
            </For>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.data.laps}>
            {(lap, k) => (
              <tr classList={{ focused: props.focusIndex === k() }} data-compare-index={k()}>
                <th scope="row">
                  <button type="button" class="button link lap-chip" aria-pressed={props.focusIndex === k()} title="Show this lap on the map and in the corner table" onClick={() => props.onFocus(k())}>
                    <span class="lap-swatch" style={{ background: props.colours[k()] }} />
                    {props.labels[k()]}
                  </button>
                </th>
                <td class="num">{formatLapTime(lap.lapTimeS)}</td>
                <td class="num">{k() === 0 ? '—' : formatSigned(lap.lapTimeS - refTimeS(), 3)}</td>
                <For each={CHART_ROWS}>{(_, r) => <td class="num">{valueText(k(), r())}</td>}</For>
                <td class="row-actions">
                  <Show when={k() > 0} fallback={<span class="badge ref" title="The reference lap: delta-time and corner gains are measured against it">ref</span>}>
                    <button type="button" class="button secondary" aria-label={`Make ${props.labels[k()]} the reference`} onClick={() => props.onReference(k())}>
                      Ref
                    </button>
                  </Show>
                  <button type="button" class="icon-button" aria-label={`Remove ${props.labels[k()]} from the comparison`} onClick={() => props.onRemove(k())}>
                    ×
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="small muted cursor-line">
        <Show when={props.cursorM !== null} fallback="Values at the cursor: hover or touch a chart or the map.">
          Values at {formatMetres(props.cursorM ?? NaN)} <span class="unit">m</span> from the start/finish line.
        </Show>
      </p>
    </div>
  );
};
