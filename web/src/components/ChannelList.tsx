// A session's channels: canonical name (and the source's own name when it differs), SI unit, rate, samples.

import { For, Show, type Component } from 'solid-js';
import type { ChannelSummary } from '../../../workers/model/session.ts';
import { formatCount, formatRateHz, formatUnit } from '../format.ts';

export const ChannelList: Component<{ channels: ChannelSummary[] }> = (props) => (
  <table class="channel-list">
    <thead>
      <tr>
        <th scope="col">Channel</th>
        <th scope="col">Unit</th>
        <th scope="col" class="num">Rate</th>
        <th scope="col" class="num">Samples</th>
      </tr>
    </thead>
    <tbody>
      <For each={props.channels}>
        {(c) => (
          <tr data-channel={c.name}>
            <td>
              <span class="channel-name">{c.name}</span>
              <Show when={c.sourceName !== c.name}>
                <span class="muted"> ({c.sourceName})</span>
              </Show>
            </td>
            <td>{formatUnit(c.unit)}</td>
            <td class="num">{formatRateHz(c.rateHz)}</td>
            <td class="num">{formatCount(c.samples, 'sample')}</td>
          </tr>
        )}
      </For>
    </tbody>
  </table>
);
