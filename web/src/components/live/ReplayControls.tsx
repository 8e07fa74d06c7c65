// Forensic replay transport: play/pause, a scrub bar over the recording (the charts and the map follow
// it), the time into the replay and the time of day, and the speed from 0.25× to 16×.

import { For, type Component } from 'solid-js';
import { formatDurationMmSs } from '../../format.ts';
import { REPLAY_SPEEDS } from '../../live/replay-clock.ts';

export interface ReplayControlsProps {
  startMs: number;
  endMs: number;
  timeMs: number;
  playing: boolean;
  speed: number;
  onToggle: () => void;
  onSeek: (tMs: number) => void;
  onSpeed: (x: number) => void;
}

function speedLabel(x: number): string {
  return `${x}×`;
}

export const ReplayControls: Component<ReplayControlsProps> = (props) => (
  <div class="replay-controls" data-testid="replay-controls">
    <button type="button" class="button primary play-button" onClick={() => props.onToggle()} aria-label={props.playing ? 'Pause the replay' : 'Play the replay'}>
      {props.playing ? '❚❚ Pause' : '▶ Play'}
    </button>
    <label class="scrub">
      <span class="visually-hidden">Replay position</span>
      <input
        type="range"
        min={0}
        max={Math.max(1, Math.round((props.endMs - props.startMs) / 100))}
        step={1}
        value={Math.round((props.timeMs - props.startMs) / 100)}
        onInput={(e) => props.onSeek(props.startMs + Number(e.currentTarget.value) * 100)}
        aria-valuetext={`${formatDurationMmSs((props.timeMs - props.startMs) / 1000)} mm:ss of ${formatDurationMmSs((props.endMs - props.startMs) / 1000)} mm:ss`}
        data-testid="replay-scrub"
      />
    </label>
    <span class="replay-time" data-testid="replay-time">
      {formatDurationMmSs((props.timeMs - props.startMs) / 1000)} / {formatDurationMmSs((props.endMs - props.startMs) / 1000)} <span class="unit">mm:ss</span>
      <span class="muted small"> · {new Date(props.timeMs).toLocaleTimeString()}</span>
    </span>
    <div class="segmented" role="group" aria-label="Replay speed">
      <For each={REPLAY_SPEEDS}>
        {(x) => (
          <button type="button" class="button segment" aria-pressed={props.speed === x} onClick={() => props.onSpeed(x)}>
            {speedLabel(x)}
          </button>
        )}
      </For>
    </div>
  </div>
);
