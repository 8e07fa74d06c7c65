// The frame of a per-session view (lap analysis, energy): waits for on-device storage, then shows the
// session named in the route, or a picker of the stored sessions when the route names none.

import { createMemo, For, Show, type Component, type JSX } from 'solid-js';
import { formatLocalDateTime } from '../format.ts';
import { carShort } from '../state/analysis-defaults.ts';
import { useAppServices } from '../state/app-services.ts';
import { createHashRoute, routeHref } from '../state/router.ts';

interface ShellProps {
  /** The view's route id ('analysis', 'energy'), also its CSS class `<viewId>-view`. */
  viewId: string;
  /** Heading of the session picker. */
  title: string;
  children: (sessionId: string, params: URLSearchParams) => JSX.Element;
}

const SessionPicker: Component<{ viewId: string; title: string }> = (props) => {
  const app = useAppServices();
  return (
    <section class="panel" aria-labelledby={`${props.viewId}-pick-title`}>
      <div class="panel-head">
        <h2 id={`${props.viewId}-pick-title`}>{props.title}</h2>
        <span class="muted">Choose a session</span>
      </div>
      <Show when={app.sessions.sessions().length > 0} fallback={<p class="muted">No sessions stored yet: import one in the sessions view.</p>}>
        <ul class="session-picker">
          <For each={app.sessions.sessions()}>
            {(s) => (
              <li>
                <a class="button secondary" href={routeHref(props.viewId, { session: s.id })}>
                  {carShort(s.meta)} · {s.meta.driver || '—'} · {s.meta.track || 'unknown track'} · {formatLocalDateTime(s.meta.startTimeMs)}
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};

export const SessionViewShell: Component<ShellProps> = (props) => {
  const app = useAppServices();
  const route = createHashRoute(props.viewId);
  const sessionId = createMemo(() => route().params.get('session'));
  const ready = () => app.storageStatus().state === 'ready' && app.sessions.loaded();
  return (
    <div class={`view ${props.viewId}-view`}>
      <Show
        when={ready()}
        fallback={
          <section class="panel">
            <p class="muted">{app.storageStatus().state === 'failed' ? 'Storage unavailable.' : 'Opening on-device storage…'}</p>
          </section>
        }
      >
        <Show when={sessionId()} keyed fallback={<SessionPicker viewId={props.viewId} title={props.title} />}>
          {(id) => props.children(id, route().params)}
        </Show>
      </Show>
    </div>
  );
};
