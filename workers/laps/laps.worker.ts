// The laps Web Worker (comlink): keeps opened sessions with their track map and alignment, and answers
// lap lists, laps on the 1 m grid, delta-time, corner metrics and theoretical bests. Large typed arrays
// come back by transfer; errors as plain shapes.

import * as Comlink from 'comlink';
import type { TrackModel } from '../geometry/types.ts';
import { toErrorShape, type IngestErrorShape } from '../ingest/errors.ts';
import type { Session } from '../model/session.ts';
import { analyzeSession, lapOnGrid, type AnalyzeOptions, type SessionAnalysis } from './analyze.ts';
import { cornerMetrics, type CornerMetricOptions } from './corner-metrics.ts';
import { deltaTime } from './delta.ts';
import { resampleLaps } from './distance-grid.ts';
import { fastestCleanLap, isClean, theoreticalBestFromCorners, theoreticalBestFromSectors } from './reference.ts';
import type { CornerMetrics, DeltaTime, DistanceLap, LapRecord, TheoreticalBest } from './types.ts';

interface Opened {
  session: Session;
  analysis: SessionAnalysis;
}

/** What `open` answers: the laps and a summary of the track map used. */
export interface OpenedSummary {
  laps: LapRecord[];
  timing: string;
  timingLineM: number;
  medianCleanLapS: number;
  referenceLap: number | null;
  track: { name: string; lengthM: number; fromSession: boolean; corners: number; sectors: number } | null;
  notes: string[];
}

export type LapsResult<T> = { ok: true; value: T } | { ok: false; error: IngestErrorShape | { name: string; message: string } };

const opened = new Map<string, Opened>();

function get(id: string): Opened {
  const o = opened.get(id);
  if (!o) throw new Error(`session '${id}' is not open in the laps worker`);
  return o;
}

function attempt<T>(fn: () => T, transfer: (v: T) => Transferable[] = () => []): LapsResult<T> {
  try {
    const value = fn();
    return Comlink.transfer({ ok: true, value }, transfer(value));
  } catch (e) {
    return { ok: false, error: toErrorShape(e) };
  }
}

function distanceLapBuffers(l: DistanceLap | null): ArrayBuffer[] {
  if (!l) return [];
  const set = new Set<ArrayBuffer>([l.distanceM.buffer as ArrayBuffer, l.timeS.buffer as ArrayBuffer, l.lateralM.buffer as ArrayBuffer]);
  for (const v of Object.values(l.channels)) set.add(v.buffer as ArrayBuffer);
  return [...set];
}

function grid(id: string, lap: number, channels?: string[]): DistanceLap {
  const o = get(id);
  const g = lapOnGrid(o.session, o.analysis, lap, channels ? { channels } : {});
  if (!g) throw new Error(`lap ${lap} is not a complete, aligned lap of '${id}'`);
  return g;
}

/** Other sessions re-analysed on an opened session's track map, by `${refId}@${id}`. */
const onOtherMap = new Map<string, SessionAnalysis>();

/** The reference session's lap on the first session's track map (another car of the same event). */
function gridOnModelOf(id: string, refId: string, refLap: number): DistanceLap {
  if (refId === id) return grid(id, refLap);
  const ref = get(refId);
  const model = get(id).analysis.model;
  if (!model || ref.analysis.model === model) return grid(refId, refLap);
  const key = `${refId}@${id}`;
  let analysis = onOtherMap.get(key);
  if (!analysis) {
    analysis = analyzeSession(ref.session, model);
    onOtherMap.set(key, analysis);
  }
  const g = lapOnGrid(ref.session, analysis, refLap);
  if (!g) throw new Error(`lap ${refLap} of '${refId}' cannot be placed on the track map of '${id}'`);
  return g;
}

const api = {
  /** Keeps a session (send it with Comlink.transfer) and analyses it; `model` = its track map, else built from its own GPS laps. */
  open(id: string, session: Session, model?: TrackModel | null, options: Omit<AnalyzeOptions, 'onProgress'> = {}): LapsResult<OpenedSummary> {
    return attempt(() => {
      const analysis = analyzeSession(session, model, options);
      opened.set(id, { session, analysis });
      const m = analysis.model;
      const ref = fastestCleanLap(analysis.split.laps);
      return {
        laps: analysis.split.laps,
        timing: analysis.split.timing,
        timingLineM: analysis.split.timingLineM,
        medianCleanLapS: analysis.split.medianCleanLapS,
        referenceLap: ref ? ref.lap : null,
        track: m ? { name: m.name, lengthM: m.grid.lengthM, fromSession: analysis.modelFromSession, corners: m.corners.length, sectors: m.sectors.length } : null,
        notes: analysis.notes,
      };
    });
  },

  /** The track map an opened session is aligned with (copied: the worker keeps its own). */
  trackModel(id: string): LapsResult<TrackModel | null> {
    return attempt(() => get(id).analysis.model);
  },

  /** One lap with every channel (or the named ones) on the 1 m grid. */
  lapOnGrid(id: string, lap: number, channels?: string[]): LapsResult<DistanceLap> {
    return attempt(() => grid(id, lap, channels), distanceLapBuffers);
  },

  /** Delta-time of a lap against a reference lap (of this session or another opened one). */
  delta(id: string, lap: number, refId: string, refLap: number): LapsResult<DeltaTime> {
    return attempt(
      () => deltaTime(grid(id, lap, []), gridOnModelOf(id, refId, refLap)),
      (d) => [d.deltaS.buffer as ArrayBuffer],
    );
  },

  /** Corner metrics of a lap, with time gained/lost against the reference (default: the session's fastest clean lap). */
  corners(id: string, lap: number, refId?: string, refLap?: number, options: CornerMetricOptions = {}): LapsResult<CornerMetrics[]> {
    return attempt(() => {
      const o = get(id);
      const model = o.analysis.model;
      if (!model) throw new Error(`'${id}' has no track map`);
      const r = refLap ?? fastestCleanLap(o.analysis.split.laps)?.lap;
      const ref = r === undefined ? undefined : gridOnModelOf(id, refId ?? id, r);
      return cornerMetrics(grid(id, lap), model.corners, ref, options);
    });
  },

  /** Theoretical best lap of an opened session from its best sectors and its best corner segments. */
  theoreticalBest(id: string): LapsResult<{ sectors: TheoreticalBest; corners: TheoreticalBest }> {
    return attempt(() => {
      const o = get(id);
      const model = o.analysis.model;
      const clean = o.analysis.split.laps.filter(isClean);
      const grids = o.analysis.alignment ? resampleLaps(o.session, o.analysis.alignment, clean, { channels: [] }) : [];
      return {
        sectors: theoreticalBestFromSectors(o.analysis.split.laps, model?.sectors.map((s) => s.name)),
        corners: model ? theoreticalBestFromCorners(grids, model.corners) : { timeS: NaN, parts: [] },
      };
    });
  },

  close(id: string): boolean {
    for (const key of [...onOtherMap.keys()]) if (key.startsWith(`${id}@`) || key.endsWith(`@${id}`)) onOtherMap.delete(key);
    return opened.delete(id);
  },
};

export type LapsWorkerApi = typeof api;

Comlink.expose(api);
