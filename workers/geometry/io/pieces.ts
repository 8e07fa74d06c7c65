// Line pieces as readers find them (a GPX segment, a KML LineString, a shapefile part) and how several
// are joined into one closed track line: chained end to end when their ends meet, else the longest kept.

import type { TrackPoint, TrackSource, TrackSourceFormat } from '../types.ts';

/** One piece: `a`/`b` are lon/lat in degrees (geographic) or x/y in metres (local); c = elevation or NaN. */
export interface LinePiece {
  a: number[];
  b: number[];
  c: number[];
}

export function newPiece(): LinePiece {
  return { a: [], b: [], c: [] };
}

const M_PER_DEG = 111_320;

function gapM(geographic: boolean, a1: number, b1: number, a2: number, b2: number): number {
  if (!geographic) return Math.hypot(a2 - a1, b2 - b1);
  const k = Math.cos(((b1 + b2) / 2) * (Math.PI / 180));
  return Math.hypot((a2 - a1) * k * M_PER_DEG, (b2 - b1) * M_PER_DEG);
}

function pieceLength(p: LinePiece, geographic: boolean): number {
  let s = 0;
  for (let i = 1; i < p.a.length; i++) s += gapM(geographic, p.a[i - 1], p.b[i - 1], p.a[i], p.b[i]);
  return s;
}

function reversed(p: LinePiece): LinePiece {
  return { a: [...p.a].reverse(), b: [...p.b].reverse(), c: [...p.c].reverse() };
}

/**
 * Joins pieces into one line: starting from the longest, repeatedly appends the piece (either way round)
 * whose end is nearest to the chain's end, when within joinToleranceM. Pieces that do not join are left
 * out (reported in warnings).
 */
export function assemblePieces(
  pieces: LinePiece[],
  geographic: boolean,
  warnings: string[],
  joinToleranceM = 30,
): LinePiece | null {
  const usable = pieces.filter((p) => p.a.length >= 2);
  if (usable.length === 0) return null;
  usable.sort((x, y) => pieceLength(y, geographic) - pieceLength(x, geographic));
  let chain = usable.shift()!;
  if (usable.length === 0) return chain;
  const rest = [...usable];
  for (;;) {
    const ta = chain.a[chain.a.length - 1];
    const tb = chain.b[chain.b.length - 1];
    let best = -1;
    let bestGap = Infinity;
    let flip = false;
    rest.forEach((p, i) => {
      const g0 = gapM(geographic, ta, tb, p.a[0], p.b[0]);
      const g1 = gapM(geographic, ta, tb, p.a[p.a.length - 1], p.b[p.b.length - 1]);
      if (g0 < bestGap) [best, bestGap, flip] = [i, g0, false];
      if (g1 < bestGap) [best, bestGap, flip] = [i, g1, true];
    });
    if (best < 0 || bestGap > joinToleranceM) break;
    const next = flip ? reversed(rest[best]) : rest[best];
    rest.splice(best, 1);
    const skip = bestGap < 1e-6 ? 1 : 0;
    chain = { a: chain.a.concat(next.a.slice(skip)), b: chain.b.concat(next.b.slice(skip)), c: chain.c.concat(next.c.slice(skip)) };
  }
  if (rest.length > 0) warnings.push(`${rest.length} line piece(s) did not join the track line and were left out`);
  return chain;
}

/** Builds a TrackSource from an assembled piece. */
export function sourceFromPiece(
  piece: LinePiece,
  geographic: boolean,
  meta: { name: string; sourceFormat: TrackSourceFormat; sourceFile: string; startFinish?: TrackPoint; warnings: string[] },
): TrackSource {
  const elevation = Float64Array.from(piece.c);
  const hasElevation = elevation.some((v) => Number.isFinite(v));
  const src: TrackSource = {
    name: meta.name,
    sourceFormat: meta.sourceFormat,
    sourceFile: meta.sourceFile,
    points: geographic
      ? { frame: 'wgs84', lonDeg: Float64Array.from(piece.a), latDeg: Float64Array.from(piece.b) }
      : { frame: 'local', xM: Float64Array.from(piece.a), yM: Float64Array.from(piece.b) },
  };
  if (hasElevation) src.elevationM = elevation;
  if (meta.startFinish) src.startFinish = meta.startFinish;
  if (meta.warnings.length) src.warnings = meta.warnings;
  return src;
}

export function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const b = file.slice(slash + 1);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
}

/** Decodes bytes as UTF-8 (BOM dropped). */
export function decodeText(data: Uint8Array | string): string {
  const s = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** True for a plausible latitude/longitude pair. */
export function isLatLon(latDeg: number, lonDeg: number): boolean {
  return Math.abs(latDeg) <= 90 && Math.abs(lonDeg) <= 180;
}

/** Name matches a start/finish marker. */
export function isStartFinishName(name: string | undefined): boolean {
  return !!name && /start|finish|s\/f|\bsf\b|ziel/i.test(name);
}
