// The lap table of one session: a compare toggle per lap, lap time, gap to the best lap, sector times
// and flags (out-lap, in-lap, pit, caution, GPS lost, partial); the best lap and best sectors stand out,
// the theoretical best laps (best sectors, best corners) close the table. Sortable by its headers.

import { createMemo, createSignal, For, Show, type Component } from 'solid-js';
import type { AnalysisOverview, LapKey } from '../../../../workers/laps/analysis.worker.ts';
import type { LapFlag, LapRecord } from '../../../../workers/laps/types.ts';
import { formatFixed, formatLapTime, formatSigned } from '../../analysis/lap-format.ts';
import { nextSort, sortRows, type SortState } from '../../analysis/sort-rows.ts';
import { SortHeader } from './SortHeader.tsx';

const FLAG_TEXT: Record<LapFlag, string> = {
  partial: 'partial',
  'out-lap': 'out-lap',
  'in-lap': 'in-lap',
  'pit-stop': 'pit',
  'gps-lost': 'GPS lost',
  caution: 'caution',
};

const FLAG_TITLE: Record<LapFlag, string> = {
  partial: 'The recording starts or ends inside this lap: no lap time',
  'out-lap': 'Leaves the pits',
  'in-lap': 'Enters the pits',
  'pit-stop': 'The car stood still during this lap',
  'gps-lost': 'GPS positions were missing over part of this lap (bridged by the speed)',
  caution: 'Slower than the caution threshold (107 % of the median clean lap)',
};

export interface LapTableProps {
  overview: AnalysisOverview;
  /** Colour of each compared lap of this session (absent: not compared). */
  colourOf: (key: LapKey) => string | undefined;
  /** Whether the lap is the reference of the comparison. */
  isReference: (key: LapKey) => boolean;
  onToggle: (key: LapKey) => void;
}

export const LapTable: Component<LapTableProps> = (props) => {
  const [sort, setSort] = createSignal<SortState<string> | null>(null);
  const sectorNames = () => props.overview.bestSectors.parts.map((p) => p.name);
  const bestLapTimeS = () => props.overview.laps.find((l) => l.lap === props.overview.bestLap)?.lapTimeS ?? NaN;
  const keyOf = (l: LapRecord): LapKey => ({ sessionId: props.overview.sessionId, lap: l.lap });

  const rows = createMemo(() => {
    const laps = props.overview.laps;
    const s = sort();
    if (!s) return laps;
    const value = (l: LapRecord): number | string | null => {
      if (s.key === 'lap') return l.lap;
      if (s.key === 'time') return l.lapTimeS;
      if (s.key === 'gap') return l.lapTimeS - bestLapTimeS();
      if (s.key === 'flags') return l.flags.join(' ') || null;
      if (s.key.startsWith('s')) return l.sectorsS[Number(s.key.slice(1))] ?? NaN;
      return null;
    };
    return sortRows(laps, value, s.direction);
  });

  const onSort = (column: string) => setSort(nextSort(sort(), column));
  const isBestSector = (l: LapRecord, k: number) => {
    const part = props.overview.bestSectors.parts[k];
    return part !== undefined && part.lap === l.lap && Number.isFinite(part.timeS);
  };

  return (
    <div class="table-scroll">
      <table class="data-table lap-table" aria-label={`Laps of ${props.overview.meta.driver || props.overview.meta.vehicleId || 'the session'}`} data-testid="lap-table">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Compare</span>
            </th>
            <SortHeader column="lap" label="Lap" sort={sort()} onSort={onSort} numeric />
            <SortHeader column="time" label="Time" unit="m:ss.sss" sort={sort()} onSort={onSort} numeric />
            <SortHeader column="gap" label="Gap" unit="s" sort={sort()} onSort={onSort} numeric />
            <For each={sectorNames()}>{(name, k) => <SortHeader column={`s${k()}`} label={name} unit="s" sort={sort()} onSort={onSort} numeric />}</For>
            <SortHeader column="flags" label="Flags" sort={sort()} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(l) => {
              const key = keyOf(l);
              const colour = () => props.colourOf(key);
              const best = () => l.lap === props.overview.bestLap;
              return (
                <tr class="lap-row" classList={{ 'best-lap': best(), compared: colour() !== undefined }} data-lap={l.lap}>
                  <td class="toggle-cell">
                    <button
                      type="button"
                      class="lap-toggle"
                      aria-pressed={colour() !== undefined}
                      aria-label={`Compare lap ${l.lap}`}
                      disabled={!l.complete}
                      title={l.complete ? (props.isReference(key) ? 'Reference lap' : 'Add to / remove from the comparison') : 'A partial lap cannot be compared'}
                      onClick={() => props.onToggle(key)}
                    >
                      <span class="lap-swatch" style={{ background: colour() ?? 'transparent' }}>
                        {props.isReference(key) ? 'R' : ''}
                      </span>
                    </button>
                  </td>
                  <td class="num">{l.lap}</td>
                  <td class="num lap-time" title={Number.isFinite(l.lapTimeS) ? `${formatFixed(l.lapTimeS, 3)} s` : undefined}>
                    {formatLapTime(l.lapTimeS)}
                    <Show when={best()}>
                      <span class="best-mark" title="Best lap" aria-label="best lap">
                        ★
                      </span>
                    </Show>
                  </td>
                  <td class="num">{best() ? '—' : formatSigned(l.lapTimeS - bestLapTimeS(), 3)}</td>
                  <For each={sectorNames()}>{(_, k) => <td class="num" classList={{ 'best-sector': isBestSector(l, k()) }}>{formatFixed(l.sectorsS[k()] ?? NaN, 3)}</td>}</For>
                  <td class="flags">
                    <For each={l.flags}>
                      {(f) => (
                        <span class={`badge flag-${f}`} title={FLAG_TITLE[f]}>
                          {FLAG_TEXT[f]}
                        </span>
                      )}
                    </For>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
        <tfoot>
          <tr class="theoretical" data-testid="theoretical-best">
            <th scope="row" colSpan={2}>
              Theoretical best
              <div class="muted small">best sectors</div>
            </th>
            <td class="num">
              {formatLapTime(props.overview.bestSectors.timeS)}
            </td>
            <td class="num">{formatSigned(props.overview.bestSectors.timeS - bestLapTimeS(), 3)}</td>
            <For each={props.overview.bestSectors.parts}>{(p) => <td class="num best-sector">{formatFixed(p.timeS, 3)}</td>}</For>
            <td class="small muted note">{props.overview.bestSectors.parts.map((p) => `${p.name} L${Number.isFinite(p.lap) ? p.lap : '—'}`).join(' · ')}</td>
          </tr>
          <Show when={props.overview.bestCorners}>
            {(corners) => (
              <tr class="theoretical">
                <th scope="row" colSpan={2}>
                  Theoretical best
                  <div class="muted small">best corners</div>
                </th>
                <td class="num">{formatLapTime(corners().timeS)}</td>
                <td class="num">{formatSigned(corners().timeS - bestLapTimeS(), 3)}</td>
                <td colSpan={sectorNames().length + 1} class="small muted note">
                  {corners().parts.length} corner segments, each from the lap fastest through it
                </td>
              </tr>
            )}
          </Show>
        </tfoot>
      </table>
    </div>
  );
};
