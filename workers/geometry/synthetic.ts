// Exact synthetic layouts for tests and demos: "turtle" paths of straights and circular arcs with known
// length, curvature and corner positions (including a figure-eight), plus circle and ellipse samplers.

export type TurtleSegment = { straightM: number } | { arcRadiusM: number; turnDeg: number };

export interface TurtlePath {
  segments: TurtleSegment[];
  lengthM: number;
  /** Start distance of each segment along the path. */
  startsM: number[];
}

export function turtlePath(segments: TurtleSegment[]): TurtlePath {
  const startsM: number[] = [];
  let s = 0;
  for (const seg of segments) {
    startsM.push(s);
    s += segmentLength(seg);
  }
  return { segments, lengthM: s, startsM };
}

function segmentLength(seg: TurtleSegment): number {
  return 'straightM' in seg ? seg.straightM : (seg.arcRadiusM * Math.abs(seg.turnDeg) * Math.PI) / 180;
}

/** Position, heading and curvature (+ left) at distance s along the path, starting at (x0, y0, heading0). */
export function turtleAt(
  path: TurtlePath,
  sIn: number,
  start = { xM: 0, yM: 0, headingRad: 0 },
): { xM: number; yM: number; headingRad: number; curvaturePerM: number } {
  const L = path.lengthM;
  let s = ((sIn % L) + L) % L;
  let x = start.xM;
  let y = start.yM;
  let h = start.headingRad;
  for (const seg of path.segments) {
    const len = segmentLength(seg);
    const d = Math.min(s, len);
    if ('straightM' in seg) {
      x += d * Math.cos(h);
      y += d * Math.sin(h);
      if (s <= len) return { xM: x, yM: y, headingRad: h, curvaturePerM: 0 };
    } else {
      const k = (Math.sign(seg.turnDeg) || 1) / seg.arcRadiusM;
      const h1 = h + k * d;
      x += (Math.sin(h1) - Math.sin(h)) / k;
      y += (Math.cos(h) - Math.cos(h1)) / k;
      h = h1;
      if (s <= len) return { xM: x, yM: y, headingRad: h, curvaturePerM: k };
    }
    s -= len;
  }
  return { xM: x, yM: y, headingRad: h, curvaturePerM: 0 };
}

/** Samples the path every ~stepM metres, each station jittered by ±jitter·stepM along the path (deterministic). */
export function sampleTurtle(path: TurtlePath, stepM: number, jitter = 0.3, start?: { xM: number; yM: number; headingRad: number }) {
  const n = Math.round(path.lengthM / stepM);
  const xM = new Float64Array(n);
  const yM = new Float64Array(n);
  const h = path.lengthM / n;
  for (let i = 0; i < n; i++) {
    const p = turtleAt(path, i === 0 ? 0 : (i + jitter * Math.sin(1.7 * i)) * h, start);
    xM[i] = p.xM;
    yM[i] = p.yM;
  }
  return { xM, yM };
}

/**
 * Figure-eight: two circles of radius r whose centres are 2d apart, joined by the two internal tangents that
 * cross at the origin. The path starts at the crossing heading up-right, turns right round the right-hand
 * circle, crosses, and turns left round the left-hand circle.
 */
export function figureEight(radiusM: number, halfCentreDistanceM: number): { path: TurtlePath; start: { xM: number; yM: number; headingRad: number } } {
  const beta = Math.asin(radiusM / halfCentreDistanceM);
  const leg = Math.sqrt(halfCentreDistanceM ** 2 - radiusM ** 2);
  const turnDeg = ((Math.PI + 2 * beta) * 180) / Math.PI;
  const path = turtlePath([
    { straightM: leg },
    { arcRadiusM: radiusM, turnDeg: -turnDeg },
    { straightM: 2 * leg },
    { arcRadiusM: radiusM, turnDeg },
    { straightM: leg },
  ]);
  return { path, start: { xM: 0, yM: 0, headingRad: beta } };
}

export function sampleEllipse(aM: number, bM: number, n: number): { xM: Float64Array; yM: Float64Array } {
  const xM = new Float64Array(n);
  const yM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    xM[i] = aM * Math.cos(t);
    yM[i] = bM * Math.sin(t);
  }
  return { xM, yM };
}

/** Curvature of the ellipse x = a cos t, y = b sin t at the point nearest (xM, yM) (t from the point's angle). */
export function ellipseCurvature(aM: number, bM: number, xM: number, yM: number): number {
  const t = Math.atan2(yM / bM, xM / aM);
  return (aM * bM) / (aM * aM * Math.sin(t) ** 2 + bM * bM * Math.cos(t) ** 2) ** 1.5;
}

export { gaussian, seededRandom } from '../model/random.ts';
