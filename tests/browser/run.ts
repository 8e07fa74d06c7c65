// Browser acceptance test of the built PWA (run after `npm run build`): starts the edge server
// in-process, drives /usr/bin/chromium with playwright-core through first run (demo), imports,
// progress, a bad file, tablet layout, lap analysis (map, lap compare, lap and corner tables, corner
// zoom), the energy view (FlowGrid, lap and driver differences, 3D ribbon, energy table, power-demand
// model), session export, and an offline reload; screenshots go to test-output/.
// Run: node --import tsx tests/browser/run.ts

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createDemoSource } from '../../edge-server/demo-source.ts';
import type { RequestLogLine } from '../../edge-server/middleware/request-log.ts';
import { buildProjectDemo, DEMO_SEED } from '../../edge-server/project-demo.ts';
import { DEMO_CSV_FILE_NAME } from '../../edge-server/routes/demo.ts';
import { distIsBuilt, MISSING_BUILD_MESSAGE, startServer, type RunningServer } from '../../edge-server/start.ts';
import { BAD_LINE, LONG_CHANNELS, WIDE_CHANNELS, writeBadCsv, writeLongCsv, writeWideCsv, type Fixture } from './fixtures.ts';
import { assert, Steps } from './harness.ts';
import { checkAnalysisView, checkCornerZoom, checkCursorAndGestures, checkExport, touchTargetsAndOverflow } from './analysis-steps.ts';
import { check3D, checkDifference, checkEnergyTable, checkFlowGrid, checkPowerModel, showLapA } from './energy-steps.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = join(REPO_ROOT, 'dist');
const OUT_DIR = join(REPO_ROOT, 'test-output');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WIDE_VIEWPORT = { width: 1366, height: 1024 };
const SMALL_VIEWPORT = { width: 1024, height: 768 };
const LONG_CSV_BYTES = 26e6;
/** The import that gets cancelled is larger, so that the cancel lands while it is still reading. */
const CANCEL_CSV_BYTES = 120e6;
/** The whole run is cut off after this long (the brief allows about 3 minutes). */
const OVERALL_LIMIT_MS = 180_000;
const TOUCH_TARGET_PX = 44;

const PROGRESS = 'progress[aria-label="Import progress"]';
const FILE_INPUT = 'input[type=file][aria-label="Import telemetry files"]';

function sessionRow(page: Page, sourceFile: string) {
  return page.locator('tr.session-row', { has: page.locator('td.source-file', { hasText: sourceFile }) });
}

async function sourceFiles(page: Page): Promise<string[]> {
  return page.locator('tr.session-row td.source-file').allInnerTexts();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT_DIR, name), fullPage: true });
}

/** Expands a session's channel list and returns the channel names and the text of each rate cell. */
async function channelsOf(page: Page, sourceFile: string): Promise<{ names: string[]; rates: string[]; units: string[] }> {
  const row = sessionRow(page, sourceFile).first();
  const toggle = row.locator('button[aria-controls^="channels-"]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const listId = await toggle.getAttribute('aria-controls');
  const list = page.locator(`[id="${listId}"]`);
  await list.waitFor();
  const names = await list.locator('tr[data-channel]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel') ?? ''));
  const rates = await list.locator('tr[data-channel] td:nth-child(3)').allInnerTexts();
  const units = await list.locator('tr[data-channel] td:nth-child(2)').allInnerTexts();
  return { names, rates, units };
}

