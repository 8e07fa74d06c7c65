// One call from a session to its laps: the track map (given, or built from the session's own GPS laps),
// the map-matching, the lap split with flags, and on demand each lap on the 1 m grid.

import type { TrackModel } from '../geometry/types.ts';
import { IngestError } from '../ingest/errors.ts';
import type { Session } from '../model/session.ts';
import { resampleLap, type ResampleOptions } from './distance-grid.ts';
import { splitLaps, type LapSplit, type LapSplitOptions } from './lap-split.ts';
import { createLineProjector, type LineProjector } from './line-projector.ts';
import { alignSession, type AlignmentOptions, type TrackAlignment } from './map-match.ts';
import { trackFromSession } from './session-track.ts';
import type { DistanceLap } from './types.ts';

export interface AnalyzeOptions {
  alignment?: AlignmentOptions;
  split?: LapSplitOptions;
  /** Report progress (0–1) of the slower steps. */
  onProgress?: (step: string, fraction: number) => void;
}

export interface SessionAnalysis {
  /** The track map the session was aligned with (null when the session has no GPS and none was given). */
  model: TrackModel | null;
  /** Whether the map was built from this session's own laps. */
  modelFromSession: boolean;
  alignment: TrackAlignment | null;
  split: LapSplit;
  /** Why the session could not be aligned, when it could not. */
  notes: string[];
}

export function analyzeSession(session: Session, model?: TrackModel | null, options: AnalyzeOptions = {}): SessionAnalysis {
  const notes: string[] = [];
  let m: TrackModel | null = model ?? null;
  let fromSession = false;
  if (!m) {
    options.onProgress?.('track map from GPS laps', 0);
    try {
      m = trackFromSession(session).model;
      fromSession = true;
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      notes.push(`no track map: ${e.detail}`);
    }
  }
  let alignment: TrackAlignment | null = null;
  let projector: LineProjector | undefined;
  if (m) {
    options.onProgress?.('map-matching', 0.5);
    projector = createLineProjector(m.grid);
    alignment = alignSession(session, m, options.alignment, projector);
    if (!alignment) notes.push('no GPS positions on the track map: laps from the logger only');
  }
  options.onProgress?.('laps', 0.9);
  const split = splitLaps(session, alignment, m, options.split);
  options.onProgress?.('laps', 1);
  return { model: m, modelFromSession: fromSession, alignment, split, notes };
}

/** One lap of an analysed session on the 1 m grid (null when it is partial or not aligned). */
export function lapOnGrid(session: Session, analysis: SessionAnalysis, lapNumber: number, options: ResampleOptions = {}): DistanceLap | null {
  const lap = analysis.split.laps.find((l) => l.lap === lapNumber && l.complete);
  if (!lap || !analysis.alignment || !Number.isFinite(lap.baseDistanceM)) return null;
  return resampleLap(session, analysis.alignment, lap.lap, lap.baseDistanceM, options);
}
