/// <reference types="@webgpu/types" />
// The energy test page (built by vite, driven by tests/browser/webgpu-parity.ts and bench/energy.ts):
// picks the backend, runs every kernel on the CPU and WebGPU paths with the datasets it is given, checks
// the energy worker's WebGPU path, and times kernels. Exposed as window.etmEnergy.

import * as Comlink from 'comlink';
import { pickEnergyBackend, type BackendInfo } from '../../../workers/energy/backend.ts';
import { cpuKernels } from '../../../workers/energy/cpu/index.ts';
import type { EnergyWorkerApi } from '../../../workers/energy/energy.worker.ts';
import { kernelDataset, type KernelDataset } from '../../../workers/energy/kernel-dataset.ts';
import { timeKernel } from '../../../workers/energy/kernel-timing.ts';
import type { LapSamples } from '../../../workers/energy/lap-samples.ts';
import { compareArrays, cpuPathChecks, kahanParity, kahanProbe, kernelParity, PARITY_RTOL, type ParityCheck } from '../../../workers/energy/parity.ts';
import { replicateLaps } from '../../../workers/energy/replicate-laps.ts';
import { unpackBinary } from '../../../workers/energy/transport.ts';
import type { EnergyVehicleParams } from '../../../workers/energy/vehicle-params.ts';

/** A parity dataset as shipped by the Node side: the kernel inputs and Node's CPU checksums. */
export interface ShippedDataset {
  dataset: KernelDataset;
  reference: Record<string, number>;
}

export interface ParityReport {
  backend: BackendInfo;
  checks: ParityCheck[];
}

export interface BenchRow {
  laps: number;
  samples: number;
  pairMetres: number;
  path: 'cpu' | 'webgpu';
  physicsMs: number;
  matrixMs: number;
}

async function load<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return unpackBinary<T>(await r.arrayBuffer());
}

const status = (s: string) => { document.getElementById('status')!.textContent = s; };

const api = {
  async parity(urls: string[]): Promise<ParityReport> {
    const picked = await pickEnergyBackend('auto');
    const cpu = cpuKernels();
    const checks: ParityCheck[] = [];
    for (const url of urls) {
      const { dataset, reference } = await load<ShippedDataset>(url);
      status(`${dataset.name}: CPU path`);
      checks.push(...(await cpuPathChecks(cpu, dataset, reference)));
      if (picked.info.backend === 'webgpu') {
        status(`${dataset.name}: CPU vs WebGPU`);
        checks.push(...(await kernelParity(cpu, picked.kernels, dataset)));
      }
    }
    if (picked.info.backend === 'webgpu') checks.push(...(await kahanParity(cpu, picked.kernels)));
    picked.kernels.dispose();
    status('done');
    return { backend: picked.info, checks };
  },

  /** The energy worker picks WebGPU too, and its physics kernel matches the CPU in this page. */
  async workerCheck(url: string): Promise<{ backend: BackendInfo; checks: ParityCheck[] }> {
    const worker = new Worker(new URL('../../../workers/energy/energy.worker.ts', import.meta.url), { type: 'module' });
    const remote = Comlink.wrap<EnergyWorkerApi>(worker);
    try {
      const backend = await remote.init('auto');
      const { dataset } = await load<ShippedDataset>(url);
      const viaWorker = await remote.physics(dataset.physics);
      const cpu = await cpuKernels().physics(dataset.physics);
      const rtol = backend.backend === 'webgpu' ? PARITY_RTOL.physics : 0;
      const checks = (['tractionW', 'brakeFrontW', 'kineticJ'] as const).map((k) => compareArrays(dataset.name, `energy.worker (${backend.backend}) physics`, k, cpu[k], viaWorker[k], rtol));
      const m = await remote.lapMatrixKernel(kahanProbe());
      checks.push(compareArrays('kahan probe', `energy.worker (${backend.backend}) lap-matrix`, 'tractionDiffJ', [0, 10_000 + 3999 * 0.0004, -(10_000 + 3999 * 0.0004), 0], m.values.tractionDiffJ, PARITY_RTOL.kahan));
      return { backend, checks };
    } finally {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    }
  },

  /** Samples/s of the physics and pair-metres/s of the lap matrix, CPU and (where an adapter exists) WebGPU. */
  async bench(url: string, lapCounts: number[]): Promise<{ backend: BackendInfo; rows: BenchRow[] }> {
    const { laps, vehicle } = await load<{ laps: LapSamples[]; vehicle: EnergyVehicleParams }>(url);
    const picked = await pickEnergyBackend('auto');
    const paths = picked.info.backend === 'webgpu' ? [cpuKernels(), picked.kernels] : [cpuKernels()];
    const small = kernelDataset('warm-up', laps.slice(0, 1), vehicle, null);
    const rows: BenchRow[] = [];
    for (const count of lapCounts) {
      status(`building ${count} laps`);
      const ds = kernelDataset(`${count} laps`, replicateLaps(laps, count), vehicle, null);
      for (const k of paths) {
        status(`${count} laps on ${k.backend}`);
        const phys = await timeKernel(() => k.physics(ds.physics), () => k.physics(small.physics), 1000, 2);
        const mat = await timeKernel(() => k.lapMatrix(ds.lapMatrix), () => k.lapMatrix(small.lapMatrix), 0, 1);
        rows.push({ laps: count, samples: ds.samples, pairMetres: count * count * ds.bins, path: k.backend, physicsMs: phys.bestMs, matrixMs: mat.bestMs });
      }
    }
    picked.kernels.dispose();
    status('done');
    return { backend: picked.info, rows };
  },
};

export type EnergyPageApi = typeof api;
(window as unknown as { etmEnergy: EnergyPageApi }).etmEnergy = api;
status('ready');
