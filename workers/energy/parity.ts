// CPU ↔ WebGPU parity of the energy kernels: runs each kernel on both backends with the same inputs and
// compares every output array normwise (max |gpu − cpu| ≤ rtol · max |cpu|), plus the chained pipeline
// (physics → binning → lap totals), a Kahan-compensation probe, and CPU-only checks (results identical to
// a reference computed elsewhere, energy conserved by the binning) for when no adapter exists.

import { BIN_COMPONENTS, BINNED_POWERS, LAP_MATRIX_OUTPUTS, PHYSICS_OUTPUTS, type BinnedPower, type BinOutput, type EnergyKernels, type LapMatrixInput } from './kernels.ts';
import type { KernelDataset } from './kernel-dataset.ts';

/**
 * Normwise relative tolerances of the float32 WebGPU results against the float64 CPU ones. Inputs are
 * rounded to float32 (≈ 6e-8 relative) and each output takes a few float32 operations, so 1e-5 leaves a
 * wide margin for pointwise kernels and for the Kahan-compensated sums; the raster only multiplies.
 */
export const PARITY_RTOL = { physics: 1e-5, bin: 1e-5, raster: 1e-6, lapMatrix: 1e-5, pipeline: 1e-5, kahan: 1e-6 } as const;
/** CPU results in the browser must equal the reference computed in Node to this relative tolerance. */
export const CPU_REFERENCE_RTOL = 1e-12;

export interface ParityCheck {
  dataset: string;
  kernel: string;
  output: string;
  /** Elements compared. */
  n: number;
  maxAbs: number;
  /** max |cpu| (the normwise scale). */
  scale: number;
  /** maxAbs ÷ scale. */
  normRel: number;
  /** Largest |gpu − cpu| ÷ |cpu| over elements with |cpu| > 1e-3 · scale (informative). */
  elementRel: number;
  rtol: number;
  passed: boolean;
  detail?: string;
}

/**
 * Compares `other` with the float64 `cpu` reference normwise. `scaleOverride` replaces max |cpu| as the
 * scale where the values are sums whose terms cancel (a lap's net yaw energy is ~0 while its terms are
 * not): then the scale is the sum of the terms' magnitudes, the quantity summation error is bounded by.
 */
export function compareArrays(dataset: string, kernel: string, output: string, cpu: ArrayLike<number>, other: ArrayLike<number>, rtol: number, scaleOverride?: number): ParityCheck {
  const n = cpu.length;
  const base = { dataset, kernel, output, n, rtol };
  if (other.length !== n) return { ...base, maxAbs: Infinity, scale: 0, normRel: Infinity, elementRel: Infinity, passed: false, detail: `length ${other.length} ≠ ${n}` };
  let scale = 0;
  let maxAbs = 0;
  let bad = -1;
  for (let i = 0; i < n; i++) {
    const c = cpu[i];
    const g = other[i];
    if (!Number.isFinite(c) || !Number.isFinite(g)) { if (bad < 0 && !(Number.isNaN(c) && Number.isNaN(g))) bad = i; continue; }
    scale = Math.max(scale, Math.abs(c));
    maxAbs = Math.max(maxAbs, Math.abs(g - c));
  }
  if (scaleOverride !== undefined) scale = scaleOverride;
  let elementRel = 0;
  for (let i = 0; i < n; i++) {
    const c = cpu[i];
    if (Math.abs(c) > 1e-3 * scale && Number.isFinite(other[i])) elementRel = Math.max(elementRel, Math.abs(other[i] - c) / Math.abs(c));
  }
  const normRel = scale > 0 ? maxAbs / scale : maxAbs === 0 ? 0 : Infinity;
  const passed = bad < 0 && maxAbs <= rtol * scale;
  return { ...base, maxAbs, scale, normRel, elementRel, passed, ...(bad >= 0 ? { detail: `non-finite at ${bad}: cpu ${cpu[bad]}, other ${other[bad]}` } : {}) };
}

/** Per lap and component: Σ of the bins, and the largest Σ |bin| over the laps (the summation error's scale). */
function lapTotals(b: BinOutput): { totals: Record<string, Float64Array>; magnitude: Record<string, number> } {
  const totals: Record<string, Float64Array> = {};
  const magnitude: Record<string, number> = {};
  for (const c of BIN_COMPONENTS) {
    const t = new Float64Array(b.laps);
    let mag = 0;
    for (let k = 0; k < b.laps; k++) {
      let abs = 0;
      for (let j = 0; j < b.bins; j++) {
        const v = b.values[c][k * b.bins + j];
        t[k] += v;
        abs += Math.abs(v);
      }
      mag = Math.max(mag, abs);
    }
    totals[c] = t;
    magnitude[c] = mag;
  }
  return { totals, magnitude };
}

