/// <reference types="@webgpu/types" />
// The WebGPU backend of the energy kernels: packs the inputs as float32 (positions as metre + fraction,
// durations and time offsets computed in float64 first), runs the WGSL kernels and unpacks the outputs
// into the same shapes as the CPU backend (as float64 arrays holding float32 values).

import {
  BIN_COMPONENTS,
  BINNED_POWERS,
  LAP_MATRIX_OUTPUTS,
  PHYSICS_INPUTS,
  PHYSICS_OUTPUTS,
  type BinComponent,
  type BinInput,
  type BinOutput,
  type EnergyKernels,
  type LapMatrixInput,
  type LapMatrixOutput,
  type LapMatrixOutputName,
  type PhysicsInput,
  type PhysicsOutput,
  type RasterInput,
  type RasterOutput,
} from '../kernels.ts';
import { BINNING_WGSL } from './binning.wgsl.ts';
import { dispatchSize, outputBuffer, pipelineFor, runAndRead, storageBuffer, uniformBuffer, type GpuDevice } from './device.ts';
import { LAP_MATRIX_WGSL } from './lap-matrix.wgsl.ts';
import { PHYSICS_WGSL } from './physics.wgsl.ts';
import { RASTER_WGSL } from './raster.wgsl.ts';

/** SoA float32 copy of several equally long arrays. */
function packF32(arrays: ArrayLike<number>[], n: number): Float32Array {
  const out = new Float32Array(arrays.length * n);
  arrays.forEach((a, k) => out.set(a, k * n));
  return out;
}

function unpack<K extends string>(names: readonly K[], data: Float32Array, n: number): Record<K, Float64Array> {
  const out = {} as Record<K, Float64Array>;
  names.forEach((name, k) => { out[name] = Float64Array.from(data.subarray(k * n, (k + 1) * n)); });
  return out;
}

function destroyAll(buffers: GPUBuffer[]): void {
  for (const b of buffers) b.destroy();
}

export function webGpuKernels(g: GpuDevice): EnergyKernels {
  return {
    backend: 'webgpu',

    async physics(input: PhysicsInput): Promise<PhysicsOutput> {
      const n = input.samples.speedMs.length;
      const pipeline = await pipelineFor(g, 'energy-physics', PHYSICS_WGSL);
      const p = input.params;
      const u = new ArrayBuffer(32);
      new Float32Array(u, 0, 7).set([p.massKg, p.halfRhoCdA, p.rollingResistance, p.gravityMs2, p.yawInertiaKgM2, p.brakeBalanceFront, p.brakeFullBar]);
      new Uint32Array(u, 28, 1)[0] = n;
      const bufs = [
        uniformBuffer(g, u, 'physics params'),
        storageBuffer(g, packF32(PHYSICS_INPUTS.map((k) => input.samples[k]), n), 'physics inputs'),
        outputBuffer(g, PHYSICS_OUTPUTS.length * n, 'physics outputs'),
      ];
      try {
        const out = await runAndRead(g, pipeline, bufs, dispatchSize(n, 64), bufs[2], PHYSICS_OUTPUTS.length * n);
        return unpack(PHYSICS_OUTPUTS, out, n);
      } finally {
        destroyAll(bufs);
      }
    },

    async bin(input: BinInput): Promise<BinOutput> {
      const laps = input.lapStarts.length - 1;
      const n = input.binIndex.length;
      const pipeline = await pipelineFor(g, 'energy-binning', BINNING_WGSL);
      const total = laps * input.bins;
      const bufs = [
        uniformBuffer(g, new Uint32Array([input.bins, laps, n, 0]).buffer, 'binning params'),
        storageBuffer(g, input.lapStarts, 'lap starts'),
        storageBuffer(g, input.binIndex, 'bin index'),
        storageBuffer(g, Float32Array.from(input.binFrac), 'bin fraction'),
        storageBuffer(g, Float32Array.from(input.dtS), 'dt'),
        storageBuffer(g, packF32(BINNED_POWERS.map((k) => input.powers[k]), n), 'powers'),
        outputBuffer(g, BIN_COMPONENTS.length * total, 'bins'),
      ];
      try {
        if (input.bins > 65535 * 64 || laps > 65535) throw new RangeError(`binning: ${input.bins} bins × ${laps} laps exceed one dispatch`);
        const out = await runAndRead(g, pipeline, bufs, [Math.ceil(input.bins / 64), laps], bufs[6], BIN_COMPONENTS.length * total);
        return { laps, bins: input.bins, values: unpack<BinComponent>(BIN_COMPONENTS, out, total) };
      } finally {
        destroyAll(bufs);
      }
    },

    async raster(input: RasterInput): Promise<RasterOutput> {
      const cells = input.cellIndex.length;
      const m = input.values.length;
      const pipeline = await pipelineFor(g, 'energy-raster', RASTER_WGSL);
      const bufs = [
        uniformBuffer(g, new Uint32Array([m, cells, 0, 0]).buffer, 'raster params'),
        storageBuffer(g, Float32Array.from(input.values), 'raster values'),
        storageBuffer(g, Float32Array.from(input.dirX), 'direction x'),
        storageBuffer(g, Float32Array.from(input.dirY), 'direction y'),
        storageBuffer(g, input.cellIndex, 'cell index'),
        outputBuffer(g, 3 * cells, 'raster cells'),
      ];
      try {
        const out = await runAndRead(g, pipeline, bufs, dispatchSize(cells, 64), bufs[5], 3 * cells);
        const r = unpack(['value', 'vectorX', 'vectorY'] as const, out, cells);
        return { value: r.value, vectorX: r.vectorX, vectorY: r.vectorY };
      } finally {
        destroyAll(bufs);
      }
    },

    async lapMatrix(input: LapMatrixInput): Promise<LapMatrixOutput> {
      const { laps: n, bins: m } = input;
      const pipeline = await pipelineFor(g, 'energy-lap-matrix', LAP_MATRIX_WGSL);
      const bufs = [
        uniformBuffer(g, new Uint32Array([n, m, 0, 0]).buffer, 'lap matrix params'),
        storageBuffer(g, Float32Array.from(input.timeOffsetS), 'time offsets'),
        storageBuffer(g, Float32Array.from(input.tractionJ), 'traction per metre'),
        storageBuffer(g, Float32Array.from(input.brakingJ), 'braking per metre'),
        outputBuffer(g, LAP_MATRIX_OUTPUTS.length * n * n, 'lap matrix'),
      ];
      try {
        const groups = Math.ceil(n / 8);
        const out = await runAndRead(g, pipeline, bufs, [groups, groups], bufs[4], LAP_MATRIX_OUTPUTS.length * n * n);
        return { laps: n, values: unpack<LapMatrixOutputName>(LAP_MATRIX_OUTPUTS, out, n * n) };
      } finally {
        destroyAll(bufs);
      }
    },

    dispose() {
      g.pipelines.clear();
      g.device.destroy();
    },
  };
}
