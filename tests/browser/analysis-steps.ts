// Browser checks of the lap-analysis view and the session export, used by run.ts: what each check saw
// comes back as one line for the log; a failed expectation throws. Functions passed to page.evaluate
// declare no named inner functions (tsx would wrap them in a helper the page lacks).

import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { assert } from './harness.ts';

/** The hook the lap-compare charts put on window (web/src/components/analysis/LapCompareCharts.tsx). */
declare global {
  interface Window {
    __etmLapCompare?: {
      charts: () => { axes: { label?: unknown }[]; series: unknown[] }[];
      xRange: () => { min: number; max: number } | null;
    };
    __etmTrackMap?: { pointAt: (distanceM: number) => { x: number; y: number } | null };
  }
}

const CHARTS = '[data-testid=lap-compare-charts]';
const LAP_TIME = /^\d+:\d{2}\.\d{3}/;

interface ChartAxes {
  laps: number;
  axisLabels: string[];
}

/** Elements people tap that are smaller than `minPx`, and how far the page scrolls sideways. */
export async function touchTargetsAndOverflow(page: Page, minPx: number): Promise<{ overflowPx: number; small: string[] }> {
  return page.evaluate((min) => {
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], label.button, select'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.height < min || r.width < min) small.push(`${el.tagName.toLowerCase()} '${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30)}' ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return { overflowPx: document.documentElement.scrollWidth - window.innerWidth, small };
  }, minPx);
}

async function chartAxes(page: Page): Promise<ChartAxes> {
  return page.evaluate(() => {
    const hook = window.__etmLapCompare;
    const charts = hook ? hook.charts() : [];
    const axisLabels: string[] = [];
    for (const u of charts) for (const a of u.axes) if (a.label) axisLabels.push(String(a.label));
    return { laps: charts.length ? charts[0].series.length - 1 : 0, axisLabels };
  });
}

async function xRange(page: Page): Promise<{ min: number; max: number } | null> {
  return page.evaluate(() => window.__etmLapCompare?.xRange() ?? null);
}

/** Share of the map canvas's pixels that were drawn on. */
async function mapInk(page: Page): Promise<number> {
  return page.locator('canvas[data-testid=track-map]').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return 0;
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn++;
    return drawn / (c.width * c.height);
  });
}

