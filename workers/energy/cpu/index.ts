// The CPU backend of the energy kernels (float64; runs anywhere: workers, Node, the browser).

import type { EnergyKernels } from '../kernels.ts';
import { binCpu } from './binning.ts';
import { lapMatrixCpu } from './lap-matrix.ts';
import { physicsCpu } from './physics.ts';
import { rasterCpu } from './raster.ts';

export { binCpu, lapMatrixCpu, physicsCpu, rasterCpu };

export function cpuKernels(): EnergyKernels {
  return {
    backend: 'cpu',
    physics: async (input) => physicsCpu(input),
    bin: async (input) => binCpu(input),
    raster: async (input) => rasterCpu(input),
    lapMatrix: async (input) => lapMatrixCpu(input),
    dispose: () => {},
  };
}
