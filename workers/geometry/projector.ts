// Nearest-point projection onto the reference line: (x, y) → distance along the line and signed lateral
// offset (+ left). A uniform bucket grid over the 1 m segments keeps it fast; a hint distance (the previous
// sample's) keeps the answer continuous where a figure-eight crosses itself.

import type { TrackGrid } from './types.ts';

/** The parts of a TrackGrid the projector needs (curvature, when present, corrects for the 1 m chords). */
export type ProjectableLine = Pick<TrackGrid, 'xM' | 'yM' | 'distanceM' | 'lengthM'> & { curvaturePerM?: Float64Array };

export interface TrackIndex {
  line: ProjectableLine;
  cellSizeM: number;
  originXM: number;
  originYM: number;
  cols: number;
  rows: number;
  /** CSR bucket lists: segments of cell c are cellSegments[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Int32Array;
  cellSegments: Int32Array;
}

export interface TrackProjection {
  /** Distance along the line, metres in [0, lengthM). */
  distanceM: number;
  /** Signed offset from the line, metres, + to the left of the direction of travel. */
  lateralM: number;
  /** Segment (grid index i → i + 1) and the fraction along it. */
  segmentIndex: number;
  fraction: number;
}

export interface ProjectOptions {
  /** Where the previous sample was (metres along the line): candidates within windowM of it are preferred. */
  hintDistanceM?: number;
  /** Half-width of the continuity window around the hint, metres (default 150). */
  windowM?: number;
}

export function buildTrackIndex(line: ProjectableLine, cellSizeM = 8): TrackIndex {
  const n = line.xM.length;
  if (n < 2) throw new RangeError('a line needs at least 2 points');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, line.xM[i]);
    maxX = Math.max(maxX, line.xM[i]);
    minY = Math.min(minY, line.yM[i]);
    maxY = Math.max(maxY, line.yM[i]);
  }
  const originXM = minX - cellSizeM;
  const originYM = minY - cellSizeM;
  const cols = Math.max(1, Math.ceil((maxX - originXM) / cellSizeM) + 1);
  const rows = Math.max(1, Math.ceil((maxY - originYM) / cellSizeM) + 1);
  const counts = new Int32Array(cols * rows + 1);
  const forEachCell = (i: number, fn: (c: number) => void): void => {
    const j = i + 1 < n ? i + 1 : 0;
    const c0 = Math.floor((Math.min(line.xM[i], line.xM[j]) - originXM) / cellSizeM);
    const c1 = Math.floor((Math.max(line.xM[i], line.xM[j]) - originXM) / cellSizeM);
    const r0 = Math.floor((Math.min(line.yM[i], line.yM[j]) - originYM) / cellSizeM);
    const r1 = Math.floor((Math.max(line.yM[i], line.yM[j]) - originYM) / cellSizeM);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) fn(r * cols + c);
  };
  for (let i = 0; i < n; i++) forEachCell(i, (c) => counts[c + 1]++);
  for (let c = 0; c < cols * rows; c++) counts[c + 1] += counts[c];
  const cellStart = counts;
  const fill = cellStart.slice(0, cols * rows);
  const cellSegments = new Int32Array(cellStart[cols * rows]);
  for (let i = 0; i < n; i++) forEachCell(i, (c) => (cellSegments[fill[c]++] = i));
  return { line, cellSizeM, originXM, originYM, cols, rows, cellStart, cellSegments };
}

interface Candidate {
  seg: number;
  f: number;
  d2: number;
}

function projectOnSegment(line: ProjectableLine, i: number, x: number, y: number): Candidate {
  const n = line.xM.length;
  const j = i + 1 < n ? i + 1 : 0;
  const ax = line.xM[i];
  const ay = line.yM[i];
  const dx = line.xM[j] - ax;
  const dy = line.yM[j] - ay;
  const len2 = dx * dx + dy * dy;
  let f = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
  f = f < 0 ? 0 : f > 1 ? 1 : f;
  const px = ax + f * dx - x;
  const py = ay + f * dy - y;
  return { seg: i, f, d2: px * px + py * py };
}

