// Corner detection on the 1 m grid: hysteresis on (lightly smoothed) curvature, same-direction merge of
// short gaps, minimum turning angle, numbering from the start/finish line, classification and chicanes.
//
// Defaults (DEFAULT_CORNER_OPTIONS): a corner opens where the 10 m moving average of |κ| exceeds 1/400 m⁻¹
// (R 400 m) and closes below 1/800 m⁻¹; same-direction corners less than 20 m apart are one corner; corners
// turning less than 12° in total are dropped; the radius is the one held over 8 m of the corner.
//
// Classes by minimum radius (CORNER_CLASS_MAX_RADIUS_M): hairpin < 25 m ≤ slow < 60 m ≤ medium < 120 m
// ≤ fast < 250 m ≤ kink. A chicane is a left-right (or right-left) pair whose gap is at most
// chicaneMaxGapM and whose corners are both slow or tighter (< 60 m), so fast esses are not chicanes.

import type { Chicane, Corner, CornerClass, CornerDetectionOptions, CornerDirection, TrackGrid } from './types.ts';

export const DEFAULT_CORNER_OPTIONS: CornerDetectionOptions = {
  enterCurvaturePerM: 1 / 400,
  exitCurvaturePerM: 1 / 800,
  smoothingWindowM: 10,
  mergeGapM: 20,
  minTurningAngleDeg: 12,
  chicaneMaxGapM: 30,
  radiusSustainM: 8,
};

export const CORNER_CLASS_MAX_RADIUS_M: Readonly<Record<Exclude<CornerClass, 'kink'>, number>> = {
  hairpin: 25,
  slow: 60,
  medium: 120,
  fast: 250,
};

/** Radius below which a corner can be part of a chicane (slow or tighter). */
export const CHICANE_MAX_RADIUS_M = CORNER_CLASS_MAX_RADIUS_M.slow;

export function classifyCorner(minRadiusM: number): CornerClass {
  if (minRadiusM < CORNER_CLASS_MAX_RADIUS_M.hairpin) return 'hairpin';
  if (minRadiusM < CORNER_CLASS_MAX_RADIUS_M.slow) return 'slow';
  if (minRadiusM < CORNER_CLASS_MAX_RADIUS_M.medium) return 'medium';
  if (minRadiusM < CORNER_CLASS_MAX_RADIUS_M.fast) return 'fast';
  return 'kink';
}

/** Cyclic centred moving average over `window` samples (odd, ≥ 1). */
export function smoothCyclic(v: Float64Array, window: number): Float64Array {
  const n = v.length;
  const half = Math.max(0, Math.floor(window / 2));
  if (half === 0 || n < 3) return Float64Array.from(v);
  const w = Math.min(2 * half + 1, n);
  const h = (w - 1) / 2;
  const out = new Float64Array(n);
  let s = 0;
  for (let k = -h; k <= h; k++) s += v[((k % n) + n) % n];
  for (let i = 0; i < n; i++) {
    out[i] = s / w;
    s += v[(i + h + 1) % n] - v[(((i - h) % n) + n) % n];
  }
  return out;
}

interface Span {
  /** Unwrapped grid indices, start ≤ end, start in [0, n). */
  start: number;
  end: number;
  sign: 1 | -1;
}

/**
 * Corner measures over an index span (unwrapped, inclusive) of the grid. The peak curvature is the one held
 * over at least `sustainM` metres of the corner (robust to the short overshoot a spline makes where an arc
 * starts); the apex is the sustained point nearest the curvature-weighted centre of them (the middle of a
 * constant-radius arc, the peak of a pointed corner).
 */
