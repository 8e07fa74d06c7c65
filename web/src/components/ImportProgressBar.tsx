// The running import: file name, phase, a progress bar with % and MB/s, and the cancel button.

import { Show, type Component } from 'solid-js';
import { formatBytes, formatPercent, formatRateMBs } from '../format.ts';
import type { ImportStatus } from '../state/import-controller.ts';

const PHASE_LABEL: Record<ImportStatus['phase'], string> = {
  read: 'Reading',
  build: 'Building channels',
  store: 'Storing on device',
};

export const ImportProgressBar: Component<{ status: ImportStatus; onCancel: () => void }> = (props) => {
  const fraction = () => (props.status.bytesTotal > 0 ? Math.min(1, props.status.bytesDone / props.status.bytesTotal) : 0);
  return (
    <div class="import-progress" data-testid="import-progress">
      <div class="import-progress-head">
        <span class="file-name">{props.status.fileName}</span>
        <Show when={props.status.fileCount > 1}>
          <span class="muted">
            file {props.status.fileIndex} of {props.status.fileCount}
          </span>
        </Show>
        <span class="phase">{PHASE_LABEL[props.status.phase]}</span>
      </div>
      <progress aria-label="Import progress" max="1" value={fraction()} />
      <div class="import-progress-foot">
        <span class="numbers">
          <span>{formatPercent(fraction())}</span>
          <span>
            {formatBytes(props.status.bytesDone)} of {formatBytes(props.status.bytesTotal)}
          </span>
          <span>{formatRateMBs(props.status.bytesPerS)}</span>
        </span>
        <Show when={props.status.phase !== 'store'} fallback={<span class="muted">Writing to on-device storage…</span>}>
          <button type="button" class="button secondary" onClick={() => props.onCancel()}>
            Cancel import
          </button>
        </Show>
      </div>
    </div>
  );
};
