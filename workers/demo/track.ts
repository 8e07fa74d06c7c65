// The demo circuit: a closed centreline of straights, constant-radius arcs and clothoid transitions
// (curvature varying linearly with distance), solved to close exactly, placed at a latitude/longitude.
// Conventions: x east, y north (m); heading = math angle from east, counter-clockwise (rad);
// curvature = d(heading)/ds (1/m, + left turn); distance from the start/finish line (m).

import { createLocalFrame, localToGeodetic, type LocalFrame } from '../geometry/projection.ts';
import { DEMO_LAYOUT } from './track-layout.ts';

export type CornerCharacter = 'hairpin' | 'slow' | 'medium' | 'fast' | 'kink' | 'chicane' | 'esses';

export interface StraightSpec {
  kind: 'straight';
  id: string;
  lengthM: number;
}

export interface CornerSpec {
  kind: 'corner';
  name: string;
  character: CornerCharacter;
  radiusM: number;
  /** Heading change, + left (counter-clockwise), − right. */
  angleDeg: number;
  /** Clothoid lengths from zero curvature to 1/radius and back. */
  entrySpiralM: number;
  exitSpiralM: number;
}

export type LayoutItem = StraightSpec | CornerSpec;

export interface TrackLayout {
  name: string;
  originLatDeg: number;
  originLonDeg: number;
  baseAltitudeM: number;
  /** Compass heading of travel at the start/finish line. */
  startHeadingDeg: number;
  widthM: number;
  /** From the start/finish line round to it; the first and last items are straights. */
  items: LayoutItem[];
  /** What the closure solver may adjust: one corner's angle (heading), two non-parallel straights (position). */
  closure: { headingCorner: string; straights: [string, string] };
  /** Elevation harmonics over the lap: z = base + Σ amplitude·sin(2π·(i+1)·s/L + phase). */
  elevationHarmonics: { amplitudeM: number; phaseRad: number }[];
}

/** One piece of centreline with curvature varying linearly from k0 to k1. */
export interface TrackSegment {
  startM: number;
  lengthM: number;
  k0: number;
  k1: number;
  x0: number;
  y0: number;
  heading0: number;
}

export interface TrackCorner {
  number: number;
  name: string;
  character: CornerCharacter;
  direction: 'left' | 'right';
  radiusM: number;
  angleDeg: number;
  /** Start of the entry clothoid, middle of the arc, end of the exit clothoid (distance from the line). */
  entryM: number;
  apexM: number;
  exitM: number;
  apexLatDeg: number;
  apexLonDeg: number;
}

export interface StartFinishLine {
  distanceM: number;
  xM: number;
  yM: number;
  latDeg: number;
  lonDeg: number;
  /** Direction of travel across the line: compass degrees, and math radians in the x/y frame. */
  headingDeg: number;
  headingRad: number;
  /** Half the track width: the line's extent either side of the centreline. */
  halfWidthM: number;
}

export interface TrackGeometry {
  name: string;
  lengthM: number;
  widthM: number;
  /** Grid spacing of the exported arrays (lengthM / intervals). */
  stepM: number;
  /** The grid: N+1 points from 0 to lengthM inclusive; the last point repeats the first. */
  distanceM: Float64Array;
  xM: Float64Array;
  yM: Float64Array;
  headingRad: Float64Array;
  curvature: Float64Array;
  elevationM: Float64Array;
  origin: { latDeg: number; lonDeg: number; altitudeM: number };
  startFinish: StartFinishLine;
  corners: TrackCorner[];
  segments: TrackSegment[];
  /** What the closure solver changed from the nominal layout. */
  closure: { cornerAngleDeg: number; straightsM: [number, number] };
  elevationHarmonics: { amplitudeM: number; phaseRad: number }[];
  baseAltitudeM: number;
  /** The east/north tangent plane (WGS84) at the origin that x/y are in (workers/geometry/projection.ts). */
  frame: LocalFrame;
}