export function measureSpan(
  grid: TrackGrid,
  start: number,
  end: number,
  sustainM: number,
): { apexIndex: number; peakAbsCurvature: number; turningRad: number } {
  const k = grid.curvaturePerM;
  const n = k.length;
  let turn = 0;
  for (let u = start; u < end; u++) turn += k[u % n] * stepAt(grid, u % n);
  const sign = turn >= 0 ? 1 : -1;
  const values: number[] = [];
  for (let u = start; u <= end; u++) values.push(Math.max(0, sign * k[u % n]));
  const sorted = [...values].sort((a, b) => b - a);
  const peak = sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(sustainM / grid.stepM) - 1))];
  let wsum = 0;
  let usum = 0;
  for (let q = 0; q < values.length; q++) {
    if (values[q] >= peak) {
      wsum += values[q];
      usum += values[q] * q;
    }
  }
  const centre = wsum > 0 ? usum / wsum : 0;
  let apexQ = 0;
  let bestGap = Infinity;
  for (let q = 0; q < values.length; q++) {
    if (values[q] >= peak && Math.abs(q - centre) < bestGap) {
      bestGap = Math.abs(q - centre);
      apexQ = q;
    }
  }
  return { apexIndex: (start + apexQ) % n, peakAbsCurvature: peak, turningRad: turn };
}

/** Length of the step from grid index i to the next (the last one closes the loop). */
export function stepAt(grid: TrackGrid, i: number): number {
  const n = grid.distanceM.length;
  return i + 1 < n ? grid.distanceM[i + 1] - grid.distanceM[i] : grid.lengthM - grid.distanceM[i];
}

export function detectCorners(
  grid: TrackGrid,
  partial: Partial<CornerDetectionOptions> = {},
): { corners: Corner[]; chicanes: Chicane[] } {
  const o = { ...DEFAULT_CORNER_OPTIONS, ...partial };
  const k = grid.curvaturePerM;
  const n = k.length;
  const step = grid.stepM;
  const smoothed = smoothCyclic(k, Math.round(o.smoothingWindowM / step) | 1);
  const spans = hysteresisSpans(smoothed, o.enterCurvaturePerM, o.exitCurvaturePerM);
  const merged = mergeSpans(spans, n, Math.round(o.mergeGapM / step)).map((sp) =>
    normaliseSpan(tighten(k, sp, o.exitCurvaturePerM), n),
  );
  const kept: { span: Span; apex: number; maxK: number; turn: number }[] = [];
  for (const span of merged) {
    const m = measureSpan(grid, span.start, span.end, o.radiusSustainM);
    if ((Math.abs(m.turningRad) * 180) / Math.PI < o.minTurningAngleDeg) continue;
    kept.push({ span, apex: m.apexIndex, maxK: m.peakAbsCurvature, turn: m.turningRad });
  }
  kept.sort((a, b) => a.apex - b.apex);
  const corners: Corner[] = kept.map((c, idx) => {
    const minRadiusM = 1 / c.maxK;
    return {
      number: idx + 1,
      name: `T${idx + 1}`,
      entryM: grid.distanceM[c.span.start % n],
      apexM: grid.distanceM[c.apex],
      exitM: grid.distanceM[c.span.end % n],
      direction: (c.span.sign > 0 ? 'left' : 'right') as CornerDirection,
      minRadiusM,
      turningAngleDeg: (Math.abs(c.turn) * 180) / Math.PI,
      cornerClass: classifyCorner(minRadiusM),
      chicane: null,
    };
  });
  return { corners, chicanes: markChicanes(corners, grid.lengthM, o.chicaneMaxGapM) };
}

/**
 * Hysteresis on the smoothed curvature, scanned cyclically from a quiet point. A span opens when |κs| exceeds
 * `on` and closes when |κs| drops below `off` or flips sign beyond `on`.
 */
