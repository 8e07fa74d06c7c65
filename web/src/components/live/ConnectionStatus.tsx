// The live connection at a glance: its state (live, connecting, reconnecting in n s, key needed), the
// edge server's telemetry sources (MQTT, Kafka), frames received, and the API key form — shown when the
// server hands out no key (another device) or refused the one in use.

import { createSignal, For, onCleanup, Show, type Component } from 'solid-js';
import type { ConnectionState } from '../../live/live-connection.ts';
import type { SourceStatus } from '../../live/live-messages.ts';
import type { ApiKeyInfo } from '../../services/api-key.ts';

export interface ConnectionStatusProps {
  state: ConnectionState;
  sources: SourceStatus[];
  frames: number;
  keyInfo: ApiKeyInfo | null;
  slow: boolean;
  onKey: (key: string) => void;
  onReconnect: () => void;
}

function label(s: ConnectionState, nowMs: number): string {
  switch (s.kind) {
    case 'open':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'waiting':
      return `Reconnecting in ${Math.max(0, (s.retryAtMs - nowMs) / 1000).toFixed(1)} s`;
    case 'needs-key':
      return 'API key needed';
    case 'stopped':
      return 'Disconnected';
    default:
      return 'Not connected';
  }
}

export const ConnectionStatus: Component<ConnectionStatusProps> = (props) => {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 250);
  onCleanup(() => clearInterval(tick));
  const [editing, setEditing] = createSignal(false);
  let input!: HTMLInputElement;
  const showForm = () => editing() || props.state.kind === 'needs-key';
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    props.onKey(key);
    input.value = '';
    setEditing(false);
  };

  return (
    <div class="connection-status">
      <div class="connection-line">
        <span class={`pill live-state ${props.state.kind}`} role="status" aria-live="polite" data-testid="live-state" data-state={props.state.kind}>
          <span class="dot" aria-hidden="true" />
          {label(props.state, now())}
        </span>
        <For each={props.sources}>
          {(s) => (
            <span class="pill source" classList={{ up: s.state === 'connected' }} title={s.detail ?? ''}>
              {s.source}: {s.state}
            </span>
          )}
        </For>
        <span class="muted small frames-count" data-testid="frames-received">
          {props.frames.toLocaleString()} frames
        </span>
        <span class="spacer" />
        <Show when={props.state.kind === 'waiting' || props.state.kind === 'stopped'}>
          <button type="button" class="button secondary" onClick={() => props.onReconnect()}>
            Reconnect now
          </button>
        </Show>
        <Show when={!showForm()}>
          <button type="button" class="button secondary" onClick={() => setEditing(true)} title={props.keyInfo ? `Using ${props.keyInfo.source === 'bootstrap' ? "the key this machine's edge server handed out" : 'the key entered on this tablet'}` : 'No key yet'}>
            API key…
          </button>
        </Show>
      </div>
      <Show when={props.state.kind === 'waiting' || props.state.kind === 'needs-key'}>
        <p class="small muted">{props.state.kind === 'waiting' || props.state.kind === 'needs-key' ? props.state.reason : ''}</p>
      </Show>
      <Show when={props.slow}>
        <p class="small warn">This tablet cannot keep up: the server sends only each car's latest frame, twice a second.</p>
      </Show>
      <Show when={showForm()}>
        <form class="key-form" onSubmit={submit}>
          <label>
            <span class="visually-hidden">API key</span>
            <input ref={input} class="text-input" type="password" autocomplete="off" placeholder="API key (printed by the edge server at start-up)" aria-label="API key" minLength={16} />
          </label>
          <button type="submit" class="button primary">
            Use key
          </button>
          <Show when={editing()}>
            <button type="button" class="button secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </Show>
        </form>
      </Show>
    </div>
  );
};
