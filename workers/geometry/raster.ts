// Rasterises the 1 m grid onto 1 m × 1 m cells around the circuit: each cell holds the index of the nearest
// grid point when the cell centre lies within the track width there (±defaultHalfWidthM where unknown), else -1.
// Compact (Int32Array), the base for heat maps.

import type { TrackGrid, TrackRaster } from './types.ts';

export const DEFAULT_HALF_WIDTH_M = 8;

export function rasterizeTrack(grid: TrackGrid, defaultHalfWidthM = DEFAULT_HALF_WIDTH_M, cellSizeM = 1): TrackRaster {
  const n = grid.xM.length;
  const left = (i: number): number => (grid.widthLeftM ? grid.widthLeftM[i] : defaultHalfWidthM);
  const right = (i: number): number => (grid.widthRightM ? grid.widthRightM[i] : defaultHalfWidthM);
  let reach = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    reach = Math.max(reach, left(i), right(i));
    minX = Math.min(minX, grid.xM[i]);
    maxX = Math.max(maxX, grid.xM[i]);
    minY = Math.min(minY, grid.yM[i]);
    maxY = Math.max(maxY, grid.yM[i]);
  }
  reach += cellSizeM;
  const originXM = Math.floor((minX - reach) / cellSizeM) * cellSizeM;
  const originYM = Math.floor((minY - reach) / cellSizeM) * cellSizeM;
  const cols = Math.ceil((maxX + reach - originXM) / cellSizeM);
  const rows = Math.ceil((maxY + reach - originYM) / cellSizeM);
  const cellIndex = new Int32Array(cols * rows).fill(-1);
  const bestD2 = new Float32Array(cols * rows).fill(Infinity);
  const r = Math.ceil(reach / cellSizeM);
  for (let i = 0; i < n; i++) {
    const x = grid.xM[i];
    const y = grid.yM[i];
    const cc = Math.floor((x - originXM) / cellSizeM);
    const rc = Math.floor((y - originYM) / cellSizeM);
    for (let row = Math.max(0, rc - r); row <= Math.min(rows - 1, rc + r); row++) {
      const cy = originYM + (row + 0.5) * cellSizeM - y;
      for (let col = Math.max(0, cc - r); col <= Math.min(cols - 1, cc + r); col++) {
        const cx = originXM + (col + 0.5) * cellSizeM - x;
        const d2 = cx * cx + cy * cy;
        const cell = row * cols + col;
        if (d2 < bestD2[cell]) {
          bestD2[cell] = d2;
          cellIndex[cell] = i;
        }
      }
    }
  }
  // Keep a cell only when its centre is inside the width at its nearest grid point.
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      const i = cellIndex[cell];
      if (i < 0) continue;
      const cx = originXM + (col + 0.5) * cellSizeM - grid.xM[i];
      const cy = originYM + (row + 0.5) * cellSizeM - grid.yM[i];
      const h = grid.headingRad[i];
      const lateral = -Math.sin(h) * cx + Math.cos(h) * cy;
      const along = Math.cos(h) * cx + Math.sin(h) * cy;
      const inside = lateral <= left(i) && -lateral <= right(i) && Math.abs(along) <= cellSizeM;
      if (!inside) cellIndex[cell] = -1;
    }
  }
  return { originXM, originYM, cellSizeM, cols, rows, cellIndex };
}

/** Grid index at (xM, yM), or -1 outside the raster or the track. */
export function rasterLookup(raster: TrackRaster, xM: number, yM: number): number {
  const col = Math.floor((xM - raster.originXM) / raster.cellSizeM);
  const row = Math.floor((yM - raster.originYM) / raster.cellSizeM);
  if (col < 0 || row < 0 || col >= raster.cols || row >= raster.rows) return -1;
  return raster.cellIndex[row * raster.cols + col];
}