// 5-point Gauss–Legendre on [0, 1]
const GL_X = [0.04691007703066802, 0.2307653449471585, 0.5, 0.7692346550528415, 0.9530899229693319];
const GL_W = [0.11846344252809454, 0.23931433524968324, 0.28444444444444444, 0.23931433524968324, 0.11846344252809454];
const MAX_PIECE_M = 2;

/** Compass heading (degrees clockwise from north, 0–360) of a math angle (radians from east, counter-clockwise). */
export function compassFromMathRad(headingRad: number): number {
  const deg = 90 - (headingRad * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

export function segmentHeading(seg: TrackSegment, u: number): number {
  return seg.heading0 + seg.k0 * u + ((seg.k1 - seg.k0) * u * u) / (2 * seg.lengthM);
}

/** ∫ (cos θ, sin θ) du over [a, b] within one segment. */
function integrateDirection(seg: TrackSegment, a: number, b: number): { dx: number; dy: number } {
  if (seg.k0 === 0 && seg.k1 === 0) {
    return { dx: (b - a) * Math.cos(seg.heading0), dy: (b - a) * Math.sin(seg.heading0) };
  }
  const pieces = Math.max(1, Math.ceil((b - a) / MAX_PIECE_M));
  const h = (b - a) / pieces;
  let dx = 0, dy = 0;
  for (let p = 0; p < pieces; p++) {
    const u0 = a + p * h;
    for (let g = 0; g < 5; g++) {
      const th = segmentHeading(seg, u0 + GL_X[g] * h);
      dx += GL_W[g] * h * Math.cos(th);
      dy += GL_W[g] * h * Math.sin(th);
    }
  }
  return { dx, dy };
}

interface Built {
  segments: TrackSegment[];
  end: { x: number; y: number; heading: number; s: number };
  /** For each layout item, its first segment index. */
  itemSegment: number[];
}

function buildSegments(items: LayoutItem[], heading0: number): Built {
  const segments: TrackSegment[] = [];
  const itemSegment: number[] = [];
  let x = 0, y = 0, heading = heading0, s = 0;
  const push = (lengthM: number, k0: number, k1: number) => {
    if (lengthM <= 0) return;
    const seg: TrackSegment = { startM: s, lengthM, k0, k1, x0: x, y0: y, heading0: heading };
    segments.push(seg);
    const d = integrateDirection(seg, 0, lengthM);
    x += d.dx;
    y += d.dy;
    heading = segmentHeading(seg, lengthM);
    s += lengthM;
  };
  for (const item of items) {
    itemSegment.push(segments.length);
    if (item.kind === 'straight') {
      if (item.lengthM < 0) throw new Error(`straight ${item.id} has negative length ${item.lengthM}`);
      push(item.lengthM, 0, 0);
    } else {
      const k = Math.sign(item.angleDeg) / item.radiusM;
      const arcM = item.radiusM * Math.abs((item.angleDeg * Math.PI) / 180) - (item.entrySpiralM + item.exitSpiralM) / 2;
      if (arcM <= 0) throw new Error(`corner ${item.name}: spirals longer than the turn allows`);
      push(item.entrySpiralM, 0, k);
      push(arcM, k, k);
      push(item.exitSpiralM, k, 0);
    }
  }
  return { segments, end: { x, y, heading, s }, itemSegment };
}

/** Adjust one corner's angle so the heading closes (±360°), then two straights so the position closes. */
export function solveClosure(layout: TrackLayout): { items: LayoutItem[]; cornerAngleDeg: number; straightsM: [number, number] } {
  const heading0 = (Math.PI / 180) * (90 - layout.startHeadingDeg);
  const items = layout.items.map((it) => ({ ...it }));
  const corner = items.find((it): it is CornerSpec => it.kind === 'corner' && it.name === layout.closure.headingCorner);
  if (!corner) throw new Error(`closure corner ${layout.closure.headingCorner} not in the layout`);
  let turn = 0;
  for (const it of items) if (it.kind === 'corner') turn += it.angleDeg;
  const target = turn >= 0 ? 360 : -360;
  const cornerAngleDeg = target - turn;
  corner.angleDeg += cornerAngleDeg;

  const [idP, idQ] = layout.closure.straights;
  const p = items.find((it): it is StraightSpec => it.kind === 'straight' && it.id === idP);
  const q = items.find((it): it is StraightSpec => it.kind === 'straight' && it.id === idQ);
  if (!p || !q) throw new Error('closure straights not in the layout');
  const built = buildSegments(items, heading0);
  const dirOf = (st: StraightSpec) => built.segments[built.itemSegment[items.indexOf(st)]].heading0;
  const hp = dirOf(p), hq = dirOf(q);
  // a·(cos hp, sin hp) + b·(cos hq, sin hq) = −end
  const det = Math.cos(hp) * Math.sin(hq) - Math.sin(hp) * Math.cos(hq);
  if (Math.abs(det) < 0.2) throw new Error('closure straights are too close to parallel');
  const rx = -built.end.x, ry = -built.end.y;
  const a = (rx * Math.sin(hq) - ry * Math.cos(hq)) / det;
  const b = (Math.cos(hp) * ry - Math.sin(hp) * rx) / det;
  p.lengthM += a;
  q.lengthM += b;
  return { items, cornerAngleDeg, straightsM: [a, b] };
}

export function segmentIndexAt(segments: TrackSegment[], s: number): number {
  let lo = 0, hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].startM <= s) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export interface TrackPose {
  xM: number;
  yM: number;
  headingRad: number;
  curvature: number;
  /** d(curvature)/ds, 1/m². */
  curvatureRate: number;
}

/** Exact centreline pose at distance s (wrapped into [0, L)): from the grid point below s, integrated over the remainder. */
export function trackPoseAt(track: TrackGeometry, s: number): TrackPose {
  const L = track.lengthM;
  let sw = s % L;
  if (sw < 0) sw += L;
  const last = track.distanceM.length - 2;
  const gi = Math.min(last, Math.max(0, Math.floor(sw / track.stepM)));
  let x = track.xM[gi], y = track.yM[gi];
  let pos = track.distanceM[gi];
  let k = segmentIndexAt(track.segments, pos);
  // integrate from the grid point to s, split at segment boundaries
  for (;;) {
    const seg = track.segments[k];
    const end = Math.min(sw, seg.startM + seg.lengthM);
    if (end > pos) {
      const d = integrateDirection(seg, pos - seg.startM, end - seg.startM);
      x += d.dx;
      y += d.dy;
      pos = end;
    }
    if (pos >= sw || k === track.segments.length - 1) break;
    k++;
  }
  const seg = track.segments[k];
  const u = Math.min(seg.lengthM, sw - seg.startM);
  return {
    xM: x,
    yM: y,
    headingRad: segmentHeading(seg, u),
    curvature: seg.k0 + ((seg.k1 - seg.k0) * u) / seg.lengthM,
    curvatureRate: (seg.k1 - seg.k0) / seg.lengthM,
  };
}

/** Centreline curvature and its rate at s, without the position (cheap). */
export function curvatureAt(track: TrackGeometry, s: number): { curvature: number; curvatureRate: number } {
  const L = track.lengthM;
  let sw = s % L;
  if (sw < 0) sw += L;
  const seg = track.segments[segmentIndexAt(track.segments, sw)];
  const u = sw - seg.startM;
  return { curvature: seg.k0 + ((seg.k1 - seg.k0) * u) / seg.lengthM, curvatureRate: (seg.k1 - seg.k0) / seg.lengthM };
}

export function elevationAt(track: TrackGeometry, s: number): { elevationM: number; gradient: number } {
  const L = track.lengthM;
  let z = track.baseAltitudeM, dz = 0;
  track.elevationHarmonics.forEach((h, i) => {
    const w = (2 * Math.PI * (i + 1)) / L;
    z += h.amplitudeM * Math.sin(w * s + h.phaseRad);
    dz += h.amplitudeM * w * Math.cos(w * s + h.phaseRad);
  });
  return { elevationM: z, gradient: dz };
}

export function buildTrack(layout: TrackLayout = DEMO_LAYOUT, targetStepM = 0.5): TrackGeometry {
  const solved = solveClosure(layout);
  const heading0 = (Math.PI / 180) * (90 - layout.startHeadingDeg);
  const built = buildSegments(solved.items, heading0);
  const L = built.end.s;
  const n = Math.round(L / targetStepM);
  const stepM = L / n;
  const frame = createLocalFrame(layout.originLatDeg, layout.originLonDeg);
  const track: TrackGeometry = {
    name: layout.name,
    lengthM: L,
    widthM: layout.widthM,
    stepM,
    distanceM: new Float64Array(n + 1),
    xM: new Float64Array(n + 1),
    yM: new Float64Array(n + 1),
    headingRad: new Float64Array(n + 1),
    curvature: new Float64Array(n + 1),
    elevationM: new Float64Array(n + 1),
    origin: { latDeg: layout.originLatDeg, lonDeg: layout.originLonDeg, altitudeM: layout.baseAltitudeM },
    startFinish: {
      distanceM: 0, xM: 0, yM: 0, latDeg: layout.originLatDeg, lonDeg: layout.originLonDeg,
      headingDeg: compassFromMathRad(heading0), headingRad: heading0, halfWidthM: layout.widthM / 2,
    },
    corners: [],
    segments: built.segments,
    closure: { cornerAngleDeg: solved.cornerAngleDeg, straightsM: solved.straightsM },
    elevationHarmonics: layout.elevationHarmonics,
    baseAltitudeM: layout.baseAltitudeM,
    frame,
  };
  // the grid, integrated from each segment's exact start state (no drift carried across segments)
  let k = 0;
  for (let i = 0; i <= n; i++) {
    const s = i === n ? L : i * stepM;
    while (k < built.segments.length - 1 && built.segments[k + 1].startM <= s) k++;
    const seg = built.segments[k];
    const u = Math.min(seg.lengthM, s - seg.startM);
    const d = integrateDirection(seg, 0, u);
    track.distanceM[i] = s;
    track.xM[i] = seg.x0 + d.dx;
    track.yM[i] = seg.y0 + d.dy;
    track.headingRad[i] = segmentHeading(seg, u);
    track.curvature[i] = seg.k0 + ((seg.k1 - seg.k0) * u) / seg.lengthM;
    track.elevationM[i] = elevationAt(track, s).elevationM;
  }
  let number = 0;
  solved.items.forEach((item, idx) => {
    if (item.kind !== 'corner') return;
    const first = built.segments[built.itemSegment[idx]];
    const entryM = first.startM;
    const arcM = item.radiusM * Math.abs((item.angleDeg * Math.PI) / 180) - (item.entrySpiralM + item.exitSpiralM) / 2;
    const apexM = entryM + item.entrySpiralM + arcM / 2;
    const exitM = entryM + item.entrySpiralM + arcM + item.exitSpiralM;
    const apex = trackPoseAt(track, apexM);
    const ll = localToGeodetic(frame, apex.xM, apex.yM);
    number++;
    track.corners.push({
      number, name: item.name, character: item.character, direction: item.angleDeg > 0 ? 'left' : 'right',
      radiusM: item.radiusM, angleDeg: item.angleDeg, entryM, apexM, exitM, apexLatDeg: ll.latDeg, apexLonDeg: ll.lonDeg,
    });
  });
  return track;
}

let cached: TrackGeometry | undefined;
/** The demo circuit, built once. */
export function demoTrack(): TrackGeometry {
  cached ??= buildTrack();
  return cached;
}
