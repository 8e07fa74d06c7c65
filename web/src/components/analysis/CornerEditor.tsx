// The 'Edit corners' form of the track map: per corner a name and its entry / exit distances (m), saved
// with the track (re-applied on every analysis) or reset to what was detected. Checks entry < apex < exit
// within the lap before saving and shows why a value cannot be saved.

import { createSignal, For, Show, type Component } from 'solid-js';
import type { Corner, TrackEdits } from '../../../../workers/geometry/types.ts';
import { isCornerEdited, validateCornerDraft, withCornerEdit, withoutCornerEdit, type CornerDraft } from '../../analysis/corner-edits.ts';

export interface CornerEditorProps {
  corners: Corner[];
  lengthM: number;
  edits: TrackEdits;
  /** Stores and applies the edits; rejects with the reason when they cannot be applied. */
  onSave: (edits: TrackEdits) => Promise<void>;
}

const CornerEditRow: Component<{ corner: Corner; props: CornerEditorProps }> = (p) => {
  const c = p.corner;
  const [name, setName] = createSignal(c.name);
  const [entry, setEntry] = createSignal(c.entryM.toFixed(0));
  const [exit, setExit] = createSignal(c.exitM.toFixed(0));
  const [errors, setErrors] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const detectedName = `T${c.number}`;
  const edited = () => isCornerEdited(p.props.edits, c.number);
  const id = (what: string) => `corner-${c.number}-${what}`;

  const run = async (edits: TrackEdits) => {
    setBusy(true);
    try {
      await p.props.onSave(edits);
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const draft: CornerDraft = { name: name(), entryM: Number(entry()), exitM: Number(exit()) };
    const problems = validateCornerDraft(draft, { apexM: c.apexM, lengthM: p.props.lengthM, crossesLine: c.entryM > c.exitM });
    setErrors(problems);
    if (problems.length === 0) void run(withCornerEdit(p.props.edits, c.number, draft, detectedName));
  };

  return (
    <form class="corner-edit" data-corner={c.number} onSubmit={save} aria-label={`Edit ${c.name}`}>
      <label class="corner-edit-field name">
        <span>Name</span>
        <input id={id('name')} type="text" value={name()} onInput={(e) => setName(e.currentTarget.value)} maxLength={40} />
      </label>
      <label class="corner-edit-field">
        <span>
          Entry <span class="unit">m</span>
        </span>
        <input id={id('entry')} type="number" inputMode="decimal" step="1" value={entry()} onInput={(e) => setEntry(e.currentTarget.value)} />
      </label>
      <span class="corner-edit-apex muted small">apex {c.apexM.toFixed(0)} m</span>
      <label class="corner-edit-field">
        <span>
          Exit <span class="unit">m</span>
        </span>
        <input id={id('exit')} type="number" inputMode="decimal" step="1" value={exit()} onInput={(e) => setExit(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button" disabled={busy()}>
        Save
      </button>
      <button type="button" class="button secondary" disabled={busy() || !edited()} onClick={() => void run(withoutCornerEdit(p.props.edits, c.number))}>
        Reset to detected
      </button>
      <Show when={errors().length > 0}>
        <ul class="corner-edit-errors" role="alert">
          <For each={errors()}>{(m) => <li>{m}</li>}</For>
        </ul>
      </Show>
    </form>
  );
};

export const CornerEditor: Component<CornerEditorProps> = (props) => (
  <div class="corner-editor" data-testid="corner-editor">
    <p class="small muted">
      Rename corners and move their entry and exit (metres from the start/finish line, the apex must stay between them). Saved with the track and applied to every session on this map.
    </p>
    {/* keyed by the corner objects: a saved edit rebuilds the rows from the edited corners */}
    <For each={props.corners}>{(c) => <CornerEditRow corner={c} props={props} />}</For>
  </div>
);
