// Sectors along the line: from timing-line distances when given, else three equal ones from the start/finish.

import type { Sector } from './types.ts';

/**
 * Sectors starting at the given distances (metres, any order, wrapped into [0, lengthM)); the last one runs
 * to the first (across the line when the first start is not 0). Without starts: three equal sectors.
 */
export function buildSectors(lengthM: number, startsM?: readonly number[], names?: readonly string[]): Sector[] {
  if (!(lengthM > 0)) throw new RangeError('track length must be positive');
  const raw = startsM && startsM.length > 0 ? startsM : [0, lengthM / 3, (2 * lengthM) / 3];
  const starts = [...new Set(raw.map((s) => wrap(s, lengthM)))].sort((a, b) => a - b);
  return starts.map((startM, i) => {
    const next = i + 1 < starts.length ? starts[i + 1] : starts[0];
    const endM = i + 1 < starts.length ? next : next === 0 ? lengthM : next;
    return { name: names?.[i] ?? `S${i + 1}`, startM, endM };
  });
}

export function wrap(s: number, lengthM: number): number {
  if (!Number.isFinite(s)) throw new RangeError(`distance ${s} is not a number`);
  let v = s % lengthM;
  if (v < 0) v += lengthM;
  // Values within a micrometre of the end are the start/finish line itself.
  return lengthM - v < 1e-6 ? 0 : v;
}
