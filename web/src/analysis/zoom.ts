// The distance window of the lap-compare charts: zoom about a point, pan, two-finger pinch, and the
// window of a corner; every window stays inside [0, lap length] and at least MIN_SPAN_M wide.

export interface XRange {
  minM: number;
  maxM: number;
}

/** Narrowest window the charts zoom to, m. */
export const MIN_SPAN_M = 20;
/** Space shown before a corner's entry and after its exit, m. */
export const CORNER_MARGIN_M = 50;

export function clampRange(r: XRange, lengthM: number, minSpanM = MIN_SPAN_M): XRange {
  const span = Math.min(lengthM, Math.max(minSpanM, r.maxM - r.minM));
  let min = r.minM;
  if (!(min >= 0)) min = 0;
  if (min + span > lengthM) min = lengthM - span;
  return { minM: min, maxM: min + span };
}

/** Scales the window by `factor` (< 1 zooms in) keeping `centreM` at the same place on screen. */
export function zoomAround(r: XRange, centreM: number, factor: number, lengthM: number): XRange {
  const c = Math.min(r.maxM, Math.max(r.minM, centreM));
  return clampRange({ minM: c - (c - r.minM) * factor, maxM: c + (r.maxM - c) * factor }, lengthM);
}

export function panBy(r: XRange, deltaM: number, lengthM: number): XRange {
  const span = r.maxM - r.minM;
  const min = Math.min(lengthM - span, Math.max(0, r.minM + deltaM));
  return { minM: min, maxM: min + span };
}

/**
 * The window that keeps the distances under two fingers at start (`fromPx`, pixels from the plot's left
 * edge, plot `widthPx` wide, window `start`) under the fingers now (`toPx`). Fingers closer than 12 px
 * only pan.
 */
export function pinchRange(start: XRange, widthPx: number, fromPx: [number, number], toPx: [number, number], lengthM: number): XRange {
  const span0 = start.maxM - start.minM;
  const at = (px: number) => start.minM + (px / widthPx) * span0;
  const [a0, b0] = fromPx;
  const [a1, b1] = toPx;
  if (Math.abs(b1 - a1) < 12 || Math.abs(b0 - a0) < 12) {
    const mid0 = at((a0 + b0) / 2);
    const min = mid0 - ((a1 + b1) / 2 / widthPx) * span0;
    return clampRange({ minM: min, maxM: min + span0 }, lengthM);
  }
  const va = at(a0);
  const vb = at(b0);
  const span = ((vb - va) * widthPx) / (b1 - a1);
  if (!(span > 0)) return start;
  const min = va - (a1 / widthPx) * span;
  return clampRange({ minM: min, maxM: min + span }, lengthM);
}

/**
 * A corner's entry − margin … exit + margin. A corner across the start/finish line (entry > exit) shows
 * its longer part: up to the end of the lap, or from its start.
 */
export function cornerWindow(corner: { entryM: number; exitM: number }, lengthM: number, marginM = CORNER_MARGIN_M): XRange {
  if (corner.entryM <= corner.exitM) return clampRange({ minM: corner.entryM - marginM, maxM: corner.exitM + marginM }, lengthM, 0);
  if (lengthM - corner.entryM >= corner.exitM) return clampRange({ minM: corner.entryM - marginM, maxM: lengthM }, lengthM, 0);
  return clampRange({ minM: 0, maxM: corner.exitM + marginM }, lengthM, 0);
}
