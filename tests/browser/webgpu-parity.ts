// CPU/WebGPU parity of the energy kernels in headless Chromium (--enable-unsafe-webgpu: SwiftShader where
// there is no GPU): every kernel (per-sample physics, 1 m binning, 1 m × 1 m raster, N×N lap matrix) and the
// chained pipeline run on both paths in the page, on the demo session, 30 replicated demo laps and the real
// Indianapolis parquet (skipped with a message when absent); plus the energy worker's path and a Kahan
// probe. Prints per-kernel max abs / normwise rel error against the tolerance and 'N passed, N failed';
// exits non-zero on a failure. Without an adapter it says so and runs the CPU path checks only.
// Run: node --import tsx tests/browser/webgpu-parity.ts (ETM_PARITY_NO_WEBGPU=1 starts Chromium without
// --enable-unsafe-webgpu, to see the no-adapter path).

import { cpuKernels } from '../../workers/energy/cpu/index.ts';
import { kernelDataset, type KernelDataset } from '../../workers/energy/kernel-dataset.ts';
import { kernelChecksums, type ParityCheck } from '../../workers/energy/parity.ts';
import { replicateLaps } from '../../workers/energy/replicate-laps.ts';
import { packBinary } from '../../workers/energy/transport.ts';
import { demoLaps, INDY_PARQUET, indianapolisLaps } from './energy-page/datasets.ts';
import { openEnergyPage } from './energy-page/harness.ts';

const OVERALL_LIMIT_MS = 240_000;
const out = (s: string) => process.stdout.write(`${s}\n`);

function fmt(x: number): string {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(2) : String(x);
}

async function shipped(ds: KernelDataset): Promise<ArrayBuffer> {
  return packBinary({ dataset: ds, reference: await kernelChecksums(cpuKernels(), ds) });
}

async function main(): Promise<number> {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    process.stderr.write(`webgpu parity: over ${OVERALL_LIMIT_MS / 1000} s, giving up\n`);
    process.exit(1);
  }, OVERALL_LIMIT_MS);
  out('energy kernels: CPU (float64) vs WebGPU (float32 WGSL) in headless Chromium');
  const datasets: KernelDataset[] = [];
  const demo = demoLaps(2026, 3);
  datasets.push(kernelDataset(demo.name, demo.laps, demo.vehicle, demo.model));
  datasets.push(kernelDataset('demo laps ×30 (replicated)', replicateLaps(demo.laps, 30), demo.vehicle, demo.model));
  const indy = await indianapolisLaps();
  if (indy) datasets.push(kernelDataset(indy.name, indy.laps, indy.vehicle, indy.model));
  else out(`SKIP real data: ${INDY_PARQUET} is absent (the Indianapolis parity cases were not run)`);
  for (const d of datasets) out(`  dataset ${d.name}: ${d.laps} laps, ${d.samples} samples, ${d.bins} bins${d.raster ? `, ${d.raster.cellIndex.length} raster cells` : ''}`);

  const page = await openEnergyPage({ webgpu: process.env.ETM_PARITY_NO_WEBGPU !== '1' });
  let checks: ParityCheck[] = [];
  try {
    const urls: string[] = [];
    for (const [k, d] of datasets.entries()) urls.push(page.serve(`ds${k}.bin`, await shipped(d)));
    const report = await page.call('parity', urls);
    const b = report.backend;
    if (b.backend === 'webgpu') {
      const a = b.adapterInfo!;
      out(`backend: webgpu — adapter ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || '(no info)'}${a.isFallbackAdapter ? ' (fallback/software adapter: SwiftShader — correct results, not a speed figure)' : ''}`);
    } else {
      out(`NO WEBGPU ADAPTER: ${b.reason ?? 'unknown reason'} — only the CPU path checks ran in the browser`);
    }
    checks = report.checks;
    const worker = await page.call('workerCheck', urls[0]);
    out(`energy.worker.ts picked: ${worker.backend.backend}${worker.backend.reason ? ` (${worker.backend.reason})` : ''}`);
    checks.push(...worker.checks);
    if (page.consoleErrors.length) out(`page errors: ${page.consoleErrors.join(' | ')}`);
  } finally {
    await page.close();
  }

  out('');
  out(`${'dataset'.padEnd(34)} ${'kernel'.padEnd(34)} ${'output'.padEnd(18)} ${'n'.padStart(9)} ${'max abs'.padStart(9)} ${'norm rel'.padStart(9)} ${'elem rel'.padStart(9)} ${'tol'.padStart(8)}  result`);
  for (const c of checks) {
    out(`${c.dataset.slice(0, 34).padEnd(34)} ${c.kernel.slice(0, 34).padEnd(34)} ${c.output.slice(0, 18).padEnd(18)} ${String(c.n).padStart(9)} ${fmt(c.maxAbs).padStart(9)} ${fmt(c.normRel).padStart(9)} ${fmt(c.elementRel).padStart(9)} ${fmt(c.rtol).padStart(8)}  ${c.passed ? 'ok' : `FAIL${c.detail ? ` (${c.detail})` : ''}`}`);
  }
  // per kernel: the worst normwise error
  const byKernel = new Map<string, ParityCheck>();
  for (const c of checks) {
    const key = `${c.kernel}`;
    const worst = byKernel.get(key);
    if (!worst || c.normRel > worst.normRel) byKernel.set(key, c);
  }
  out('');
  out('worst normwise relative error per kernel (tolerance: max|gpu − cpu| ≤ rtol · max|cpu|):');
  for (const [k, c] of byKernel) out(`  ${k.padEnd(40)} ${fmt(c.normRel)} (${c.output}, ${c.dataset}; max abs ${fmt(c.maxAbs)}, rtol ${fmt(c.rtol)})`);
  const failed = checks.filter((c) => !c.passed).length;
  out('');
  out(`${checks.length - failed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  clearTimeout(watchdog);
  return failed === 0 && checks.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`webgpu parity: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
