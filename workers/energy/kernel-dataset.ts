// A self-contained set of inputs for the four kernels, built from laps of a session (the demo, a real
// file, or replicated laps for the bench): what the CPU/WebGPU parity test and the bench run on both paths.

import type { TrackModel } from '../geometry/types.ts';
import { binCpu } from './cpu/binning.ts';
import { physicsCpu } from './cpu/physics.ts';
import { BINNED_POWERS, physicsParams, type BinComponent, type BinInput, type BinnedPower, type LapMatrixInput, type PhysicsInput, type RasterInput } from './kernels.ts';
import { concatLaps } from './lap-energy.ts';
import type { LapSamples } from './lap-samples.ts';
import { lapMatrixInput, rasterInput, type LapMatrixSource } from './session-energy.ts';
import type { EnergyVehicleParams } from './vehicle-params.ts';

export interface KernelDataset {
  name: string;
  laps: number;
  samples: number;
  bins: number;
  physics: PhysicsInput;
  /** Binning input; its powers are the CPU physics outputs. */
  bin: BinInput;
  /** Raster of the first lap's net wheel energy per metre (null without a track model). */
  raster: RasterInput | null;
  lapMatrix: LapMatrixInput;
}

/** The kernel inputs of laps on one grid (CPU physics and binning make the later kernels' inputs). */
export function kernelDataset(name: string, laps: LapSamples[], vehicle: EnergyVehicleParams, model: TrackModel | null): KernelDataset {
  if (laps.length === 0) throw new RangeError(`${name}: no laps`);
  const cat = concatLaps(laps);
  const physics: PhysicsInput = { params: physicsParams(vehicle), samples: cat.inputs };
  const out = physicsCpu(physics);
  const powers = {} as Record<BinnedPower, Float64Array>;
  for (const p of BINNED_POWERS) powers[p] = out[p];
  const bins = laps[0].bins;
  const bin: BinInput = { bins, lapStarts: cat.lapStarts, binIndex: cat.binIndex, binFrac: cat.binFrac, dtS: cat.dtS, powers };
  const binned = binCpu(bin);
  const perMetre: LapMatrixSource[] = laps.map((l, k) => {
    const slice = (c: BinComponent) => binned.values[c].subarray(k * bins, (k + 1) * bins);
    return { bins, timeS: l.gridTimeS, values: { tractionJ: slice('tractionJ'), brakeFrontJ: slice('brakeFrontJ'), brakeRearJ: slice('brakeRearJ'), engineBrakeJ: slice('engineBrakeJ') } };
  });
  const lapMatrix = lapMatrixInput(perMetre);
  let raster: RasterInput | null = null;
  if (model) {
    const w = new Float64Array(bins);
    const v = perMetre[0].values;
    for (let j = 0; j < bins; j++) w[j] = v.tractionJ[j] - v.brakeFrontJ[j] - v.brakeRearJ[j] - v.engineBrakeJ[j];
    raster = rasterInput(model, w);
  }
  return { name, laps: laps.length, samples: cat.binIndex.length, bins, physics, bin, raster, lapMatrix };
}
