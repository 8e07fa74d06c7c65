// Every car's instant values in one compact table, units in the column heads: speed, gear, throttle,
// brake and the lap being driven. A car with no recent data (or outside its recording) is dimmed.

import { For, type Component } from 'solid-js';
import { formatFixed } from '../../analysis/lap-format.ts';
import type { CarSnapshot } from '../../live/car-snapshot.ts';

export const CarReadouts: Component<{ cars: CarSnapshot[] }> = (props) => (
  <div class="table-scroll car-readouts">
    <table class="data-table" aria-label="Cars now">
      <thead>
        <tr>
          <th scope="col">Car</th>
          <th scope="col" class="num">
            Speed <span class="unit">km/h</span>
          </th>
          <th scope="col" class="num">
            Gear
          </th>
          <th scope="col" class="num">
            Throttle <span class="unit">%</span>
          </th>
          <th scope="col" class="num">
            Brake <span class="unit">bar</span>
          </th>
          <th scope="col" class="num">
            Lap
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.cars}>
          {(c) => (
            <tr class="car-readout" classList={{ stale: c.stale }} data-car={c.car}>
              <th scope="row">
                <span class="car-swatch" style={{ background: c.colour }} aria-hidden="true" />
                {c.label}
              </th>
              <td class="num">{formatFixed(c.speedKmh, 0)}</td>
              <td class="num">{formatFixed(c.gear, 0)}</td>
              <td class="num">{formatFixed(c.throttlePct, 0)}</td>
              <td class="num">{formatFixed(c.brakeBar, 1)}</td>
              <td class="num">{Number.isFinite(c.lap) ? c.lap : '—'}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  </div>
);