/** Every kernel's every output on both backends. */
export async function kernelParity(cpu: EnergyKernels, gpu: EnergyKernels, ds: KernelDataset): Promise<ParityCheck[]> {
  const checks: ParityCheck[] = [];
  const [pc, pg] = [await cpu.physics(ds.physics), await gpu.physics(ds.physics)];
  for (const k of PHYSICS_OUTPUTS) checks.push(compareArrays(ds.name, 'physics', k, pc[k], pg[k], PARITY_RTOL.physics));
  const [bc, bg] = [await cpu.bin(ds.bin), await gpu.bin(ds.bin)];
  for (const k of BIN_COMPONENTS) checks.push(compareArrays(ds.name, 'binning', k, bc.values[k], bg.values[k], PARITY_RTOL.bin));
  if (ds.raster) {
    const [rc, rg] = [await cpu.raster(ds.raster), await gpu.raster(ds.raster)];
    for (const k of ['value', 'vectorX', 'vectorY'] as const) checks.push(compareArrays(ds.name, 'raster', k, rc[k], rg[k], PARITY_RTOL.raster));
  }
  const [mc, mg] = [await cpu.lapMatrix(ds.lapMatrix), await gpu.lapMatrix(ds.lapMatrix)];
  for (const k of LAP_MATRIX_OUTPUTS) checks.push(compareArrays(ds.name, 'lap-matrix', k, mc.values[k], mg.values[k], PARITY_RTOL.lapMatrix));
  // the chained pipeline: each backend's physics feeds its own binning; per-lap totals (summed in float64)
  // compared against Σ |bins| of a lap, the scale of their summation error
  const powersOf = (p: typeof pc) => Object.fromEntries(BINNED_POWERS.map((k) => [k, p[k]])) as Record<BinnedPower, Float64Array>;
  const chainCpu = lapTotals(await cpu.bin({ ...ds.bin, powers: powersOf(pc) }));
  const chainGpu = lapTotals(await gpu.bin({ ...ds.bin, powers: powersOf(pg) }));
  for (const k of BIN_COMPONENTS) checks.push(compareArrays(ds.name, 'pipeline (lap totals)', k, chainCpu.totals[k], chainGpu.totals[k], PARITY_RTOL.pipeline, chainCpu.magnitude[k]));
  return checks;
}

/**
 * A sum that float32 gets badly wrong without compensation: 10 000 J followed by 3999 × 0.0004 J (each
 * under half an ulp of 10 000 in float32, so a plain sum loses all of them: 1.6e-4 relative).
 */
export function kahanProbe(): LapMatrixInput {
  const m = 4000;
  const tractionJ = new Float64Array(2 * m);
  tractionJ[0] = 10_000;
  for (let j = 1; j < m; j++) tractionJ[j] = 0.0004;
  return { laps: 2, bins: m, timeOffsetS: new Float64Array(2 * (m + 1)), tractionJ, brakingJ: new Float64Array(2 * m) };
}

export async function kahanParity(cpu: EnergyKernels, gpu: EnergyKernels): Promise<ParityCheck[]> {
  const input = kahanProbe();
  const [c, g] = [await cpu.lapMatrix(input), await gpu.lapMatrix(input)];
  return (['tractionDiffJ', 'wheelL1J'] as const).map((k) => compareArrays('kahan probe', 'lap-matrix', k, c.values[k], g.values[k], PARITY_RTOL.kahan));
}

/** Σ of every output array of every kernel (the CPU reference the browser's CPU path must reproduce). */
export async function kernelChecksums(k: EnergyKernels, ds: KernelDataset): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  const add = (name: string, a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; sums[name] = s; };
  const p = await k.physics(ds.physics);
  for (const n of PHYSICS_OUTPUTS) add(`physics.${n}`, p[n]);
  const b = await k.bin(ds.bin);
  for (const n of BIN_COMPONENTS) add(`binning.${n}`, b.values[n]);
  if (ds.raster) {
    const r = await k.raster(ds.raster);
    for (const n of ['value', 'vectorX', 'vectorY'] as const) add(`raster.${n}`, r[n]);
  }
  const m = await k.lapMatrix(ds.lapMatrix);
  for (const n of LAP_MATRIX_OUTPUTS) add(`lap-matrix.${n}`, m.values[n]);
  return sums;
}

/** CPU path only: checksums equal to the reference, and the binning conserves each lap's energy. */
export async function cpuPathChecks(cpu: EnergyKernels, ds: KernelDataset, reference: Record<string, number>): Promise<ParityCheck[]> {
  const sums = await kernelChecksums(cpu, ds);
  const names = Object.keys(reference);
  const checks = [compareArrays(ds.name, 'cpu vs reference', 'checksums', names.map((n) => reference[n]), names.map((n) => sums[n]), CPU_REFERENCE_RTOL)];
  // conservation: Σ bins of a lap = Σ over its intervals of ½(P_i + P_i+1)·Δt
  const b = await cpu.bin(ds.bin);
  const laps = ds.bin.lapStarts.length - 1;
  const direct = new Float64Array(laps);
  const binned = new Float64Array(laps);
  const P = ds.bin.powers.tractionW;
  for (let k = 0; k < laps; k++) {
    for (let i = ds.bin.lapStarts[k]; i + 1 < ds.bin.lapStarts[k + 1]; i++) direct[k] += 0.5 * (P[i] + P[i + 1]) * ds.bin.dtS[i];
    for (let j = 0; j < ds.bin.bins; j++) binned[k] += b.values.tractionJ[k * ds.bin.bins + j];
  }
  checks.push(compareArrays(ds.name, 'cpu binning conserves energy', 'tractionJ per lap', direct, binned, 1e-9));
  return checks;
}
