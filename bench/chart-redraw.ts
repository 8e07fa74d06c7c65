// Lap-compare redraw benchmark: the built PWA in headless Chromium overlays 30 laps of one generated
// session (a single demo car driving 31 flying laps, served as the first-run demo) and times a full
// redraw of the six uPlot charts as a zoom or pan does it: the window's data recomputed from the 1 m
// grid (min/max per pixel column, one point where a column is flatter than half a pixel), setData +
// setScale drawn synchronously, then the canvases rasterised (a one-pixel read forces Chromium to flush
// its deferred 2D drawing). Median of N runs
// against the 50 ms target, for the whole lap and for a corner zoom.
// Run after `npx vite build`: node --import tsx bench/chart-redraw.ts [--runs 25] [--laps 30]

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createDemoSource } from '../edge-server/demo-source.ts';
import { distIsBuilt, MISSING_BUILD_MESSAGE, startServer } from '../edge-server/start.ts';
import { DEFAULT_DEMO_SEED, generateDemo } from '../workers/demo/generate.ts';
import { longCsvChunks, truthToJson } from '../workers/demo/write-long-csv.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST_DIR = join(REPO_ROOT, 'dist');
const CHROMIUM = '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 1024 };
const TARGET_MS = 50;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

interface Timing {
  drawMs: number[];
  rasterMs: number[];
  /** Points per series handed to uPlot for the window (after the min/max reduction), and of them drawn (mean). */
  slots: number;
  drawnPointsPerSeries: number;
}

/**
 * Page-side timing loop, as source text (tsx would wrap named inner functions in a helper the page
 * lacks). Each run: the charts' refresh() (window data from the full grid, then setData and setScale in
 * uPlot's batch(): a synchronous commit that draws scales, paths, axes and series), then getImageData
 * (1 px) on each canvas to force rasterisation.
 */
