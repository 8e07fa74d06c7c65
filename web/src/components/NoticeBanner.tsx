// Dismissible messages under the header: import errors name the file and where in it; the app
// stays usable underneath.

import { For, Show, type Component } from 'solid-js';
import type { Notices } from '../state/notices.ts';

export const NoticeBanner: Component<{ notices: Notices }> = (props) => (
  <div class="notices" aria-live="polite">
    <For each={props.notices.list()}>
      {(n) => (
        <div class={`notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.tone}`}>
          <div class="notice-text">
            <strong class="notice-title">{n.title}</strong>
            <Show when={n.location}>
              <span class="notice-location">{n.location}</span>
            </Show>
            <Show when={n.detail}>
              <span class="notice-detail">{n.detail}</span>
            </Show>
          </div>
          <button type="button" class="icon-button" aria-label="Dismiss message" onClick={() => props.notices.dismiss(n.id)}>
            ✕
          </button>
        </div>
      )}
    </For>
  </div>
);