/**
 * Records every determinate value the import progress bar takes (attribute changes and animation
 * frames). Passed as source text: tsx would wrap named inner functions in a helper the page lacks.
 */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__etmProgress = [];
    const record = () => {
      for (const el of document.querySelectorAll(${JSON.stringify(PROGRESS)})) if (el.hasAttribute('value')) window.__etmProgress.push(el.value);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    const frame = () => { record(); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  })()`);
}

async function main(): Promise<number> {
  const started = performance.now();
  if (!distIsBuilt(DIST_DIR)) {
    process.stderr.write(`${MISSING_BUILD_MESSAGE}\n`);
    return 2;
  }
  await mkdir(OUT_DIR, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'etm-browser-'));
  const steps = new Steps();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const serverLog: RequestLogLine[] = [];
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  const watchdog = setTimeout(() => {
    process.stderr.write(`browser test: over ${OVERALL_LIMIT_MS / 1000} s, giving up\n`);
    process.exit(1);
  }, OVERALL_LIMIT_MS);

  try {
    let wide!: Fixture;
    let long!: Fixture;
    let bad!: Fixture;
    let huge!: Fixture;
    let page!: Page;

    await steps.run('write test files and start the edge server', async () => {
      [wide, long, bad, huge] = await Promise.all([writeWideCsv(tmp), writeLongCsv(tmp, LONG_CSV_BYTES), writeBadCsv(tmp), writeLongCsv(tmp, CANCEL_CSV_BYTES, 'long-to-cancel.csv')]);
      const demo = createDemoSource(() => buildProjectDemo(DEMO_SEED));
      server = await startServer({ port: 0, hostname: '127.0.0.1', distDir: DIST_DIR, demo, log: (l) => serverLog.push(l) });
      await Promise.all([demo.get(), demo.getGzip()]);
      process.stdout.write(`        server ${server.url}; long CSV ${(long.bytes / 1e6).toFixed(1)} MB\n`);
    });

    await steps.run('launch Chromium and load the app shell', async () => {
      context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport: WIDE_VIEWPORT,
        deviceScaleFactor: 1,
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await page.goto(server!.url, { waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { name: 'EngiTorqueMap' }).waitFor({ timeout: 15_000 });
      const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
      assert(manifest.name === 'EngiTorqueMap' && manifest.display === 'standalone', `manifest: ${JSON.stringify(manifest).slice(0, 200)}`);
    });

    await steps.run('service worker installs (precache) and controls the page', async () => {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000, polling: 250 });
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
        return urls;
      });
      assert(cached.some((u) => u.endsWith('.wasm')), `the precache holds no .wasm file: ${cached.join(', ')}`);
      assert(cached.some((u) => u === '/index.html'), 'the precache holds no index.html');
    });

    await steps.run('first run: the demo session is fetched, imported and listed', async () => {
      await sessionRow(page, DEMO_CSV_FILE_NAME).first().waitFor({ timeout: 60_000 });
      const { names, rates } = await channelsOf(page, DEMO_CSV_FILE_NAME);
      assert(names.length > 0, 'the demo session has no channels');
      assert(rates.every((r) => / Hz$/.test(r)), `a rate without its unit: ${rates.join(' | ')}`);
      await shot(page, '01-demo-session.png');
    });

    await steps.run(`import a wide CSV (${wide.name}) through the file input`, async () => {
      await page.setInputFiles(FILE_INPUT, wide.path);
      await sessionRow(page, wide.name).first().waitFor({ timeout: 30_000 });
      const { names } = await channelsOf(page, wide.name);
      for (const c of WIDE_CHANNELS) assert(names.includes(c), `channel '${c}' missing from ${wide.name}: ${names.join(', ')}`);
      const durationText = await sessionRow(page, wide.name).first().locator('td[data-label="Duration"]').innerText();
      assert(/^\d{2}:\d{2}\s+mm:ss$/.test(durationText.trim()), `duration cell '${durationText}'`);
      await shot(page, '02-wide-csv-imported.png');
    });

    await steps.run('drop a copy of an imported file onto the page: reported as a duplicate, nothing added', async () => {
      const before = await sourceFiles(page);
      const text = await readFile(wide.path, 'utf8');
      await page.evaluate(`(() => {
        const dt = new DataTransfer();
        dt.items.add(new File([${JSON.stringify(text)}], 'wide-copy.csv', { type: 'text/csv' }));
        window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true, bubbles: true }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true, bubbles: true }));
      })()`);
      await page.locator('[role=status]', { hasText: 'wide-copy.csv was already imported' }).waitFor({ timeout: 20_000 });
      await page.locator(PROGRESS).waitFor({ state: 'detached', timeout: 10_000 });
      const after = await sourceFiles(page);
      assert(JSON.stringify(after) === JSON.stringify(before), `the session list changed after a duplicate: ${after.join(', ')}`);
    });

    await steps.run(`cancel a running import (${(huge.bytes / 1e6).toFixed(0)} MB): nothing is stored`, async () => {
      const before = await sourceFiles(page);
      await page.setInputFiles(FILE_INPUT, huge.path);
      await page.locator(PROGRESS).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.screenshot({ path: join(OUT_DIR, '03-import-progress.png') });
      await page.getByRole('button', { name: 'Cancel import' }).click({ timeout: 5_000 });
      await page.locator('[role=status]', { hasText: 'Import cancelled' }).first().waitFor({ timeout: 10_000 });
      await page.locator(PROGRESS).waitFor({ state: 'detached', timeout: 10_000 });
      const after = await sourceFiles(page);
      assert(JSON.stringify(after) === JSON.stringify(before), `the session list changed after a cancel: ${after.join(', ')}`);
    });

    await steps.run(`import a ${(long.bytes / 1e6).toFixed(0)} MB long-format CSV with a visible progress bar`, async () => {
      await recordProgress(page);
      await page.setInputFiles(FILE_INPUT, long.path);
      await sessionRow(page, long.name).first().waitFor({ timeout: 90_000 });
      const seen = await page.evaluate(() => (window as unknown as { __etmProgress: number[] }).__etmProgress);
      const between = seen.filter((v) => v > 0 && v < 1);
      assert(between.length > 0, `the progress bar never showed a value strictly between 0 and 1 (seen: ${[...new Set(seen)].slice(0, 20).join(', ')})`);
      process.stdout.write(`        progress values seen: ${new Set(between.map((v) => v.toFixed(2))).size} distinct in (0, 1)\n`);
      const { names } = await channelsOf(page, long.name);
      for (const c of LONG_CHANNELS) assert(names.includes(c.canonical), `channel '${c.canonical}' (${c.source}) missing from ${long.name}: ${names.join(', ')}`);
      await shot(page, '04-long-csv-imported.png');
    });

    await steps.run(`a bad file (${bad.name}) shows an error naming the file and line; the list is unchanged`, async () => {
      const before = await sourceFiles(page);
      await page.setInputFiles(FILE_INPUT, bad.path);
      const alert = page.locator('[role=alert]', { hasText: bad.name });
      await alert.waitFor({ timeout: 20_000 });
      const text = await alert.innerText();
      assert(new RegExp(`line ${BAD_LINE}\\b`).test(text), `the error does not name line ${BAD_LINE}: ${text}`);
      await shot(page, '05-bad-file-error.png');
      const after = await sourceFiles(page);
      assert(JSON.stringify(after) === JSON.stringify(before), `the session list changed: ${before.join(', ')} → ${after.join(', ')}`);
      await alert.getByRole('button', { name: 'Dismiss message' }).click();
      await alert.waitFor({ state: 'detached', timeout: 5_000 });
    });

    await steps.run('tablet layout at 1024×768: no sideways scroll, touch targets ≥ 44 px', async () => {
      await page.setViewportSize(SMALL_VIEWPORT);
      const layout = await touchTargetsAndOverflow(page, TOUCH_TARGET_PX);
      await shot(page, '06-tablet-1024x768.png');
      await page.setViewportSize(WIDE_VIEWPORT);
      assert(layout.overflowPx <= 0, `the page scrolls sideways by ${layout.overflowPx} px at 1024×768`);
      assert(layout.small.length === 0, `touch targets under ${TOUCH_TARGET_PX} px: ${layout.small.join('; ')}`);
    });

    await steps.run(`delete a session (${wide.name}) with a confirming second tap`, async () => {
      const before = await sourceFiles(page);
      const row = sessionRow(page, wide.name).first();
      await row.getByRole('button', { name: /^Delete the session/ }).click();
      await row.getByRole('button', { name: /^Confirm deleting/ }).click();
      await row.waitFor({ state: 'detached', timeout: 10_000 });
      const after = await sourceFiles(page);
      assert(after.length === before.length - 1 && !after.includes(wide.name), `after the delete: ${after.join(', ')}`);
    });

    await steps.run(`lap analysis of a demo car (${DEMO_CSV_FILE_NAME}): map with corner labels, ≥ 2 laps overlaid, lap and corner tables`, async () => {
      const report = await checkAnalysisView(page, sessionRow(page, DEMO_CSV_FILE_NAME).first());
      process.stdout.write(`        ${report}\n`);
      const dismiss = page.getByRole('button', { name: 'Dismiss message' });
      for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().click({ timeout: 2_000 }).catch(() => undefined);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT_DIR, '08-analysis.png') });
      await shot(page, '08-analysis-full.png');
    });

    await steps.run('a click on a corner (table row, then map label) zooms the charts to entry − 50 m … exit + 50 m', async () => {
      const report = await checkCornerZoom(page);
      process.stdout.write(`        ${report}\n`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT_DIR, '09-analysis-corner-zoom.png') });
    });

    await steps.run('linked cursor (map → charts); chart zoom by wheel, drag-select, pinch; double-click for the whole lap', async () => {
      const report = await checkCursorAndGestures(page);
      process.stdout.write(`        ${report}\n`);
    });

    await steps.run('analysis at 1024×768: no sideways scroll, touch targets ≥ 44 px', async () => {
      await page.setViewportSize(SMALL_VIEWPORT);
      await page.waitForTimeout(300);
      const layout = await touchTargetsAndOverflow(page, TOUCH_TARGET_PX);
      await shot(page, '10-analysis-1024x768.png');
      await page.setViewportSize(WIDE_VIEWPORT);
      assert(layout.overflowPx <= 0, `the analysis view scrolls sideways by ${layout.overflowPx} px at 1024×768`);
      assert(layout.small.length === 0, `touch targets under ${TOUCH_TARGET_PX} px: ${layout.small.join('; ')}`);
    });

    await steps.run('energy view: FlowGrid of the fastest lap (raster with braking blue and traction red, compute path, hover readout in kW and km/h)', async () => {
      process.stdout.write(`        ${await checkFlowGrid(page)}\n`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT_DIR, '11-flowgrid.png') });
    });

    await steps.run('FlowGrid difference: lap A − lap B (legend and readout in Δ), then driver vs driver on the shared track map', async () => {
      const { lapDiff, drivers } = await checkDifference(page);
      process.stdout.write(`        ${lapDiff}\n`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT_DIR, '12-flowgrid-diff.png') });
      process.stdout.write(`        ${await drivers()}\n`);
      await showLapA(page);
    });

    await steps.run('3D energy view: ribbon on WebGL (power and speed), orbit, lost and restored context', async () => {
      process.stdout.write(`        ${await check3D(page)}\n`);
      // below the sticky app bar
      await page.locator('#ribbon-title').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80));
      await page.screenshot({ path: join(OUT_DIR, '13-energy-3d.png') });
    });

    await steps.run('energy table per corner and per sector: numbers with units, sortable, totals', async () => {
      process.stdout.write(`        ${await checkEnergyTable(page)}\n`);
    });

    await steps.run('power-demand model: committed model evaluated on the session, short training in the model worker beats the baseline', async () => {
      process.stdout.write(`        ${await checkPowerModel(page)}\n`);
      await shot(page, '11-energy-full.png');
    });

    await steps.run('energy view at 1024×768: no sideways scroll, touch targets ≥ 44 px', async () => {
      await page.setViewportSize(SMALL_VIEWPORT);
      await page.waitForTimeout(300);
      const layout = await touchTargetsAndOverflow(page, TOUCH_TARGET_PX);
      await page.setViewportSize(WIDE_VIEWPORT);
      assert(layout.overflowPx <= 0, `the energy view scrolls sideways by ${layout.overflowPx} px at 1024×768`);
      assert(layout.small.length === 0, `touch targets under ${TOUCH_TARGET_PX} px: ${layout.small.join('; ')}`);
    });

    await steps.run('export a demo session as CSV and as Parquet from the sessions list (downloads)', async () => {
      await page.goto(`${server!.url}/#/sessions`, { waitUntil: 'domcontentloaded' });
      const report = await checkExport(page, sessionRow(page, DEMO_CSV_FILE_NAME).first());
      process.stdout.write(`        ${report}\n`);
    });

    await steps.run('offline reload: the app shell and every session still show (service worker + OPFS)', async () => {
      const before = (await sourceFiles(page)).sort();
      await context!.setOffline(true);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.getByRole('heading', { name: 'EngiTorqueMap' }).waitFor({ timeout: 15_000 });
      await page.waitForFunction((n) => document.querySelectorAll('tr.session-row').length === n, before.length, { timeout: 30_000 });
      const after = (await sourceFiles(page)).sort();
      assert(JSON.stringify(after) === JSON.stringify(before), `sessions differ after the offline reload: ${before.join(', ')} → ${after.join(', ')}`);
      const connection = await page.getByTestId('connection').innerText();
      assert(/offline/i.test(connection), `the connection indicator says '${connection}'`);
      await shot(page, '07-offline-reload.png');
    });

    await steps.run('no uncaught errors in the page', async () => {
      assert(pageErrors.length === 0, `uncaught: ${pageErrors.join(' | ')}`);
    });
  } finally {
    clearTimeout(watchdog);
    if (consoleErrors.length) process.stdout.write(`console errors (${consoleErrors.length}):\n  ${consoleErrors.slice(0, 10).join('\n  ')}\n`);
    const failedRequests = serverLog.filter((l) => l.status >= 500);
    if (failedRequests.length) process.stdout.write(`server 5xx: ${failedRequests.map((l) => `${l.method} ${l.path} ${l.status}`).join(', ')}\n`);
    await context?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }

  const { passed, failed, notRun } = steps.summary();
  process.stdout.write(`\nscreenshots: ${OUT_DIR}\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (notRun) process.stdout.write(`(${notRun} of the failed steps did not run after the first failure)\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
