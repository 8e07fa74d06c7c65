// Shared by etm track / laps / delta / corners: a session from the store (by id) or a file imported in
// memory, analysed on its track map (built from its own GPS laps, with the corner edits stored with the
// session under 'track-edits' re-applied, as the PWA does), and number formatting with units.

import { existsSync, statSync } from 'node:fs';
import { CliError } from './cli-error.ts';
import { fileInput } from './node/file-input.ts';
import { openStore } from './open-store.ts';
import type { ProgressReporter } from './progress.ts';
import { applyTrackEdits } from '../workers/geometry/edits.ts';
import type { TrackEdits, TrackModel } from '../workers/geometry/types.ts';
import { importFile } from '../workers/ingest/import-file.ts';
import type { Session } from '../workers/model/session.ts';
import { analyzeSession, lapOnGrid, type SessionAnalysis } from '../workers/laps/analyze.ts';
import type { DistanceLap } from '../workers/laps/types.ts';

export interface SessionArg {
  /** Store id, or null for a file imported in memory. */
  id: string | null;
  session: Session;
  /** Corner edits stored with the session (applied to a map built from its GPS laps). */
  trackEdits?: TrackEdits;
}

export function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The sessions an argument names: a file on disk (imported in memory, not stored) or a stored session id. */
export async function sessionsFromArg(arg: string, dbPath: string | undefined, progress?: ProgressReporter): Promise<SessionArg[]> {
  if (isFile(arg)) {
    const input = await fileInput(arg);
    const sessions = await importFile(input, { onProgress: (p) => progress?.update(`${input.name} ${p.phase}`, p.bytesDone, p.bytesTotal) });
    return sessions.map((session) => ({ id: null, session }));
  }
  const store = await openStore(dbPath);
  try {
    if (!(await store.get(arg))) throw new CliError(`'${arg}' is neither a file nor a stored session (see etm sessions)`, 1);
    progress?.update(`loading ${arg}`, 0, 1, 'items');
    return [{ id: arg, session: await store.load(arg), trackEdits: await store.getSetting<TrackEdits>(arg, 'track-edits') }];
  } finally {
    await store.driver.close();
  }
}

/** Exactly one session (delta and corners work on one car at a time). */
export async function oneSessionFromArg(arg: string, dbPath: string | undefined, progress?: ProgressReporter): Promise<SessionArg> {
  const all = await sessionsFromArg(arg, dbPath, progress);
  if (all.length !== 1) throw new CliError(`${arg} holds ${all.length} sessions: import it (etm import) and name one by its session id`, 1);
  return all[0];
}

export function analyse(s: SessionArg, progress?: ProgressReporter, model?: TrackModel | null): SessionAnalysis {
  const name = s.id ?? (s.session.meta.vehicleId || s.session.meta.sourceFile || 'session');
  const analysis = analyzeSession(s.session, model, { onProgress: (step, f) => progress?.update(`${name}: ${step}`, Math.round(f * 100), 100, 'items') });
  // edits live with the session whose GPS laps built the map; a map handed in already carries its own
  if (!analysis.model || !analysis.modelFromSession) return analysis;
  return { ...analysis, model: withStoredEdits(analysis.model, s) };
}

/** A map built from the session's GPS laps with the corner edits stored with the session applied. */
export function withStoredEdits(model: TrackModel, s: SessionArg): TrackModel {
  return s.trackEdits ? applyTrackEdits(model, s.trackEdits) : model;
}

/** A lap on the grid or a usage error naming the laps there are. */
export function gridOrFail(s: SessionArg, analysis: SessionAnalysis, lap: number): DistanceLap {
  const g = lapOnGrid(s.session, analysis, lap);
  if (g) return g;
  const complete = analysis.split.laps.filter((l) => l.complete).map((l) => l.lap);
  if (!analysis.alignment) throw new CliError(`${label(s)} has no GPS positions on a track map: no distance data`, 1);
  throw new CliError(`lap ${lap} is not a complete lap of ${label(s)} (complete laps: ${complete.join(', ') || 'none'})`, 1);
}

export function label(s: SessionArg): string {
  const m = s.session.meta;
  const who = [m.driver, m.vehicleId && `car ${m.vehicleId}${m.vehicleNumber ? ` #${m.vehicleNumber}` : ''}`].filter(Boolean).join(', ');
  return `${s.id ?? m.sourceFile}${who ? ` (${who})` : ''}`;
}

export function parseLap(value: string | undefined, option: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n)) throw new CliError(`${option} needs a lap number, not '${value ?? ''}'`);
  return n;
}

/** A number for JSON: rounded, null when not finite. */
export function num(x: number, digits = 3): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A number with its unit for text output ('—' when unknown). */
export function fmt(x: number, unit: string, digits = 3, signed = false): string {
  if (!Number.isFinite(x)) return '—';
  const s = x.toFixed(digits);
  return `${signed && x >= 0 ? '+' : ''}${s} ${unit}`;
}

export function isoTime(startTimeMs: number | null, t: number): string | null {
  return startTimeMs === null || !Number.isFinite(t) ? null : new Date(startTimeMs + t * 1000).toISOString();
}
