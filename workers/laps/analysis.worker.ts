// The lap-analysis Web Worker (comlink) behind the PWA's analysis view: analyses sessions (track map,
// map-matching, lap split) and keeps them in memory, and hands out laps on the 1 m grid in display units
// (km/h, %, bar, deg, s) with delta-time and corner metrics against a reference lap, transferred.

import * as Comlink from 'comlink';
import { applyTrackEdits } from '../geometry/edits.ts';
import type { Corner, Sector, TrackEdits, TrackModel } from '../geometry/types.ts';
import type { Session, SessionMeta } from '../model/session.ts';
import { alignmentSummary, type AlignmentSummary } from './alignment-summary.ts';
import { analyzeSession, lapOnGrid, type SessionAnalysis } from './analyze.ts';
import { brakeChannel, cornerMetrics } from './corner-metrics.ts';
import { deltaTime } from './delta.ts';
import { fastestCleanLap, isClean, theoreticalBestFromCorners, theoreticalBestFromSectors } from './reference.ts';
import type { CornerMetrics, DistanceLap, LapRecord, TheoreticalBest } from './types.ts';

/** A lap of a stored session. */
export interface LapKey {
  sessionId: string;
  lap: number;
}

export interface AnalysisProgress {
  step: string;
  /** 0–1. */
  fraction: number;
}

/** The track map as the view draws it: the reference line (local metres), corners and sectors. */
export interface TrackView {
  name: string;
  lengthM: number;
  xM: Float64Array;
  yM: Float64Array;
  /** Track half-widths where the map has them, m (null when unknown). */
  widthLeftM: Float64Array | null;
  widthRightM: Float64Array | null;
  corners: Corner[];
  sectors: Sector[];
  /** Whether the map was built from a session's own GPS laps. */
  fromSession: boolean;
  /** The session whose GPS laps the map came from (sessions of one track share its map). */
  sourceSessionId: string;
  /** The user's corner edits applied to the map (stored with sourceSessionId). */
  edits: TrackEdits;
}

/** What the view needs of an analysed session (no per-sample data). */
export interface AnalysisOverview {
  sessionId: string;
  meta: SessionMeta;
  /** Sessions with the same key share one track map, so their laps can be compared. */
  trackKey: string;
  track: TrackView | null;
  laps: LapRecord[];
  timing: string;
  medianCleanLapS: number;
  /** Fastest clean lap (null when there is none). */
  bestLap: number | null;
  bestSectors: TheoreticalBest;
  /** Best corner segments over the clean laps (null without a track map). */
  bestCorners: TheoreticalBest | null;
  notes: string[];
  /** How the lap distance was measured (null: no track map or no usable GPS). */
  alignment: AlignmentSummary | null;
  analysisMs: number;
}

/** One lap of a comparison, every array on the shared distance grid. */
export interface CompareLap {
  key: LapKey;
  lapTimeS: number;
  speedKmh: Float64Array | null;
  throttlePct: Float64Array | null;
  brakeBar: Float64Array | null;
  gear: Float64Array | null;
  steeringDeg: Float64Array | null;
  /** Lap minus reference time at each distance, s (zero for the reference itself). */
  deltaS: Float64Array;
  /** Where the car drove: reference line plus lateral offset, local metres. */
  lineXM: Float64Array;
  lineYM: Float64Array;
  corners: CornerMetrics[];
}

export interface CompareResult {
  lengthM: number;
  distanceM: Float64Array;
  /** In the order asked for; the first is the reference. */
  laps: CompareLap[];
  /** Laps that could not be put on the grid, with the reason. */
  skipped: { key: LapKey; reason: string }[];
}

const GRID_CHANNELS = ['speed', 'gps_speed', 'throttle', 'brake_front', 'brake', 'brake_rear', 'steering', 'gear'];
const MS_TO_KMH = 3.6;

interface Entry {
  session: Session;
  analysis: SessionAnalysis;
  overview: AnalysisOverview;
  grids: Map<number, DistanceLap | null>;
}

const entries = new Map<string, Entry>();
/** The track map of each track key: the first session analysed on a track gives it to the others. */
const trackModels = new Map<string, { model: TrackModel; sessionId: string }>();

function trackKeyOf(meta: SessionMeta, sessionId: string): string {
  return meta.track.trim().toLowerCase() || `session:${sessionId}`;
}

