// Vertex buffers of the 3D energy view (three.js, y up): the circuit as a ribbon lifted to a height
// proportional to a per-metre value (power below ground when braking, or speed), with a curtain down to
// the ground, both coloured by the value; and the flat track underneath. Computed in the energy worker.

import { divergingT, POWER_RAMP, rampRgb, sequentialT, SPEED_RAMP, type SignedLimits } from './colour-scale.ts';

export interface RibbonOptions {
  /** One ribbon section every stepM metres (default 2). */
  stepM?: number;
  /** Width of the lifted ribbon and of the track beneath, m. */
  ribbonWidthM?: number;
  trackWidthM?: number;
  /** The tallest value rises this share of the circuit's extent (default 0.12). */
  heightShare?: number;
}

export interface RibbonGeometry {
  /** Ribbon + curtain: xyz per vertex, rgb (0–1) per vertex, triangles. */
  positions: Float32Array;
  colors: Float32Array;
  indices: Uint32Array;
  /** The flat track strip at ground level. */
  groundPositions: Float32Array;
  groundIndices: Uint32Array;
  /** Largest horizontal extent of the circuit, m (for the camera). */
  extentM: number;
  /** Metres of height per unit of the value (one scale for both signs, so heights compare). */
  heightPerUnitM: number;
  /** Where the colour is full: ±limits (signed), or 0…limits.positive. */
  limits: SignedLimits;
  /** Signed values (power, differences) use the diverging scale and may go below ground. */
  signed: boolean;
}

/**
 * `values` per bin (bins = ceil(lap length)); xM / yM / headingRad at the grid points. Signed values are
 * coloured on the diverging scale of `limits`; unsigned ones on 0…limits.positive.
 */
export function ribbonGeometry(
  xM: Float64Array,
  yM: Float64Array,
  headingRad: Float64Array,
  values: Float32Array,
  scale: { signed: boolean; limits: SignedLimits },
  options: RibbonOptions = {},
): RibbonGeometry {
  const step = Math.max(1, Math.round(options.stepM ?? 2));
  const halfRibbon = 0.5 * (options.ribbonWidthM ?? 8);
  const halfTrack = 0.5 * (options.trackWidthM ?? 14);
  const n = Math.min(xM.length, values.length);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < xM.length; i++) {
    x0 = Math.min(x0, xM[i]);
    x1 = Math.max(x1, xM[i]);
    y0 = Math.min(y0, yM[i]);
    y1 = Math.max(y1, yM[i]);
  }
  const cx = 0.5 * (x0 + x1);
  const cy = 0.5 * (y0 + y1);
  const extentM = Math.max(x1 - x0, y1 - y0, 1);
  const limits = scale.limits;
  const tallest = Math.max(scale.signed ? limits.negative : 0, limits.positive) || 1;
  const heightPerUnitM = ((options.heightShare ?? 0.12) * extentM) / tallest;

  const sections = Math.max(2, Math.floor(n / step));
  const positions = new Float32Array(sections * 4 * 3);
  const colors = new Float32Array(sections * 4 * 3);
  const groundPositions = new Float32Array(sections * 2 * 3);
  for (let k = 0; k < sections; k++) {
    const from = k * step;
    const to = Math.min(n, from + step);
    let sum = 0;
    let count = 0;
    for (let j = from; j < to; j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        count++;
      }
    }
    const v = count ? sum / count : 0;
    const i = Math.min(xM.length - 1, from);
    // three.js: x east, y up, z south (so that north is away from a camera looking down −z)
    const px = xM[i] - cx;
    const pz = -(yM[i] - cy);
    const h = headingRad[i];
    // the left normal of the direction of travel, in (x, z)
    const nx = -Math.sin(h);
    const nz = -Math.cos(h);
    const height = Math.max(-tallest, Math.min(tallest, v)) * heightPerUnitM;
    const t = scale.signed ? divergingT(v, limits) : sequentialT(v, 0, limits.positive);
    const [r, g, b] = rampRgb(scale.signed ? POWER_RAMP : SPEED_RAMP, t);
    const o = k * 12;
    const set = (slot: number, x: number, y: number, z: number, shade: number) => {
      positions.set([x, y, z], o + slot * 3);
      colors.set([(r / 255) * shade, (g / 255) * shade, (b / 255) * shade], o + slot * 3);
    };
    set(0, px + nx * halfRibbon, height, pz + nz * halfRibbon, 1);
    set(1, px - nx * halfRibbon, height, pz - nz * halfRibbon, 1);
    set(2, px, height, pz, 0.85);
    set(3, px, 0, pz, 0.35);
    groundPositions.set([px + nx * halfTrack, -0.05, pz + nz * halfTrack, px - nx * halfTrack, -0.05, pz - nz * halfTrack], k * 6);
  }
  const indices = new Uint32Array(sections * 12);
  const groundIndices = new Uint32Array(sections * 6);
  for (let k = 0; k < sections; k++) {
    const a = k * 4;
    const b = ((k + 1) % sections) * 4;
    indices.set([a, a + 1, b, a + 1, b + 1, b, a + 2, a + 3, b + 2, a + 3, b + 3, b + 2], k * 12);
    const ga = k * 2;
    const gb = ((k + 1) % sections) * 2;
    groundIndices.set([ga, ga + 1, gb, ga + 1, gb + 1, gb], k * 6);
  }
  return { positions, colors, indices, groundPositions, groundIndices, extentM, heightPerUnitM, limits, signed: scale.signed };
}

export function ribbonTransferables(r: RibbonGeometry): ArrayBuffer[] {
  return [r.positions.buffer, r.colors.buffer, r.indices.buffer, r.groundPositions.buffer, r.groundIndices.buffer] as ArrayBuffer[];
}
