// Lap and sector times of every car as they complete: the running lap (its clock and the sectors already
// passed) above the completed laps, newest first; each car's fastest lap and the session's fastest lap
// and sectors stand out. Lap times as m:ss.sss, sectors in seconds.

import { createMemo, For, Show, type Component } from 'solid-js';
import { formatFixed, formatLapTime } from '../../analysis/lap-format.ts';
import type { CarSnapshot } from '../../live/car-snapshot.ts';

export interface LapTimesTableProps {
  cars: CarSnapshot[];
  /** Sectors per lap (columns). */
  sectorCount: number;
  /** Completed laps shown per car. */
  lapsPerCar?: number;
}

export const LapTimesTable: Component<LapTimesTableProps> = (props) => {
  const sectors = createMemo(() => Array.from({ length: props.sectorCount }, (_, k) => k));
  /** The session's fastest lap and sectors over every car's completed laps. */
  const bests = createMemo(() => {
    let lap = Infinity;
    const sector = Array.from({ length: props.sectorCount }, () => Infinity);
    for (const c of props.cars) {
      for (const l of c.laps) {
        if (Number.isFinite(l.lapTimeS)) lap = Math.min(lap, l.lapTimeS);
        l.sectorsS.forEach((s, k) => {
          if (k < sector.length && Number.isFinite(s)) sector[k] = Math.min(sector[k], s);
        });
      }
    }
    return { lap, sector };
  });

  return (
    <div class="table-scroll lap-times">
      <table class="data-table" aria-label="Lap and sector times">
        <thead>
          <tr>
            <th scope="col">Car</th>
            <th scope="col" class="num">
              Lap
            </th>
            <th scope="col" class="num">
              Time <span class="unit">m:ss.sss</span>
            </th>
            <For each={sectors()}>
              {(k) => (
                <th scope="col" class="num">
                  S{k + 1} <span class="unit">s</span>
                </th>
              )}
            </For>
          </tr>
        </thead>
        <For each={props.cars}>
          {(car) => (
            <tbody class="car-laps" data-car={car.car}>
              <tr class="running-lap" data-car={car.car}>
                <th scope="row">
                  <span class="car-swatch" style={{ background: car.colour }} aria-hidden="true" />
                  {car.label}
                </th>
                <td class="num">{Number.isFinite(car.lap) ? car.lap : '—'}</td>
                <td class="num running" title="Running lap">
                  {Number.isFinite(car.lapTimeS) ? formatLapTime(car.lapTimeS) : '—'}
                </td>
                <For each={sectors()}>{(k) => <td class="num">{k < car.runningSectorsS.length ? formatFixed(car.runningSectorsS[k], 3) : ''}</td>}</For>
              </tr>
              <For each={car.laps.slice(0, props.lapsPerCar ?? 4)}>
                {(l) => (
                  <tr class="lap-row" classList={{ 'best-lap': l.best, 'session-best': l.lapTimeS === bests().lap }} data-lap-row="" data-car={car.car} data-lap={l.lap} data-lap-time-s={l.lapTimeS}>
                    <th scope="row" class="muted small">
                      {car.label}
                    </th>
                    <td class="num">{Number.isFinite(l.lap) ? l.lap : '—'}</td>
                    <td class="num lap-time">
                      {formatLapTime(l.lapTimeS)}
                      <Show when={l.best}>
                        <span class="best-mark" title="The car's fastest lap">★</span>
                      </Show>
                    </td>
                    <For each={sectors()}>
                      {(k) => (
                        <td class="num" classList={{ 'best-sector': l.sectorsS[k] === bests().sector[k] }}>
                          {formatFixed(l.sectorsS[k] ?? NaN, 3)}
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          )}
        </For>
      </table>
      <Show when={props.cars.length === 0}>
        <p class="muted small">No cars yet.</p>
      </Show>
    </div>
  );
};