function trackView(model: TrackModel, fromSession: boolean, sourceSessionId: string): TrackView {
  const g = model.grid;
  return {
    name: model.name,
    lengthM: g.lengthM,
    xM: g.xM,
    yM: g.yM,
    widthLeftM: g.widthLeftM,
    widthRightM: g.widthRightM,
    corners: model.corners,
    sectors: model.sectors,
    fromSession,
    sourceSessionId,
    edits: model.edits,
  };
}

function gridOf(e: Entry, lap: number): DistanceLap | null {
  if (!e.grids.has(lap)) e.grids.set(lap, lapOnGrid(e.session, e.analysis, lap, { channels: GRID_CHANNELS }));
  return e.grids.get(lap) ?? null;
}

function entryOf(sessionId: string): Entry {
  const e = entries.get(sessionId);
  if (!e) throw new Error(`session ${sessionId} is not analysed: call analyze() first`);
  return e;
}

function scaled(values: Float64Array | undefined, factor: number): Float64Array | null {
  if (!values) return null;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * factor;
  return out;
}

/** The driven line: each grid point of the reference line moved sideways by the lap's lateral offset. */
function drivenLine(model: TrackModel, lap: DistanceLap): { x: Float64Array; y: Float64Array } {
  const g = model.grid;
  const n = lap.distanceM.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const count = g.xM.length;
  for (let i = 0; i < n; i++) {
    const k = i < count ? i : 0;
    const off = Number.isFinite(lap.lateralM[i]) ? lap.lateralM[i] : 0;
    const h = g.headingRad[k];
    x[i] = g.xM[k] - Math.sin(h) * off;
    y[i] = g.yM[k] + Math.cos(h) * off;
  }
  return { x, y };
}

function compareTransferables(r: CompareResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>([r.distanceM.buffer as ArrayBuffer]);
  for (const l of r.laps) {
    for (const a of [l.speedKmh, l.throttlePct, l.brakeBar, l.gear, l.steeringDeg, l.deltaS, l.lineXM, l.lineYM]) if (a) out.add(a.buffer as ArrayBuffer);
  }
  return [...out];
}

