// User edits as a pure function: renames corners and sectors, moves corner boundaries (re-measuring
// radius, turning angle, direction and class), removes corners, replaces sector starts. Always starts
// from the detected corners/sectors, so the same edits give the same track whatever was applied before.

import { classifyCorner, markChicanes, measureSpan } from './corners.ts';
import { buildSectors, wrap } from './sectors.ts';
import type { Corner, TrackEdits, TrackModel } from './types.ts';

export function applyTrackEdits(model: TrackModel, edits: TrackEdits): TrackModel {
  const grid = model.grid;
  const L = grid.lengthM;
  const n = grid.distanceM.length;
  const removed = new Set(edits.removeCorners ?? []);
  const corners: Corner[] = [];
  for (const c0 of model.detected.corners) {
    if (removed.has(c0.number)) continue;
    const c: Corner = { ...c0, chicane: null };
    const name = edits.cornerNames?.[c.number];
    if (name !== undefined) c.name = name;
    const b = edits.cornerBounds?.[c.number];
    if (b) {
      const entryM = wrap(b.entryM ?? c.entryM, L);
      const exitM = wrap(b.exitM ?? c.exitM, L);
      const spanLen = exitM >= entryM ? exitM - entryM : exitM + L - entryM;
      if (spanLen <= 0) throw new RangeError(`corner ${c.number}: exit must come after entry`);
      const i0 = indexAt(grid.distanceM, entryM);
      let i1 = indexAt(grid.distanceM, exitM);
      if (i1 < i0) i1 += n;
      const m = measureSpan(grid, i0, i1, model.cornerOptions.radiusSustainM);
      let apexIndex = m.apexIndex;
      if (b.apexM !== undefined) {
        const apexM = wrap(b.apexM, L);
        const into = apexM >= entryM ? apexM - entryM : apexM + L - entryM;
        if (into > spanLen) throw new RangeError(`corner ${c.number}: apex must lie between entry and exit`);
        apexIndex = indexAt(grid.distanceM, apexM);
      }
      const apexK = b.apexM === undefined ? m.peakAbsCurvature : Math.abs(grid.curvaturePerM[apexIndex]);
      c.entryM = entryM;
      c.exitM = exitM;
      c.apexM = grid.distanceM[apexIndex];
      c.direction = m.turningRad >= 0 ? 'left' : 'right';
      c.turningAngleDeg = (Math.abs(m.turningRad) * 180) / Math.PI;
      c.minRadiusM = apexK > 0 ? 1 / apexK : Infinity;
      c.cornerClass = classifyCorner(c.minRadiusM);
    }
    corners.push(c);
  }
  const chicanes = markChicanes(corners, L, model.cornerOptions.chicaneMaxGapM);
  let sectors = edits.sectorStartsM ? buildSectors(L, edits.sectorStartsM) : model.detected.sectors.map((s) => ({ ...s }));
  if (edits.sectorNames) {
    sectors = sectors.map((s, i) => (edits.sectorNames![i] !== undefined ? { ...s, name: edits.sectorNames![i] } : s));
  }
  return { ...model, corners, chicanes, sectors, edits };
}

/** Nearest grid index at or before distance s (grid distances are i · step). */
function indexAt(distanceM: Float64Array, s: number): number {
  const step = distanceM.length > 1 ? distanceM[1] - distanceM[0] : 1;
  return Math.min(distanceM.length - 1, Math.max(0, Math.round(s / step)));
}
