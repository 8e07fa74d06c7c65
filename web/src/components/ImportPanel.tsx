// The import area: a file picker (several files at once) and the running import. Files dropped
// anywhere on the window are imported (a missed drop would otherwise navigate away from the app).

import { createSignal, onCleanup, onMount, Show, type Component } from 'solid-js';
import type { ImportController } from '../state/import-controller.ts';
import { ImportProgressBar } from './ImportProgressBar.tsx';

const ACCEPT = '.csv,.tsv,.txt,.ld,.ldx,.vbo,.parquet,.zip,.gz,text/csv';

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

export const ImportPanel: Component<{ imports: ImportController; disabled: boolean }> = (props) => {
  const [dragging, setDragging] = createSignal(false);
  let input!: HTMLInputElement;

  const take = (list: FileList | null | undefined) => {
    const files = list ? [...list] : [];
    if (files.length && !props.disabled) void props.imports.importFiles(files);
  };

  onMount(() => {
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = props.disabled ? 'none' : 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      take(e.dataTransfer?.files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    onCleanup(() => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    });
  });

  return (
    <section class="panel import-panel" aria-labelledby="import-title">
      <div class="drop-zone" classList={{ dragging: dragging(), disabled: props.disabled }}>
        <h2 id="import-title">Import telemetry</h2>
        <p class="muted">
          {dragging() ? 'Drop the files to import them.' : 'Drop logger files anywhere on this page: CSV (wide or long), MoTeC .ld (+ .ldx), VBOX .vbo, Parquet, or ZIP / gzip of these.'}
        </p>
        <label class="button primary" classList={{ disabled: props.disabled }}>
          Choose files…
          <input
            ref={input}
            class="visually-hidden"
            type="file"
            multiple
            accept={ACCEPT}
            aria-label="Import telemetry files"
            disabled={props.disabled}
            onChange={() => {
              take(input.files);
              input.value = '';
            }}
          />
        </label>
      </div>
      <Show when={props.imports.status()}>{(status) => <ImportProgressBar status={status()} onCancel={() => props.imports.cancel()} />}</Show>
    </section>
  );
};
