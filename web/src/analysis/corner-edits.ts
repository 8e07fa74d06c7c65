// Corner edits as the corner editor makes them: checks a corner's new name and entry/exit (entry before
// the apex before the exit, inside the lap) with messages for the form, and folds one corner's change
// into, or out of, the track's stored TrackEdits (which applyTrackEdits re-applies from the detected corners).

import type { TrackEdits } from '../../../workers/geometry/types.ts';

export interface CornerDraft {
  name: string;
  entryM: number;
  exitM: number;
}

/** What the form checks a draft against: the corner as shown (its apex) and the lap length. */
export interface CornerLimits {
  apexM: number;
  lengthM: number;
  /** The corner as detected spans the start/finish line (entry after exit); only such a corner may wrap. */
  crossesLine: boolean;
}

/** The problems with a draft, in words for the form; empty when it can be saved. */
export function validateCornerDraft(d: CornerDraft, limits: CornerLimits): string[] {
  const errors: string[] = [];
  const L = limits.lengthM;
  if (d.name.trim() === '') errors.push('Give the corner a name.');
  if (!Number.isFinite(d.entryM) || !Number.isFinite(d.exitM)) {
    errors.push('Entry and exit must be numbers of metres.');
    return errors;
  }
  for (const [label, v] of [
    ['Entry', d.entryM],
    ['Exit', d.exitM],
  ] as const) {
    if (v < 0 || v >= L) errors.push(`${label} must lie within the lap: 0 to ${Math.floor(L)} m.`);
  }
  if (errors.length) return errors;
  // a corner across the start/finish line has its entry after its exit: measure along the lap from the entry
  const along = limits.crossesLine ? (m: number) => (m - d.entryM + L) % L : (m: number) => m - d.entryM;
  const apex = along(limits.apexM);
  const exit = along(d.exitM);
  if (exit <= 0) errors.push('Exit must come after entry.');
  else if (apex <= 0 || apex >= exit) errors.push(`Entry must come before the apex (${limits.apexM.toFixed(0)} m) and exit after it.`);
  return errors;
}

/** The edits with one corner's name and bounds set (the name dropped when it is the detected one). */
export function withCornerEdit(edits: TrackEdits, corner: number, draft: CornerDraft, detectedName: string): TrackEdits {
  const next = withoutCornerEdit(edits, corner);
  const name = draft.name.trim();
  if (name !== detectedName) next.cornerNames = { ...next.cornerNames, [corner]: name };
  next.cornerBounds = { ...next.cornerBounds, [corner]: { entryM: draft.entryM, exitM: draft.exitM } };
  return next;
}

/** The edits with one corner back to what was detected. */
export function withoutCornerEdit(edits: TrackEdits, corner: number): TrackEdits {
  const next: TrackEdits = { ...edits };
  const names = { ...edits.cornerNames };
  const bounds = { ...edits.cornerBounds };
  delete names[corner];
  delete bounds[corner];
  if (Object.keys(names).length) next.cornerNames = names;
  else delete next.cornerNames;
  if (Object.keys(bounds).length) next.cornerBounds = bounds;
  else delete next.cornerBounds;
  return next;
}

/** Whether a corner has a stored edit. */
export function isCornerEdited(edits: TrackEdits, corner: number): boolean {
  return edits.cornerNames?.[corner] !== undefined || edits.cornerBounds?.[corner] !== undefined;
}
