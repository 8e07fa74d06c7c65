// The live alerts, newest first: laps completed (with personal bests), cars stopped on track or moving
// again, cars gone silent and back, each with its frame time.

import { For, Show, type Component } from 'solid-js';
import { formatLapTime } from '../../analysis/lap-format.ts';
import { carLabel } from '../../live/car-snapshot.ts';
import type { AlertEntry } from '../../live/live-model.ts';

export function alertText(a: AlertEntry): string {
  switch (a.kind) {
    case 'lap-completed':
      return `lap ${a.lap ?? '?'} in ${formatLapTime(a.lapTimeS ?? NaN)} m:ss.sss${a.best ? ' — personal best' : ''}`;
    case 'car-stopped':
      return 'stopped on track';
    case 'car-moving':
      return 'moving again';
    case 'car-silent':
      return `silent: no data for ${a.silentS ?? '?'} s`;
    case 'car-resumed':
      return 'data again';
    default:
      return a.kind;
  }
}

function clock(tsMs: number): string {
  return Number.isFinite(tsMs) ? new Date(tsMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '—';
}

export const AlertList: Component<{ alerts: AlertEntry[]; colourOf: (car: string) => string }> = (props) => (
  <div class="alert-list">
    <Show when={props.alerts.length > 0} fallback={<p class="muted small">No alerts yet.</p>}>
      <ol aria-label="Alerts, newest first">
        <For each={props.alerts.slice(0, 25)}>
          {(a) => (
            <li class={`alert-item ${a.kind}`} classList={{ best: a.best === true }} data-kind={a.kind} data-car={a.carId}>
              <time class="muted small">{clock(a.tsMs)}</time>
              <span class="car-swatch" style={{ background: props.colourOf(a.carId) }} aria-hidden="true" />
              <strong>{carLabel(a.carId)}</strong>
              <span>{alertText(a)}</span>
            </li>
          )}
        </For>
      </ol>
    </Show>
  </div>
);
