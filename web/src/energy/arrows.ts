// Energy arrows of the FlowGrid, thinned for legibility: the per-metre net energy vectors summed over
// stretches of the lap, one arrow per stretch at its middle, pointing along the direction of travel for
// traction and against it for braking, with a length ∝ the stretch's mean energy per metre.

export interface FlowArrow {
  /** Middle of the stretch on the reference line, local metres. */
  xM: number;
  yM: number;
  /** Mean energy vector over the stretch, J per metre (x east, y north). */
  vxJm: number;
  vyJm: number;
  /** Its signed size: + along the direction of travel (traction), − against it (braking), J/m. */
  alongJm: number;
  startM: number;
  endM: number;
}

/** One arrow per `spacingM` metres of the lap (vectors per bin; xM / yM at the grid points). */
export function thinArrows(xM: ArrayLike<number>, yM: ArrayLike<number>, headingRad: ArrayLike<number>, vectorXJ: ArrayLike<number>, vectorYJ: ArrayLike<number>, spacingM: number): FlowArrow[] {
  const bins = vectorXJ.length;
  const step = Math.max(1, Math.round(spacingM));
  const arrows: FlowArrow[] = [];
  for (let from = 0; from + step <= bins; from += step) {
    let sx = 0;
    let sy = 0;
    for (let j = from; j < from + step; j++) {
      sx += vectorXJ[j];
      sy += vectorYJ[j];
    }
    const mid = Math.min(xM.length - 1, from + Math.floor(step / 2));
    const vx = sx / step;
    const vy = sy / step;
    const h = headingRad[mid];
    arrows.push({ xM: xM[mid], yM: yM[mid], vxJm: vx, vyJm: vy, alongJm: vx * Math.cos(h) + vy * Math.sin(h), startM: from, endM: from + step });
  }
  return arrows;
}

/** The arrow size drawn at full length: the 95th percentile of the arrows' sizes (so a few spikes do not shrink the rest). */
export function arrowReferenceJm(arrows: readonly FlowArrow[]): number {
  const sizes = arrows.map((a) => Math.hypot(a.vxJm, a.vyJm)).sort((a, b) => a - b);
  if (sizes.length === 0) return 1;
  return Math.max(1e-9, sizes[Math.min(sizes.length - 1, Math.floor(0.95 * (sizes.length - 1)))]);
}