const api = {
  /** Whether the worker holds this session already (then analyze() needs no session). */
  has(sessionId: string): boolean {
    return entries.has(sessionId);
  },

  /**
   * Analyses a session (kept in memory: a second call answers at once). `session` is needed the first
   * time only; its arrays should be transferred. `onProgress` must be a comlink proxy.
   */
  async analyze(sessionId: string, session: Session | null, onProgress?: (p: AnalysisProgress) => void): Promise<AnalysisOverview> {
    const known = entries.get(sessionId);
    if (known) return known.overview;
    if (!session) throw new Error(`session ${sessionId} is not in the analysis worker: pass it`);
    const startMs = performance.now();
    const trackKey = trackKeyOf(session.meta, sessionId);
    const shared = trackModels.get(trackKey);
    const report = (step: string, fraction: number) => onProgress?.({ step, fraction });
    const analysis = analyzeSession(session, shared?.model ?? null, { onProgress: (step, f) => report(step, 0.05 + 0.75 * f) });
    if (analysis.model && !shared) trackModels.set(trackKey, { model: analysis.model, sessionId });
    const e: Entry = { session, analysis, grids: new Map(), overview: undefined as unknown as AnalysisOverview };
    const laps = analysis.split.laps;
    let bestCorners: TheoreticalBest | null = null;
    if (analysis.model) {
      report('laps on the distance grid', 0.85);
      const clean = laps.filter(isClean).map((l) => gridOf(e, l.lap)).filter((g): g is DistanceLap => g !== null);
      bestCorners = clean.length ? theoreticalBestFromCorners(clean, analysis.model.corners) : null;
    }
    const model = analysis.model;
    e.overview = {
      sessionId,
      meta: session.meta,
      trackKey,
      track: model ? trackView(model, analysis.modelFromSession || shared !== undefined, shared?.sessionId ?? sessionId) : null,
      laps,
      timing: analysis.split.timing,
      medianCleanLapS: analysis.split.medianCleanLapS,
      bestLap: fastestCleanLap(laps)?.lap ?? null,
      bestSectors: theoreticalBestFromSectors(laps, model?.sectors.map((s) => s.name)),
      bestCorners,
      notes: analysis.notes,
      alignment: analysis.alignment ? alignmentSummary(analysis.alignment) : null,
      analysisMs: performance.now() - startMs,
    };
    entries.set(sessionId, e);
    report('done', 1);
    return e.overview;
  },

  /**
   * Re-applies the user's corner edits (from the detected corners) to the track map of an analysed
   * session; every session sharing that map gets the edited corners. Throws a RangeError for bounds that
   * cannot be applied. Answers the session's updated overview.
   */
  setTrackEdits(sessionId: string, edits: TrackEdits): AnalysisOverview {
    const e = entryOf(sessionId);
    const old = e.analysis.model;
    if (!old) throw new Error(`session ${sessionId} has no track map to edit`);
    const model = applyTrackEdits(old, edits);
    const key = e.overview.trackKey;
    const shared = trackModels.get(key);
    if (shared?.model === old) trackModels.set(key, { model, sessionId: shared.sessionId });
    for (const o of entries.values()) {
      if (o.analysis.model !== old) continue;
      o.analysis = { ...o.analysis, model };
      const track = o.overview.track!;
      const clean = o.overview.laps.filter(isClean).map((l) => gridOf(o, l.lap)).filter((g): g is DistanceLap => g !== null);
      o.overview = {
        ...o.overview,
        track: trackView(model, track.fromSession, track.sourceSessionId),
        bestCorners: clean.length ? theoreticalBestFromCorners(clean, model.corners) : null,
      };
    }
    return e.overview;
  },

  /**
   * The laps on the 1 m grid in display units, the first being the reference for delta-time and corner
   * gains. All laps must come from analysed sessions of one track.
   */
  compare(keys: LapKey[]): CompareResult {
    const result: CompareResult = { lengthM: NaN, distanceM: new Float64Array(0), laps: [], skipped: [] };
    const grids: { key: LapKey; lap: DistanceLap; model: TrackModel; record: LapRecord }[] = [];
    let trackKey: string | null = null;
    for (const key of keys) {
      const e = entryOf(key.sessionId);
      const model = e.analysis.model;
      const record = e.overview.laps.find((l) => l.lap === key.lap);
      if (!model || !record) {
        result.skipped.push({ key, reason: model ? `no lap ${key.lap}` : 'no track map' });
        continue;
      }
      if (trackKey !== null && e.overview.trackKey !== trackKey) {
        result.skipped.push({ key, reason: 'a different track' });
        continue;
      }
      if (grids.length && grids[0].model !== model) {
        result.skipped.push({ key, reason: 'analysed on another track map' });
        continue;
      }
      const lap = gridOf(e, key.lap);
      if (!lap) {
        result.skipped.push({ key, reason: record.complete ? 'not aligned with the track map' : 'partial lap' });
        continue;
      }
      trackKey = e.overview.trackKey;
      grids.push({ key, lap, model, record });
    }
    if (grids.length === 0) return result;
    const ref = grids[0];
    result.lengthM = ref.lap.lengthM;
    result.distanceM = Float64Array.from(ref.lap.distanceM);
    for (const g of grids) {
      const c = g.lap.channels;
      const line = drivenLine(g.model, g.lap);
      result.laps.push({
        key: g.key,
        lapTimeS: g.record.lapTimeS,
        speedKmh: scaled(c.speed ?? c.gps_speed, MS_TO_KMH),
        throttlePct: scaled(c.throttle, 1),
        brakeBar: scaled(brakeChannel(g.lap), 1),
        gear: scaled(c.gear, 1),
        steeringDeg: scaled(c.steering, 1),
        deltaS: g === ref ? new Float64Array(g.lap.distanceM.length) : deltaTime(g.lap, ref.lap).deltaS,
        lineXM: line.x,
        lineYM: line.y,
        corners: cornerMetrics(g.lap, ref.model.corners, ref.lap),
      });
    }
    return Comlink.transfer(result, compareTransferables(result));
  },

  /** Drops a session from memory (after it was deleted from the store). */
  forget(sessionId: string): void {
    const e = entries.get(sessionId);
    entries.delete(sessionId);
    if (!e) return;
    const key = e.overview.trackKey;
    if (![...entries.values()].some((o) => o.overview.trackKey === key)) trackModels.delete(key);
  },
};

export type AnalysisWorkerApi = typeof api;

Comlink.expose(api);
