// Energy kernels benchmark: samples/s of the per-sample physics and pair-metres/s of the N×N lap matrix
// for a 30- and a 300-lap session (made from the demo's laps), on the CPU path in Node and, in headless
// Chromium through the parity test's page, on the CPU path and the WebGPU path (where an adapter
// exists), with the WebGPU/CPU ratio measured in the same browser. Times include upload and read-back.
// Run: node --import tsx bench/energy.ts [--laps 30,300]. Progress goes to stderr.

import { cpuKernels } from '../workers/energy/cpu/index.ts';
import { kernelDataset } from '../workers/energy/kernel-dataset.ts';
import { timeKernel } from '../workers/energy/kernel-timing.ts';
import { replicateLaps } from '../workers/energy/replicate-laps.ts';
import { packBinary } from '../workers/energy/transport.ts';
import { demoLaps } from '../tests/browser/energy-page/datasets.ts';
import { openEnergyPage } from '../tests/browser/energy-page/harness.ts';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const out = (msg: string) => process.stdout.write(`${msg}\n`);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function rate(items: number, ms: number): string {
  const r = items / (ms / 1000);
  return r >= 1e9 ? `${(r / 1e9).toFixed(2)} G/s` : r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`;
}

interface Row { where: string; laps: number; samples: number; pairMetres: number; physicsMs: number; matrixMs: number }

async function main(): Promise<number> {
  const lapCounts = arg('laps', '30,300').split(',').map(Number);
  log('generating the demo session and its laps…');
  const demo = demoLaps(2026, 6);
  const rows: Row[] = [];
  const cpu = cpuKernels();
  const small = kernelDataset('warm-up', demo.laps.slice(0, 1), demo.vehicle, null);
  for (const n of lapCounts) {
    log(`Node CPU: ${n} laps…`);
    const ds = kernelDataset(`${n} laps`, replicateLaps(demo.laps, n), demo.vehicle, null);
    const phys = await timeKernel(() => cpu.physics(ds.physics), () => cpu.physics(small.physics), 1000, 2);
    const mat = await timeKernel(() => cpu.lapMatrix(ds.lapMatrix), () => cpu.lapMatrix(small.lapMatrix), 0, 1);
    rows.push({ where: 'Node 20, CPU (float64)', laps: n, samples: ds.samples, pairMetres: n * n * ds.bins, physicsMs: phys.bestMs, matrixMs: mat.bestMs });
  }
  log('building the browser page and opening Chromium…');
  const page = await openEnergyPage();
  let adapterLine = '';
  try {
    const url = page.serve('bench-laps.bin', packBinary({ laps: demo.laps, vehicle: demo.vehicle }));
    const r = await page.call('bench', url, lapCounts);
    const b = r.backend;
    adapterLine = b.backend === 'webgpu'
      ? `WebGPU adapter: ${[b.adapterInfo!.vendor, b.adapterInfo!.architecture, b.adapterInfo!.description].filter(Boolean).join(' / ')}${b.adapterInfo!.isFallbackAdapter ? ' — SwiftShader, a SOFTWARE adapter on the CPU: its figures are not a speed figure for real GPUs' : ''}`
      : `no WebGPU adapter in Chromium (${b.reason}): CPU path only`;
    for (const x of r.rows) rows.push({ where: x.path === 'webgpu' ? 'Chromium, WebGPU (float32)' : 'Chromium, CPU (float64)', laps: x.laps, samples: x.samples, pairMetres: x.pairMetres, physicsMs: x.physicsMs, matrixMs: x.matrixMs });
  } finally {
    await page.close();
  }

  out('energy kernels benchmark (demo laps replicated; best of the runs; WebGPU times include upload and read-back)');
  out(adapterLine);
  out('');
  out(`${'path'.padEnd(28)} ${'laps'.padStart(5)} ${'samples'.padStart(9)} ${'physics ms'.padStart(11)} ${'samples/s'.padStart(11)} ${'pair-metres'.padStart(12)} ${'matrix ms'.padStart(10)} ${'pair-m/s'.padStart(11)}`);
  for (const r of rows) {
    out(`${r.where.padEnd(28)} ${String(r.laps).padStart(5)} ${String(r.samples).padStart(9)} ${r.physicsMs.toFixed(1).padStart(11)} ${rate(r.samples, r.physicsMs).padStart(11)} ${r.pairMetres.toExponential(2).padStart(12)} ${r.matrixMs.toFixed(0).padStart(10)} ${rate(r.pairMetres, r.matrixMs).padStart(11)}`);
  }
  out('');
  for (const n of lapCounts) {
    const c = rows.find((r) => r.laps === n && r.where.startsWith('Chromium, CPU'));
    const g = rows.find((r) => r.laps === n && r.where.startsWith('Chromium, WebGPU'));
    if (c && g) out(`${n} laps, WebGPU ÷ CPU speed in Chromium: physics ×${(c.physicsMs / g.physicsMs).toFixed(2)}, lap matrix ×${(c.matrixMs / g.matrixMs).toFixed(2)}`);
  }
  if (/SwiftShader/.test(adapterLine)) out('note: SwiftShader emulates the GPU on the CPU; these WebGPU figures say nothing about a real GPU.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench energy: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
