// Chooses the stored sessions a forensic replay plays together: one checkbox per session, grouped by
// event and session name, a button per group for all its cars (e.g. every car of the demo event).

import { createMemo, createSignal, For, Show, type Component } from 'solid-js';
import type { SessionSummary } from '../../../../workers/model/session.ts';
import { formatDurationMmSs, formatLocalDateTime } from '../../format.ts';
import { carShort } from '../../state/analysis-defaults.ts';

export interface ReplayPickerProps {
  sessions: SessionSummary[];
  busy: boolean;
  onLoad: (ids: string[]) => void;
}

interface Group {
  key: string;
  title: string;
  sessions: SessionSummary[];
}

function groupKey(s: SessionSummary): string {
  return `${s.meta.event}\u0000${s.meta.sessionName}\u0000${s.meta.track}`;
}

export const ReplayPicker: Component<ReplayPickerProps> = (props) => {
  const groups = createMemo<Group[]>(() => {
    const map = new Map<string, Group>();
    for (const s of props.sessions) {
      const key = groupKey(s);
      let g = map.get(key);
      if (!g) map.set(key, (g = { key, title: [s.meta.event, s.meta.sessionName, s.meta.track].filter(Boolean).join(' · ') || s.meta.sourceFile, sessions: [] }));
      g.sessions.push(s);
    }
    return [...map.values()];
  });
  // every car of the newest group, until the user chooses
  const [picked, setPicked] = createSignal<Set<string> | null>(null);
  const selected = createMemo(() => picked() ?? new Set(groups()[0]?.sessions.map((s) => s.id) ?? []));
  const toggle = (id: string) => {
    const next = new Set(selected());
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };

  return (
    <div class="replay-picker">
      <Show when={props.sessions.length > 0} fallback={<p class="muted">No stored sessions: import one (or load the demo) in the sessions view.</p>}>
        <For each={groups()}>
          {(g) => (
            <fieldset class="replay-group">
              <legend>
                {g.title}{' '}
                <button type="button" class="button link" onClick={() => setPicked(new Set(g.sessions.map((s) => s.id)))}>
                  All {g.sessions.length} cars
                </button>
              </legend>
              <For each={g.sessions}>
                {(s) => (
                  <label class="check-row">
                    <input type="checkbox" checked={selected().has(s.id)} onChange={() => toggle(s.id)} data-session={s.id} />
                    <span>
                      <strong>{carShort(s.meta)}</strong> · {s.meta.driver || '—'} · {formatLocalDateTime(s.meta.startTimeMs)} · {formatDurationMmSs(s.durationS)} <span class="unit">mm:ss</span>
                    </span>
                  </label>
                )}
              </For>
            </fieldset>
          )}
        </For>
        <div class="picker-actions">
          <button type="button" class="button primary" disabled={props.busy || selected().size === 0} onClick={() => props.onLoad([...selected()])}>
            {props.busy ? 'Loading…' : `Replay ${selected().size} ${selected().size === 1 ? 'car' : 'cars'}`}
          </button>
        </div>
      </Show>
    </div>
  );
};
