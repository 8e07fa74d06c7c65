// The FlowGrid raster as an RGBA image: each 1 m × 1 m cell coloured on the diverging power scale,
// transparent outside the track, rows flipped so that north is up (raster row 0 is the southernmost).

import { divergingT, POWER_RAMP, rampRgb, type SignedLimits } from '../../../workers/energy/view/colour-scale.ts';

/** Odd, so that zero falls exactly on the middle entry. */
const LUT_STEPS = 255;

/** RGBA bytes (cols × rows × 4) of the raster values (kW) on the diverging scale of `limitsKw`. */
export function rasterRgba(valueKw: Float32Array, cols: number, rows: number, limitsKw: SignedLimits): Uint8ClampedArray<ArrayBuffer> {
  if (valueKw.length !== cols * rows) throw new RangeError(`raster: ${valueKw.length} values for ${cols} × ${rows} cells`);
  const lut = new Uint8Array(LUT_STEPS * 3);
  for (let k = 0; k < LUT_STEPS; k++) lut.set(rampRgb(POWER_RAMP, k / (LUT_STEPS - 1)), k * 3);
  const out = new Uint8ClampedArray(new ArrayBuffer(cols * rows * 4));
  for (let r = 0; r < rows; r++) {
    const src = r * cols;
    const dst = (rows - 1 - r) * cols;
    for (let c = 0; c < cols; c++) {
      const v = valueKw[src + c];
      if (Number.isNaN(v)) continue;
      const k = Math.round(divergingT(v, limitsKw) * (LUT_STEPS - 1)) * 3;
      const o = (dst + c) * 4;
      out[o] = lut[k];
      out[o + 1] = lut[k + 1];
      out[o + 2] = lut[k + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}
