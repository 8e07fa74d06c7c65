// Track-map geometry on a canvas: fitting local metres (east/north) into the canvas with north up, the
// nearest line point to a pointer, and where a corner label sits (outside the corner at its apex).

export interface MapTransform {
  /** Canvas pixels per metre. */
  scale: number;
  /** Canvas position of x = 0 and y = 0 (y grows downwards on the canvas, northwards in metres). */
  originX: number;
  originY: number;
}

export function fitTransform(xs: ArrayLike<number>, ys: ArrayLike<number>, widthPx: number, heightPx: number, paddingPx: number): MapTransform {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    x0 = Math.min(x0, xs[i]);
    x1 = Math.max(x1, xs[i]);
    y0 = Math.min(y0, ys[i]);
    y1 = Math.max(y1, ys[i]);
  }
  if (!Number.isFinite(x0)) return { scale: 1, originX: widthPx / 2, originY: heightPx / 2 };
  const w = Math.max(1e-6, x1 - x0);
  const h = Math.max(1e-6, y1 - y0);
  const scale = Math.max(1e-6, Math.min((widthPx - 2 * paddingPx) / w, (heightPx - 2 * paddingPx) / h));
  return { scale, originX: widthPx / 2 - scale * ((x0 + x1) / 2), originY: heightPx / 2 + scale * ((y0 + y1) / 2) };
}

export function toCanvas(t: MapTransform, xM: number, yM: number): [number, number] {
  return [t.originX + t.scale * xM, t.originY - t.scale * yM];
}

export function toMetres(t: MapTransform, px: number, py: number): [number, number] {
  return [(px - t.originX) / t.scale, (t.originY - py) / t.scale];
}

/** Index of the point nearest to (x, y) and its distance (same units as the points); -1 when none. */
export function nearestIndex(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number): { index: number; distance: number } {
  let best = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - x;
    const dy = ys[i] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return { index: best, distance: Math.sqrt(bestD2) };
}

/**
 * Where to put a corner's label, in metres: `offsetM` from the line at grid index `apex`, on the outside
 * of the turn ('left' turns have their outside on the right of the direction of travel).
 */
export function labelPosition(xs: ArrayLike<number>, ys: ArrayLike<number>, apex: number, direction: 'left' | 'right', offsetM: number): [number, number] {
  const n = xs.length;
  const a = (apex - 3 + n) % n;
  const b = (apex + 3) % n;
  const dx = xs[b] - xs[a];
  const dy = ys[b] - ys[a];
  const len = Math.hypot(dx, dy) || 1;
  // left normal of the direction of travel
  const nx = -dy / len;
  const ny = dx / len;
  const side = direction === 'left' ? -1 : 1;
  return [xs[apex] + side * nx * offsetM, ys[apex] + side * ny * offsetM];
}