function timingScript(runs: number): string {
  return `(async () => {
    const hook = window.__etmLapCompare;
    const charts = hook.charts();
    const drawMs = [];
    const rasterMs = [];
    for (let r = 0; r < ${runs}; r++) {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const t0 = performance.now();
      hook.refresh();
      const t1 = performance.now();
      for (const u of charts) u.ctx.getImageData(0, 0, 1, 1);
      const t2 = performance.now();
      drawMs.push(t1 - t0);
      rasterMs.push(t2 - t0);
    }
    // points handed to uPlot per series (a flat pixel column's second point is left undefined: not drawn)
    let handed = 0;
    let series = 0;
    for (const u of charts) for (let s = 1; s < u.data.length; s++) {
      const y = u.data[s];
      for (let i = 0; i < y.length; i++) if (y[i] !== undefined) handed++;
      series++;
    }
    return { drawMs, rasterMs, slots: charts[0].data[0].length, drawnPointsPerSeries: Math.round(handed / series) };
  })()`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function main(): Promise<number> {
  const runs = arg('runs', 25);
  const lapCount = arg('laps', 30);
  if (!distIsBuilt(DIST_DIR)) {
    log(MISSING_BUILD_MESSAGE);
    return 2;
  }
  const tmp = await mkdtemp(join(tmpdir(), 'etm-chart-bench-'));
  log(`generating one demo car with ${lapCount + 1} flying laps…`);
  const demo = createDemoSource(() => {
    const { sessions, truth } = generateDemo({ seed: DEFAULT_DEMO_SEED, drivers: 1, laps: lapCount + 1 });
    return { csv: longCsvChunks(sessions), truthJson: truthToJson(truth) };
  });
  const data = await demo.get();
  log(`demo CSV ${(data.csvBytes / 1e6).toFixed(0)} MB`);
  const server = await startServer({ port: 0, hostname: '127.0.0.1', distDir: DIST_DIR, demo, log: () => undefined });
  const context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    headless: true,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    log('first run: the PWA imports the generated session…');
    const t0 = performance.now();
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    const row = page.locator('tr.session-row').first();
    await row.waitFor({ timeout: 180_000 });
    log(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sessionId = await row.getAttribute('data-session-id');

    const t1 = performance.now();
    await page.goto(`${server.url}/#/analysis?session=${sessionId}`);
    await page.locator('[data-testid=lap-table] tbody tr.lap-row').first().waitFor({ timeout: 180_000 });
    log(`analysed in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const complete = await page
      .locator('[data-testid=lap-table] tbody tr.lap-row')
      .evaluateAll((rows) => rows.filter((r) => /\d:\d{2}\.\d{3}/.test(r.querySelector('td.lap-time')?.textContent ?? '')).map((r) => Number(r.getAttribute('data-lap'))));
    if (complete.length < lapCount) throw new Error(`only ${complete.length} complete laps, ${lapCount} wanted`);
    const laps = complete.slice(0, lapCount);

    const t2 = performance.now();
    await page.goto(`${server.url}/#/sessions`);
    await page.goto(`${server.url}/#/analysis?session=${sessionId}&laps=${laps.join(',')}`);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=lap-compare-charts]')?.getAttribute('data-laps')) === n, lapCount, { timeout: 120_000 });
    log(`${lapCount} laps on the grid and charted in ${((performance.now() - t2) / 1000).toFixed(1)} s`);

    const info = await page.evaluate(`(() => {
      const charts = window.__etmLapCompare.charts();
      return {
        charts: charts.length,
        series: charts[0].series.length - 1,
        gridPoints: Number(document.querySelector('[data-testid=lap-compare-charts]').dataset.points),
        sizes: charts.map((u) => u.width + '×' + u.height).join(', '),
        userAgent: navigator.userAgent,
      };
    })()`) as { charts: number; series: number; gridPoints: number; sizes: string; userAgent: string };
    const corner = await page.locator('[data-testid=corner-table] tbody tr.corner-row').first().evaluate((tr) => ({
      name: tr.querySelector('th')?.textContent?.trim() ?? '',
      min: Number(tr.getAttribute('data-entry-m')) - 50,
      max: Number(tr.getAttribute('data-exit-m')) + 50,
    }));

    const whole = (await page.evaluate(timingScript(runs))) as Timing;
    await page.locator(`[data-testid=corner-table] tbody tr.corner-row[data-corner] th button`).first().click();
    await page.waitForFunction((c) => {
      const r = window.__etmLapCompare?.xRange();
      return r !== null && r !== undefined && Math.abs(r.min - c.min) < 1 && Math.abs(r.max - c.max) < 1;
    }, corner);
    const zoomed = (await page.evaluate(timingScript(runs))) as Timing;
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);

    const perSeries = info.gridPoints / (info.charts * info.series);
    const line = (label: string, t: Timing) => {
      const m = median(t.rasterMs);
      return (
        `${label.padEnd(34)} ${String(t.drawnPointsPerSeries).padStart(5)} of ${t.slots} points/series drawn · drawn ${median(t.drawMs).toFixed(1).padStart(5)} ms · drawn + rasterised ${m.toFixed(1).padStart(5)} ms ` +
        `(p90 ${quantile(t.rasterMs, 0.9).toFixed(1)} ms, per chart ${(m / info.charts).toFixed(1)} ms) → ${m < TARGET_MS ? 'meets' : 'MISSES'} the ${TARGET_MS} ms target`
      );
    };
    process.stdout.write(
      [
        `lap-compare redraw, ${lapCount} laps overlaid: ${info.charts} uPlot charts × ${info.series} series × ${perSeries} grid points (1 m) = ${info.gridPoints.toLocaleString('en')} points`,
        `headless Chromium (${info.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'unknown'}, --disable-gpu: software canvas), viewport ${VIEWPORT.width}×${VIEWPORT.height}, chart sizes ${info.sizes} px`,
        `median of ${runs} full redraws (window data from the 1 m grid, setData + setScale inside batch(): scales, paths, axes, series):`,
        line('whole lap', whole),
        line(`zoomed to ${corner.name} (${corner.min.toFixed(0)}–${corner.max.toFixed(0)} m)`, zoomed),
      ].join('\n') + '\n',
    );
    return median(whole.rasterMs) < TARGET_MS ? 0 : 1;
  } finally {
    await context.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

process.exit(await main());