/** Segments whose bucket lies within `radius` of (x, y) (Chebyshev rings of cells). */
function collect(index: TrackIndex, x: number, y: number, ring0: number, ring1: number, out: Set<number>): void {
  const cc = Math.floor((x - index.originXM) / index.cellSizeM);
  const rc = Math.floor((y - index.originYM) / index.cellSizeM);
  for (let r = rc - ring1; r <= rc + ring1; r++) {
    if (r < 0 || r >= index.rows) continue;
    for (let c = cc - ring1; c <= cc + ring1; c++) {
      if (c < 0 || c >= index.cols) continue;
      if (Math.max(Math.abs(r - rc), Math.abs(c - cc)) < ring0) continue;
      const cell = r * index.cols + c;
      for (let k = index.cellStart[cell]; k < index.cellStart[cell + 1]; k++) out.add(index.cellSegments[k]);
    }
  }
}

function cyclicGap(a: number, b: number, length: number): number {
  const d = Math.abs(a - b) % length;
  return Math.min(d, length - d);
}

function segmentDistance(line: ProjectableLine, c: Candidate): number {
  const n = line.xM.length;
  const i = c.seg;
  const step = i + 1 < n ? line.distanceM[i + 1] - line.distanceM[i] : line.lengthM - line.distanceM[i];
  const s = line.distanceM[i] + c.f * step;
  return s >= line.lengthM ? s - line.lengthM : s;
}

/** Projects (xM, yM) onto the line. With a hint, the nearest candidate within the window wins. */
export function projectOnTrack(index: TrackIndex, xM: number, yM: number, options: ProjectOptions = {}): TrackProjection {
  const line = index.line;
  const cand = new Set<number>();
  const maxRing = Math.max(index.cols, index.rows) + Math.ceil(
    Math.max(
      Math.abs(xM - index.originXM),
      Math.abs(yM - index.originYM),
      Math.abs(xM - index.originXM - index.cols * index.cellSizeM),
      Math.abs(yM - index.originYM - index.rows * index.cellSizeM),
    ) / index.cellSizeM,
  );
  let best: Candidate | null = null;
  let ring = 0;
  let scanned = -1;
  // Expand rings until the best candidate is closer than any unscanned cell can be.
  while (ring <= maxRing) {
    collect(index, xM, yM, scanned + 1, ring, cand);
    scanned = ring;
    for (const seg of cand) {
      const c = projectOnSegment(line, seg, xM, yM);
      if (!best || c.d2 < best.d2) best = c;
    }
    if (best && Math.sqrt(best.d2) <= ring * index.cellSizeM) break;
    ring++;
  }
  if (!best) throw new RangeError('empty track index');
  let chosen = best;
  if (options.hintDistanceM !== undefined && Number.isFinite(options.hintDistanceM)) {
    const windowM = options.windowM ?? 150;
    const hint = options.hintDistanceM;
    if (cyclicGap(segmentDistance(line, best), hint, line.lengthM) > windowM) {
      // Look a little wider for a branch that continues from the hint (e.g. the other strand at a crossing).
      const slackRing = Math.ceil((Math.sqrt(best.d2) + 30) / index.cellSizeM) + 1;
      collect(index, xM, yM, scanned + 1, slackRing, cand);
      let local: Candidate | null = null;
      for (const seg of cand) {
        const c = projectOnSegment(line, seg, xM, yM);
        if (cyclicGap(segmentDistance(line, c), hint, line.lengthM) > windowM) continue;
        if (!local || c.d2 < local.d2) local = c;
      }
      if (local) chosen = local;
    }
  }
  return finish(line, chosen, xM, yM);
}