/** Opens the analysis of the session in `row` through its Analyse button and checks every part of the view. */
export async function checkAnalysisView(page: Page, row: Locator): Promise<string> {
  const t0 = performance.now();
  await row.getByRole('link', { name: /^Analyse/ }).click();
  await page.waitForURL(/#\/analysis\?session=/, { timeout: 10_000 });
  const progressSeen = await page
    .locator('progress[aria-label="Analysis progress"]')
    .first()
    .waitFor({ state: 'visible', timeout: 3_000 })
    .then(() => true, () => false);
  await page.locator(`${CHARTS}[data-laps]`).waitFor({ timeout: 60_000 });
  const analysedS = (performance.now() - t0) / 1000;

  const axes = await chartAxes(page);
  assert(axes.laps >= 2, `the lap compare charts overlay ${axes.laps} lap(s)`);
  const canvases = await page.locator(`${CHARTS} .uplot canvas`).count();
  assert(canvases === 6, `expected 6 chart canvases (speed, throttle, brake, gear, steering, delta), found ${canvases}`);
  for (const unit of ['Distance (m)', 'Speed (km/h)', 'Throttle (%)', 'Brake (bar)', 'Gear (—)', 'Steering (deg)', 'Delta-time (s)']) {
    assert(axes.axisLabels.includes(unit), `no chart axis labelled '${unit}': ${axes.axisLabels.join(', ')}`);
  }

  const labels = await page.locator('.corner-label').allInnerTexts();
  assert(labels.length >= 3 && labels.every((l) => /^T\d+$/.test(l.trim())), `corner labels on the map: ${labels.join(', ')}`);
  const ink = await mapInk(page);
  assert(ink > 0.01, `the map canvas is nearly blank (${(ink * 100).toFixed(2)} % drawn)`);
  const legend = await page.getByTestId('map-legend').innerText();
  assert(/km\/h/.test(legend), `the map legend has no unit: ${legend}`);

  const times = await page.locator('[data-testid=lap-table] tbody tr.lap-row td.lap-time').allInnerTexts();
  const timed = times.filter((t) => LAP_TIME.test(t.trim()));
  assert(timed.length >= 2, `lap times in the lap table: ${times.join(' | ')}`);
  const best = await page.locator('[data-testid=lap-table] tr.best-lap').count();
  assert(best === 1, `${best} best laps highlighted`);
  const theoretical = await page.getByTestId('theoretical-best').innerText();
  assert(/\d+:\d{2}\.\d{3}/.test(theoretical), `theoretical best row: ${theoretical}`);
  // how the lap distance was measured: the demo loggers' 0.1 m odometer, their gyro and lap trigger
  const distanceSource = await page.getByTestId('lap-distance-source').innerText();
  assert(
    /GPS \([\d,]+ fixes.*residual \d+\.\d\d m RMS\).*lap-distance odometer.*yaw rate.*anchored at \d+ lap-trigger passes/.test(distanceSource),
    `lap distance source: ${distanceSource}`,
  );

  const cornerRows = page.locator('[data-testid=corner-table] tbody tr.corner-row');
  const corners = await cornerRows.count();
  assert(corners >= 3, `${corners} rows in the corner table`);
  const cells = await cornerRows.first().locator('td').allInnerTexts();
  const numeric = cells.filter((c) => /^[+−-]?\d+(\.\d+)?$/.test(c.trim()));
  assert(numeric.length >= 6, `the first corner row has few numbers: ${cells.join(' | ')}`);
  const headers = await page.locator('[data-testid=corner-table] thead th').allTextContents();
  for (const unit of ['km/h', 'bar', 'm', 's']) assert(headers.some((h) => h.includes(unit)), `no corner column in ${unit}: ${headers.join(' | ')}`);

  // The cursor: hovering the speed chart moves the marker on the map (its readout names the distance).
  const over = page.locator(`${CHARTS} .chart-row[data-row=speed] .u-over`);
  const box = await over.boundingBox();
  assert(box, 'the speed chart has no plot area');
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.locator('.map-cursor', { hasText: /Cursor at \d+/ }).waitFor({ timeout: 5_000 });
  const cursorText = (await page.locator('.map-cursor').innerText()).replace(/\s+/g, ' ');

  // Sorting: a click on 'Min' sorts the corner table by minimum speed.
  await page.locator('[data-testid=corner-table] thead th', { hasText: 'Min' }).getByRole('button').click();
  const mins = (await cornerRows.locator('td:nth-of-type(2)').allInnerTexts()).map(Number).filter(Number.isFinite);
  assert(mins.every((v, i) => i === 0 || v >= mins[i - 1]), `corner table not sorted by minimum speed: ${mins.join(', ')}`);
  await page.mouse.move(0, 0);

  return `analysed and drawn in ${analysedS.toFixed(2)} s (progress bar ${progressSeen ? 'seen' : 'not seen: cached or fast'}); ${axes.laps} laps overlaid; ${labels.length} corner labels; ${timed.length} timed laps; ${corners} corners; hover: '${cursorText}'`;
}

/** Clicks a corner in the corner table, then another on the map; each time the charts' window must become entry − 50 … exit + 50 m. */
export async function checkCornerZoom(page: Page): Promise<string> {
  const before = await xRange(page);
  assert(before, 'the charts report no distance window');
  const rows = page.locator('[data-testid=corner-table] tbody tr.corner-row');
  const spans = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ corner: Number(tr.getAttribute('data-corner')), entry: Number(tr.getAttribute('data-entry-m')), exit: Number(tr.getAttribute('data-exit-m')) })),
  );
  const inside = spans.filter((s) => s.entry > 60 && s.exit > s.entry).sort((a, b) => a.corner - b.corner);
  assert(inside.length >= 2, `no two corners away from the start/finish line: ${JSON.stringify(spans)}`);
  const fromTable = inside[Math.floor(inside.length / 2)];
  const fromMap = inside.find((s) => s.corner !== fromTable.corner)!;
  const lines: string[] = [];

  for (const [how, target] of [
    ['table row', fromTable],
    ['map label', fromMap],
  ] as const) {
    const t0 = performance.now();
    if (how === 'table row') await rows.and(page.locator(`[data-corner="${target.corner}"]`)).getByRole('button').click();
    else await page.locator(`.corner-label[data-corner="${target.corner}"]`).click();
    const want = { min: target.entry - 50, max: target.exit + 50 };
    await page.waitForFunction((w) => {
      const r = window.__etmLapCompare?.xRange();
      return r !== null && r !== undefined && Math.abs(r.min - w.min) < 1 && Math.abs(r.max - w.max) < 1;
    }, want, { timeout: 5_000 });
    const attrs = await page.locator(CHARTS).evaluate((el: HTMLElement) => ({ min: Number(el.dataset.xMin), max: Number(el.dataset.xMax) }));
    assert(Math.abs(attrs.min - want.min) < 1 && Math.abs(attrs.max - want.max) < 1, `data-x-min/max ${attrs.min}–${attrs.max}, want ${want.min}–${want.max}`);
    lines.push(`T${target.corner} (${how}): ${attrs.min.toFixed(0)}–${attrs.max.toFixed(0)} m for entry ${target.entry.toFixed(0)} m / exit ${target.exit.toFixed(0)} m in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  return `whole lap ${before.min.toFixed(0)}–${before.max.toFixed(0)} m → ${lines.join('; ')}`;
}

/** Exports the session in `row` as CSV and as Parquet and checks the downloaded files. */
export async function checkExport(page: Page, row: Locator): Promise<string> {
  await row.waitFor({ timeout: 15_000 });
  const lines: string[] = [];
  for (const format of ['CSV', 'Parquet'] as const) {
    const t0 = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), row.getByRole('button', { name: new RegExp(`^Export ${format}`) }).click()]);
    const path = await download.path();
    const bytes = await readFile(path);
    const name = download.suggestedFilename();
    if (format === 'CSV') {
      const header = bytes.subarray(0, 400).toString('utf8').split('\n')[0];
      assert(header.startsWith('time_s'), `the CSV header starts '${header.slice(0, 60)}'`);
      assert(name.endsWith('.csv'), `CSV download named ${name}`);
      lines.push(`${name} ${(bytes.length / 1e6).toFixed(1)} MB, header '${header.slice(0, 48)}…' in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    } else {
      const magic = (at: number) => bytes.subarray(at, at + 4).toString('latin1');
      assert(magic(0) === 'PAR1' && magic(bytes.length - 4) === 'PAR1', `the Parquet download lacks the PAR1 magic (${bytes.length} bytes)`);
      assert(name.endsWith('.parquet'), `Parquet download named ${name}`);
      lines.push(`${name} ${(bytes.length / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
  }
  return lines.join('; ');
}

async function waitForRange(page: Page, test: string, want: { min: number; max: number } | null, what: string): Promise<{ min: number; max: number }> {
  await page
    .waitForFunction(
      ([kind, w]) => {
        const r = window.__etmLapCompare?.xRange();
        if (!r) return false;
        if (kind === 'whole') return r.min === 0 && r.max > 1000;
        if (kind === 'narrower') return r.max - r.min < (w as { min: number; max: number }).max - (w as { min: number; max: number }).min - 1;
        return Math.abs(r.min - (w as { min: number }).min) < 25 && Math.abs(r.max - (w as { max: number }).max) < 25;
      },
      [test, want] as const,
      { timeout: 5_000 },
    )
    .catch(() => {
      throw new Error(`the charts' window did not become ${what}`);
    });
  return (await xRange(page))!;
}

