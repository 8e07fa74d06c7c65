// Choices the analysis view makes on its own: the laps compared when it opens (the fastest clean lap
// as reference and the next fastest), the clean laps of a session, and a compared lap's short label.

import type { AnalysisOverview, LapKey } from '../../../workers/laps/analysis.worker.ts';
import { isClean } from '../../../workers/laps/reference.ts';
import type { LapRecord } from '../../../workers/laps/types.ts';
import type { SessionMeta } from '../../../workers/model/session.ts';

function byTime(laps: LapRecord[]): LapRecord[] {
  return [...laps].sort((a, b) => a.lapTimeS - b.lapTimeS || a.lap - b.lap);
}

/** The fastest and the second fastest clean lap (complete laps when fewer than two are clean). */
export function defaultCompareLaps(o: Pick<AnalysisOverview, 'sessionId' | 'laps'>): LapKey[] {
  let pool = byTime(o.laps.filter(isClean));
  if (pool.length < 2) pool = byTime(o.laps.filter((l) => l.complete && Number.isFinite(l.lapTimeS)));
  return pool.slice(0, 2).map((l) => ({ sessionId: o.sessionId, lap: l.lap }));
}

/** Every clean lap, fastest first (the first becomes the reference). */
export function cleanLapKeys(o: Pick<AnalysisOverview, 'sessionId' | 'laps'>): LapKey[] {
  return byTime(o.laps.filter(isClean)).map((l) => ({ sessionId: o.sessionId, lap: l.lap }));
}

/** '#11' (car number), else the vehicle id, else the driver, else '?'. */
export function carShort(meta: Pick<SessionMeta, 'vehicleNumber' | 'vehicleId' | 'driver'>): string {
  if (meta.vehicleNumber) return `#${meta.vehicleNumber}`;
  return meta.vehicleId || meta.driver || '?';
}

export function lapLabel(meta: Pick<SessionMeta, 'vehicleNumber' | 'vehicleId' | 'driver'> | undefined, lap: number): string {
  return `${meta ? carShort(meta) : '?'} L${lap}`;
}