/**
 * Final answer on the chosen segment. With headings known (a TrackGrid), the segment is treated as the
 * circular arc it approximates: Newton on the fraction f where the line's normal passes through the point,
 * so points metres off a tight bend get the right distance along (the chord's own normal would be off by
 * lateral × angle). Without them, the chord projection.
 */
function finish(line: ProjectableLine, c: Candidate, x: number, y: number): TrackProjection {
  const n = line.xM.length;
  let seg = c.seg;
  let f = c.f;
  let foot = footOnSegment(line, seg, f, x, y);
  // The normal through the point may fall on a neighbouring segment: follow it (a few steps at most).
  for (let hop = 0; hop < 4 && line.curvaturePerM; hop++) {
    if (foot.f >= 1 && foot.pushesOn > 0) seg = (seg + 1) % n;
    else if (foot.f <= 0 && foot.pushesOn < 0) seg = (seg - 1 + n) % n;
    else break;
    f = foot.f >= 1 ? 0 : 1;
    foot = footOnSegment(line, seg, f, x, y);
  }
  return { distanceM: segmentDistance(line, { seg, f: foot.f, d2: 0 }), lateralM: foot.lateralM, segmentIndex: seg, fraction: foot.f };
}

/**
 * Foot of the normal through (x, y) on segment `seg`. With curvature known (a TrackGrid), the segment is the
 * circular arc it approximates: its tangent at f is the chord's rotated by (f − ½)·turn and it bows by
 * turn·len·f(1−f)/2 to the outside of the bend; Newton on f. Points metres off a tight bend then get the right
 * distance along (the chord's own normal would be off by lateral × angle). Without curvature: the chord.
 */
function footOnSegment(
  line: ProjectableLine,
  seg: number,
  f0: number,
  x: number,
  y: number,
): { f: number; lateralM: number; pushesOn: number } {
  const n = line.xM.length;
  const i = seg;
  const j = i + 1 < n ? i + 1 : 0;
  const ax = line.xM[i];
  const ay = line.yM[i];
  const dx = line.xM[j] - ax;
  const dy = line.yM[j] - ay;
  const len = Math.hypot(dx, dy);
  if (!(len > 0)) return { f: f0, lateralM: 0, pushesOn: 0 };
  const ux = dx / len;
  const uy = dy / len;
  const turn = line.curvaturePerM ? 0.5 * (line.curvaturePerM[i] + line.curvaturePerM[j]) * len : 0;
  const at = (f: number) => {
    const bow = (-turn * len * f * (1 - f)) / 2;
    const a = (f - 0.5) * turn;
    const ca = Math.cos(a);
    const sa = Math.sin(a);
    return { px: ax + f * dx - uy * bow, py: ay + f * dy + ux * bow, tx: ux * ca - uy * sa, ty: uy * ca + ux * sa };
  };
  let f = f0;
  let g = 0;
  for (let it = 0; it < 8; it++) {
    const p = at(f);
    g = (x - p.px) * p.tx + (y - p.py) * p.ty; // along-tangent residual, metres
    if (turn === 0) {
      f = Math.min(1, Math.max(0, f + g / len));
      const q = at(f);
      g = (x - q.px) * q.tx + (y - q.py) * q.ty;
      break;
    }
    const lat = -(x - p.px) * p.ty + (y - p.py) * p.tx;
    // The foot moves faster than the point on the inside of the bend: d(residual)/df ≈ −len·(1 − κ·lateral).
    const denom = len * (1 - (turn / len) * lat);
    if (!(Math.abs(denom) > 1e-9)) break;
    const next = Math.min(1, Math.max(0, f + g / denom));
    const done = Math.abs(next - f) < 1e-12;
    f = next;
    if (done) break;
  }
  const p = at(f);
  g = (x - p.px) * p.tx + (y - p.py) * p.ty;
  return { f, lateralM: -(x - p.px) * p.ty + (y - p.py) * p.tx, pushesOn: Math.abs(g) > 1e-9 ? Math.sign(g) : 0 };
}