function hysteresisSpans(smoothed: Float64Array, on: number, off: number): Span[] {
  const n = smoothed.length;
  let quiet = -1;
  for (let i = 0; i < n; i++) {
    if (Math.abs(smoothed[i]) < off) {
      quiet = i;
      break;
    }
  }
  if (quiet < 0) {
    // Curvature never settles (a circle): one corner the whole way round, starting where |κ| is lowest.
    let lo = 0;
    for (let i = 1; i < n; i++) if (Math.abs(smoothed[i]) < Math.abs(smoothed[lo])) lo = i;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += smoothed[i];
    return [{ start: lo, end: lo + n - 1, sign: sum >= 0 ? 1 : -1 }];
  }
  const spans: Span[] = [];
  let open: { start: number; sign: 1 | -1 } | null = null;
  let lastQuiet = quiet;
  for (let u = quiet; u < quiet + n; u++) {
    const v = smoothed[u % n];
    const a = Math.abs(v);
    const sgn: 1 | -1 = v >= 0 ? 1 : -1;
    if (open) {
      if (a < off || sgn !== open.sign) {
        spans.push({ start: open.start, end: u - 1, sign: open.sign });
        open = null;
        if (a >= on) open = { start: u, sign: sgn };
        else lastQuiet = u;
      }
    } else if (a >= on) {
      // Walk back to just after the last quiet point (or a sign change).
      let s = u;
      while (s - 1 > lastQuiet && Math.abs(smoothed[(s - 1) % n]) >= off && (smoothed[(s - 1) % n] >= 0 ? 1 : -1) === sgn) s--;
      open = { start: s, sign: sgn };
    } else if (a < off) lastQuiet = u;
  }
  if (open) spans.push({ start: open.start, end: quiet + n - 1, sign: open.sign });
  return spans.map((sp) => normaliseSpan(sp, n));
}

/**
 * After merging, a corner's ends are tightened to where the unsmoothed |κ| reaches max(off, 10 % of its peak)
 * with its sign: a sharp arc entry lands on the arc start (not on the spline's ripple before it, nor on the
 * smoothing's spread) and a clothoid entry where the turn-in becomes real.
 */
const EDGE_FRACTION_OF_PEAK = 0.1;

function tighten(raw: Float64Array, sp: Span, off: number): Span {
  const n = raw.length;
  let peak = 0;
  for (let u = sp.start; u <= sp.end; u++) peak = Math.max(peak, raw[u % n] * sp.sign);
  const edge = Math.max(off, EDGE_FRACTION_OF_PEAK * peak);
  const hit = (u: number): boolean => raw[u % n] * sp.sign >= edge;
  let s = sp.start;
  let e = sp.end;
  while (s < e && !hit(s)) s++;
  while (e > s && !hit(e)) e--;
  return { start: s, end: e, sign: sp.sign };
}

function normaliseSpan(sp: Span, n: number): Span {
  const shift = Math.floor(sp.start / n) * n;
  return { start: sp.start - shift, end: sp.end - shift, sign: sp.sign };
}

/** Merges cyclically consecutive same-direction spans separated by fewer than gapSamples. */
function mergeSpans(spans: Span[], n: number, gapSamples: number): Span[] {
  if (spans.length < 2) return spans;
  const list = [...spans].sort((a, b) => a.start - b.start);
  let changed = true;
  while (changed && list.length > 1) {
    changed = false;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      const j = (i + 1) % list.length;
      const b = list[j];
      if (a === b || a.sign !== b.sign) continue;
      const bStart = j > i ? b.start : b.start + n;
      if (bStart - a.end - 1 < gapSamples) {
        const bEnd = j > i ? b.end : b.end + n;
        const mergedSpan = normaliseSpan({ start: a.start, end: bEnd, sign: a.sign }, n);
        if (j > i) list.splice(i, 2, mergedSpan);
        else {
          list.splice(i, 1, mergedSpan);
          list.splice(0, 1);
        }
        changed = true;
        break;
      }
    }
  }
  return list;
}

/** Pairs consecutive opposite-direction corners that follow each other closely (each corner in one pair at most). */
export function markChicanes(corners: Corner[], lengthM: number, maxGapM: number): Chicane[] {
  const chicanes: Chicane[] = [];
  for (let i = 0; i + 1 < corners.length || (corners.length > 2 && i < corners.length); i++) {
    const a = corners[i];
    const b = corners[(i + 1) % corners.length];
    if (a === b || a.chicane !== null || b.chicane !== null) continue;
    if (a.direction === b.direction) continue;
    if (a.minRadiusM >= CHICANE_MAX_RADIUS_M || b.minRadiusM >= CHICANE_MAX_RADIUS_M) continue;
    let gap = b.entryM - a.exitM;
    if (gap < -lengthM / 2) gap += lengthM;
    if (gap > maxGapM) continue;
    a.chicane = b.chicane = chicanes.length;
    chicanes.push({ cornerNumbers: [a.number, b.number], name: `Chicane T${a.number}-T${b.number}` });
  }
  return chicanes;
}
