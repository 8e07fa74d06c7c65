// Timing of kernel calls for the bench (end to end: upload, dispatch and read-back on WebGPU): one
// warm-up call, then repeated calls until minMs has passed (at least minRuns), best time kept.

export interface KernelTiming {
  bestMs: number;
  runs: number;
}

export async function timeKernel(run: () => Promise<unknown>, warmUp: () => Promise<unknown>, minMs = 500, minRuns = 1, maxRuns = 20): Promise<KernelTiming> {
  await warmUp();
  let best = Infinity;
  let runs = 0;
  const start = performance.now();
  while (runs < minRuns || (performance.now() - start < minMs && runs < maxRuns)) {
    const t = performance.now();
    await run();
    best = Math.min(best, performance.now() - t);
    runs++;
  }
  return { bestMs: best, runs };
}
