// The buffers of a TrackModel's typed arrays, to transfer (not copy) the model across a worker boundary.

import type { TrackModel } from './types.ts';

export function trackModelTransferables(model: TrackModel): ArrayBuffer[] {
  const g = model.grid;
  const arrays = [g.distanceM, g.xM, g.yM, g.headingRad, g.curvaturePerM, g.widthLeftM, g.widthRightM, g.elevationM, model.raster.cellIndex];
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  return [...out];
}