/**
 * The map drives the charts' cursor, and the charts zoom by wheel and by drag-select and return to the
 * whole lap on a double-click.
 */
export async function checkCursorAndGestures(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Whole lap' }).click();
  const whole = await waitForRange(page, 'whole', null, 'the whole lap');
  const lines: string[] = [];

  const at = 1000;
  const point = await page.evaluate((d) => window.__etmTrackMap?.pointAt(d) ?? null, at);
  assert(point, 'the track map reports no position for 1000 m');
  await page.mouse.move(point.x, point.y);
  const cursorM = await page
    .waitForFunction(
      (d) => {
        const u = window.__etmLapCompare?.charts()[0] as unknown as { cursor: { left?: number }; posToVal: (p: number, k: string) => number } | undefined;
        const left = u?.cursor.left;
        if (!u || left === undefined || left < 0) return null;
        const v = u.posToVal(left, 'x');
        return Math.abs(v - d) < 20 ? v : null;
      },
      at,
      { timeout: 5_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(() => {
      throw new Error('hovering the map at 1000 m did not move the charts’ cursor there');
    });
  const readout = (await page.locator('.cursor-line').innerText()).replace(/\s+/g, ' ');
  assert(/Values at \d+ m/.test(readout), `the compare legend does not show the cursor's distance: ${readout}`);
  lines.push(`map hover at ${at} m → chart cursor at ${cursorM.toFixed(0)} m ('${readout}')`);

  const over = page.locator(`${CHARTS} .chart-row[data-row=speed] .u-over`);
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  const wheeled = await waitForRange(page, 'narrower', whole, 'narrower after a wheel zoom');
  lines.push(`wheel → ${wheeled.min.toFixed(0)}–${wheeled.max.toFixed(0)} m`);

  await over.dblclick({ position: { x: box.width * 0.5, y: box.height / 2 } });
  await waitForRange(page, 'whole', null, 'the whole lap after a double-click');
  lines.push('double-click → whole lap');

  const from = 0.25;
  const to = 0.5;
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const want = { min: whole.max * from, max: whole.max * to };
  const dragged = await waitForRange(page, 'near', want, `about ${want.min.toFixed(0)}–${want.max.toFixed(0)} m after a drag-select`);
  lines.push(`drag-select 25–50 % → ${dragged.min.toFixed(0)}–${dragged.max.toFixed(0)} m`);
  await page.getByRole('button', { name: 'Whole lap' }).click();
  await waitForRange(page, 'whole', null, 'the whole lap again');

  // Touch (pointer events as a tablet sends them): two fingers at 40 % and 60 % spread to 30 % and 70 %
  // zoom to the middle half; one finger moves the cursor.
  await over.evaluate((el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    const events: [string, number, number][] = [
      ['pointerdown', 11, 0.4],
      ['pointerdown', 12, 0.6],
      ['pointermove', 11, 0.3],
      ['pointermove', 12, 0.7],
      ['pointerup', 11, 0.3],
      ['pointerup', 12, 0.7],
    ];
    for (const [type, id, f] of events) {
      el.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 11, clientX: r.left + f * r.width, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
    }
  });
  const pinched = await waitForRange(page, 'near', { min: whole.max * 0.25, max: whole.max * 0.75 }, 'the middle half after a pinch');
  lines.push(`pinch 40/60 % → 30/70 % → ${pinched.min.toFixed(0)}–${pinched.max.toFixed(0)} m`);
  await page.getByRole('button', { name: 'Whole lap' }).click();
  await page.mouse.move(0, 0);
  lines.push(await checkCornerEdits(page));
  return lines.join('; ');
}

/** T1 as the corner table row and the map label show it. */
async function cornerOne(page: Page): Promise<{ table: string; map: string; exitM: number }> {
  const row = page.locator('[data-testid=corner-table] tbody tr.corner-row[data-corner="1"]');
  await row.waitFor({ timeout: 30_000 });
  return {
    table: (await row.locator('th').innerText()).trim(),
    map: (await page.locator('.corner-label[data-corner="1"]').innerText()).trim(),
    exitM: Number(await row.getAttribute('data-exit-m')),
  };
}

async function waitForCornerOne(page: Page, name: string, exitM: number, what: string): Promise<void> {
  await page
    .waitForFunction(
      ([n, x]) => {
        const row = document.querySelector('[data-testid=corner-table] tbody tr.corner-row[data-corner="1"]');
        const label = document.querySelector('.corner-label[data-corner="1"]');
        return row?.querySelector('th')?.textContent?.trim() === n && label?.textContent?.trim() === n && Math.abs(Number(row.getAttribute('data-exit-m')) - x) < 1.5;
      },
      [name, exitM] as const,
      { timeout: 30_000 },
    )
    .catch(async () => {
      throw new Error(`${what}: want '${name}' with exit ${exitM.toFixed(0)} m, corner table / map show ${JSON.stringify(await cornerOne(page))}`);
    });
}

/**
 * Renames T1 and moves its exit 20 m on in the corner editor (after a refused bad exit), sees the name in
 * the corner table and on the map label, reloads the page to find the edit still applied, then resets it.
 */
export async function checkCornerEdits(page: Page): Promise<string> {
  const NAME = "Charlotte's Web";
  const before = await cornerOne(page);
  assert(before.table === 'T1' && before.map === 'T1', `T1 is not named T1 before the edit: ${JSON.stringify(before)}`);
  await page.getByRole('button', { name: 'Edit corners' }).click();
  const form = page.locator('[data-testid=corner-editor] form.corner-edit[data-corner="1"]');
  await form.waitFor({ timeout: 5_000 });
  const exitInput = form.getByLabel(/Exit/);
  const exitM = Number(await exitInput.inputValue());
  const entryM = Number(await form.getByLabel(/Entry/).inputValue());
  // an exit before the entry is refused with a message and changes nothing
  await exitInput.fill(String(Math.max(0, entryM - 1)));
  await form.getByRole('button', { name: 'Save' }).click();
  const refusal = (await form.getByRole('alert').innerText({ timeout: 5_000 })).trim();
  assert(/apex|after entry/.test(refusal), `no validation message for an exit before the entry: '${refusal}'`);

  await form.getByLabel('Name').fill(NAME);
  await exitInput.fill(String(exitM + 20));
  await form.getByRole('button', { name: 'Save' }).click();
  await waitForCornerOne(page, NAME, exitM + 20, 'after saving the edit');

  await page.reload();
  await waitForCornerOne(page, NAME, exitM + 20, 'after reloading the page');

  await page.getByRole('button', { name: 'Edit corners' }).click();
  await page.locator('[data-testid=corner-editor] form.corner-edit[data-corner="1"]').getByRole('button', { name: 'Reset to detected' }).click();
  await waitForCornerOne(page, 'T1', before.exitM, 'after the reset');
  await page.getByRole('button', { name: 'Done editing' }).click();
  return `T1 → '${NAME}', exit ${exitM.toFixed(0)} → ${(exitM + 20).toFixed(0)} m (bad exit refused: '${refusal}'): shown in the corner table and on the map label, still after a reload, reset to T1`;
}
