// Picks the energy kernels' backend: WebGPU when an adapter and device are available (and not refused),
// else the CPU; always says which path it used and, for WebGPU, which adapter.

import { cpuKernels } from './cpu/index.ts';
import { requestGpuDevice, type AdapterInfoLite } from './gpu/device.ts';
import { webGpuKernels } from './gpu/webgpu-kernels.ts';
import type { EnergyBackendName, EnergyKernels } from './kernels.ts';

export type BackendPreference = 'auto' | 'webgpu' | 'cpu';

export interface BackendInfo {
  backend: EnergyBackendName;
  adapterInfo: AdapterInfoLite | null;
  /** Why the CPU was used when WebGPU was not refused. */
  reason?: string;
}

export interface PickedBackend {
  kernels: EnergyKernels;
  info: BackendInfo;
}

/** 'auto' falls back to the CPU; 'webgpu' throws when there is no adapter; 'cpu' never touches WebGPU. */
export async function pickEnergyBackend(prefer: BackendPreference = 'auto'): Promise<PickedBackend> {
  if (prefer === 'cpu') return { kernels: cpuKernels(), info: { backend: 'cpu', adapterInfo: null, reason: 'CPU requested' } };
  const gpu = await requestGpuDevice();
  if ('device' in gpu) return { kernels: webGpuKernels(gpu), info: { backend: 'webgpu', adapterInfo: gpu.adapterInfo } };
  if (prefer === 'webgpu') throw new Error(`WebGPU requested but unavailable: ${gpu.reason}`);
  return { kernels: cpuKernels(), info: { backend: 'cpu', adapterInfo: null, reason: gpu.reason } };
}
