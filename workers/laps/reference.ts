// Reference laps (the fastest clean lap of a session, and of each driver over their sessions) and
// theoretical best laps composed of the best sectors or the best corner segments.

import type { Corner } from '../geometry/types.ts';
import { cornerSegments, segmentTimeS } from './corner-metrics.ts';
import type { DistanceLap, LapRecord, TheoreticalBest } from './types.ts';

/** A clean lap: complete and without any flag. */
export function isClean(lap: LapRecord): boolean {
  return lap.complete && lap.flags.length === 0 && Number.isFinite(lap.lapTimeS);
}

/** The fastest clean lap, or undefined. */
export function fastestCleanLap(laps: readonly LapRecord[]): LapRecord | undefined {
  let best: LapRecord | undefined;
  for (const l of laps) if (isClean(l) && (!best || l.lapTimeS < best.lapTimeS)) best = l;
  return best;
}

export interface SessionLaps {
  sessionId: string;
  /** Driver name (or the vehicle id when the driver is unknown). */
  driver: string;
  laps: readonly LapRecord[];
}

export interface ReferenceLap {
  sessionId: string;
  driver: string;
  lap: number;
  lapTimeS: number;
}

/** The reference lap of each session and of each driver (fastest clean lap over their sessions). */
export function referenceLaps(sessions: readonly SessionLaps[]): { perSession: Map<string, ReferenceLap>; perDriver: Map<string, ReferenceLap> } {
  const perSession = new Map<string, ReferenceLap>();
  const perDriver = new Map<string, ReferenceLap>();
  for (const s of sessions) {
    const best = fastestCleanLap(s.laps);
    if (!best) continue;
    const ref = { sessionId: s.sessionId, driver: s.driver, lap: best.lap, lapTimeS: best.lapTimeS };
    perSession.set(s.sessionId, ref);
    const d = perDriver.get(s.driver);
    if (!d || ref.lapTimeS < d.lapTimeS) perDriver.set(s.driver, ref);
  }
  return { perSession, perDriver };
}

/** Best time of each sector over the clean laps, and their sum. NaN when a sector has no time. */
export function theoreticalBestFromSectors(laps: readonly LapRecord[], sectorNames?: readonly string[]): TheoreticalBest {
  const clean = laps.filter(isClean);
  const count = clean.reduce((m, l) => Math.max(m, l.sectorsS.length), 0);
  const parts: TheoreticalBest['parts'] = [];
  for (let k = 0; k < count; k++) {
    let best = { timeS: NaN, lap: NaN };
    for (const l of clean) {
      const t = l.sectorsS[k];
      if (Number.isFinite(t) && !(t >= best.timeS)) best = { timeS: t, lap: l.lap };
    }
    parts.push({ name: sectorNames?.[k] ?? `S${k + 1}`, timeS: best.timeS, lap: best.lap });
  }
  return { timeS: parts.length ? parts.reduce((a, p) => a + p.timeS, 0) : NaN, parts };
}

/**
 * Best time over each corner segment (straight midpoint to straight midpoint, tiling the lap) among the
 * given laps on the distance grid, and their sum.
 */
export function theoreticalBestFromCorners(laps: readonly DistanceLap[], corners: Corner[]): TheoreticalBest {
  if (laps.length === 0) return { timeS: NaN, parts: [] };
  const segs = cornerSegments(corners, laps[0].lengthM);
  const parts = segs.map((s) => {
    let best = { timeS: NaN, lap: NaN };
    for (const l of laps) {
      const t = segmentTimeS(l, s.startM, s.endM);
      if (Number.isFinite(t) && !(t >= best.timeS)) best = { timeS: t, lap: l.lap };
    }
    return { name: s.name, timeS: best.timeS, lap: best.lap };
  });
  return { timeS: parts.reduce((a, p) => a + p.timeS, 0), parts };
}
