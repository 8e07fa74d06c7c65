// The app bar: name, one tab per view, the Sync button, and the connection / offline-readiness / storage
// indicators.

import { For, Show, type Component } from 'solid-js';
import type { StorageStatus } from '../state/app-services.ts';
import { routeHref } from '../state/router.ts';
import type { ViewDef } from '../views/registry.ts';
import { SyncButton } from './SyncButton.tsx';

export const Header: Component<{
  views: ViewDef[];
  activeViewId: string;
  online: boolean;
  offlineReady: boolean;
  storage: StorageStatus;
}> = (props) => (
  <header class="app-header">
    <a class="brand" href={routeHref('sessions')}>
      <img src="/favicon.svg" alt="" width="32" height="32" />
      <h1>EngiTorqueMap</h1>
    </a>
    <nav class="view-tabs" aria-label="Views">
      <For each={props.views}>
        {(v) => (
          <a class="tab" href={routeHref(v.id)} aria-current={props.activeViewId === v.id ? 'page' : undefined}>
            {v.title}
          </a>
        )}
      </For>
    </nav>
    <div class="indicators">
      <SyncButton />
      <Show when={props.storage.state === 'ready' && props.storage}>
        {(ready) => (
          <span
            class="pill"
            title={`Sessions are stored on this device (Origin Private File System, DuckDB ${ready().bundle} build); ${ready().persisted ? 'persistent: the browser will not evict them' : 'the browser may evict them under storage pressure'}`}
          >
            On-device storage
          </span>
        )}
      </Show>
      <Show when={props.offlineReady}>
        <span class="pill" title="The app is cached by its service worker and starts without a network">Offline-ready</span>
      </Show>
      <span class="pill connection" classList={{ online: props.online, offline: !props.online }} role="status" aria-label="Connection" data-testid="connection">
        <span class="dot" aria-hidden="true" />
        {props.online ? 'Online' : 'Offline'}
      </span>
    </div>
  </header>
);
