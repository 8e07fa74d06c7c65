// The 1 m × 1 m raster on the CPU: each track cell takes its grid metre's value and energy vector
// (value × direction of travel); cells off the track get 0. Same gather as gpu/raster.wgsl.ts.

import type { RasterInput, RasterOutput } from '../kernels.ts';

export function rasterCpu(input: RasterInput): RasterOutput {
  const { values, dirX, dirY, cellIndex } = input;
  const m = values.length;
  if (dirX.length !== m || dirY.length !== m) throw new RangeError(`raster input: ${m} values but ${dirX.length}/${dirY.length} directions`);
  const cells = cellIndex.length;
  const value = new Float64Array(cells);
  const vectorX = new Float64Array(cells);
  const vectorY = new Float64Array(cells);
  for (let c = 0; c < cells; c++) {
    const k = cellIndex[c];
    if (k < 0 || k >= m) continue;
    const v = values[k];
    value[c] = v;
    vectorX[c] = v * dirX[k];
    vectorY[c] = v * dirY[k];
  }
  return { value, vectorX, vectorY };
}
