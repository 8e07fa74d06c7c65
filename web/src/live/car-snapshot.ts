// What the live view shows of each car at one instant, the same for live telemetry (LiveModel) and for
// the forensic replay of stored sessions (ReplaySource): position, the traced channels in display units,
// the lap clock and the laps with their sector times.

import { lapColour } from '../analysis/colours.ts';

export interface LapRow {
  lap: number;
  lapTimeS: number;
  /** One per sector, s (NaN where unknown). */
  sectorsS: number[];
  /** The car's fastest lap so far. */
  best: boolean;
}

export interface CarSnapshot {
  car: string;
  /** Short label for the map and tables: '#11'. */
  label: string;
  colour: string;
  /** The live session the car's frames belong to (the stored session id in a replay). */
  session: string;
  /** Frame time of the values, ms since the epoch. */
  tsMs: number;
  latDeg: number;
  lonDeg: number;
  speedKmh: number;
  throttlePct: number;
  brakeBar: number;
  gear: number;
  /** The lap being driven (NaN when unknown). */
  lap: number;
  /** Running time of that lap, s (NaN when unknown). */
  lapTimeS: number;
  /** Sectors of the running lap already passed, s. */
  runningSectorsS: number[];
  /** Completed laps, newest first. */
  laps: LapRow[];
  /** No frame for a while (live) or outside the car's recording (replay). */
  stale: boolean;
}

/** Car ids in a stable, human order: numbers numerically ('7' before '11'), then the rest. */
export function compareCars(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** A car's colour from the order it was first seen in. */
export function carColour(index: number): string {
  return lapColour(index);
}

export function carLabel(car: string): string {
  return /^\d+$/.test(car) ? `#${car}` : car;
}

/** Marks each car's fastest complete lap (the rows come newest first; of equal times the earlier lap set it). */
export function markBest(laps: LapRow[]): LapRow[] {
  let best = -1;
  laps.forEach((l, i) => {
    if (Number.isFinite(l.lapTimeS) && (best < 0 || l.lapTimeS <= laps[best].lapTimeS)) best = i;
  });
  return laps.map((l, i) => ({ ...l, best: i === best }));
}
