// Browser checks of the energy view, used by run.ts: the FlowGrid (raster with both braking blue and
// traction red, compute path named, hover readout with units), lap A − lap B and driver vs driver, the 3D
// ribbon on (software) WebGL including a lost and restored context, the sortable energy table, and the
// power-demand model (committed model evaluated, a short training run in the model worker), and the vehicle
// parameters (edited, validated, saved with the session, kept over a reload, reset to the preset). Each check
// returns one line for the log; a failed expectation throws. Functions passed to page.evaluate declare no
// named inner functions (tsx would wrap them in a helper the page lacks).

import type { Page } from 'playwright-core';
import { assert } from './harness.ts';

declare global {
  interface Window {
    __etmFlowGrid?: { pointAt: (distanceM: number) => { x: number; y: number } | null; mode: () => 'lap' | 'difference' };
    __etmEnergy3D?: {
      stats: () => { drawn: number; reddish: number; bluish: number; renderer: string } | null;
      loseContext: () => void;
      restoreContext: () => void;
    };
  }
}

const FLOW = '[data-testid=flowgrid-canvas]';
const LEGEND = '[data-testid=flowgrid-legend]';
const READOUT = '[data-testid=flowgrid-readout]';
const BOX_3D = '.energy-3d-box';

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

/** Share of the FlowGrid canvas's pixels that are drawn, bluish (braking) and reddish (traction). */
async function flowInk(page: Page): Promise<{ drawn: number; blue: number; red: number }> {
  return page.locator(FLOW).evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return { drawn: 0, blue: 0, red: 0 };
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    let blue = 0;
    let red = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] === 0) continue;
      drawn++;
      if (px[i + 2] > px[i] + 60) blue++;
      if (px[i] > px[i + 2] + 60 && px[i] > px[i + 1] + 20) red++;
    }
    const n = c.width * c.height;
    return { drawn: drawn / n, blue: blue / n, red: red / n };
  });
}

async function hoverAt(page: Page, distanceM: number): Promise<string> {
  await page.locator(FLOW).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const point = await page.evaluate((d) => window.__etmFlowGrid?.pointAt(d) ?? null, distanceM);
  assert(point, `the FlowGrid reports no position for ${distanceM} m`);
  await page.mouse.move(point.x, point.y);
  await page.locator(`${READOUT} dl`).waitFor({ timeout: 5_000 });
  // label, value and unit of each item (innerText would upper-case the labels, as the CSS shows them)
  const items = await page.locator(`${READOUT} dl > div`).evaluateAll((divs) =>
    divs.map((d) => `${d.querySelector('dt')?.textContent ?? ''} ${d.querySelector('dd')?.firstChild?.textContent ?? ''} ${d.querySelector('dd .unit')?.textContent ?? ''}`),
  );
  return items.join(' · ');
}

/** From the lap analysis view: the Energy link, lap energies with progress, and the FlowGrid of the fastest lap. */
export async function checkFlowGrid(page: Page): Promise<string> {
  const t0 = performance.now();
  await page.locator('.analysis-head').getByRole('link', { name: 'Energy' }).click();
  await page.waitForURL(/#\/energy\?session=/, { timeout: 10_000 });
  const progressSeen = await page
    .locator('progress[aria-label="Energy progress"]')
    .first()
    .waitFor({ state: 'visible', timeout: 3_000 })
    .then(() => true, () => false);
  await page.locator('.flow-grid[data-mode=lap]').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => Boolean(window.__etmFlowGrid), null, { timeout: 5_000 });
  const drawnS = seconds(t0);
  const compute = (await page.getByTestId('compute-path').innerText()).trim();
  assert(/^Compute: (CPU|WebGPU · .+)$/.test(compute), `the compute path badge says '${compute}'`);
  const ink = await flowInk(page);
  assert(ink.drawn > 0.02, `the FlowGrid is nearly blank (${(ink.drawn * 100).toFixed(2)} % drawn)`);
  assert(ink.blue > 0.0005 && ink.red > 0.0005, `the FlowGrid lacks braking blue (${(ink.blue * 100).toFixed(3)} %) or traction red (${(ink.red * 100).toFixed(3)} %)`);
  const legend = (await page.locator(LEGEND).innerText()).replace(/\s+/g, ' ');
  assert(/Net power/.test(legend) && /kW/.test(legend) && !/Δ/.test(legend), `the lap legend reads '${legend.slice(0, 160)}'`);
  const readout = await hoverAt(page, 1000);
  for (const want of ['Distance', 'Net power', 'Braking', 'Traction', 'Speed', 'kW', 'km/h']) assert(readout.includes(want), `the hover readout lacks '${want}': ${readout}`);
  await page.mouse.move(0, 0);
  return `FlowGrid in ${drawnS} s (progress bar ${progressSeen ? 'seen' : 'not seen: fast'}); ${compute}; ${(ink.drawn * 100).toFixed(1)} % of the canvas drawn, ${(ink.blue * 100).toFixed(2)} % blue, ${(ink.red * 100).toFixed(2)} % red; hover: '${readout.slice(0, 110)}'`;
}

/** Lap A − lap B, then driver vs driver: the legend and the readout switch to Δ values. */
export async function checkDifference(page: Page): Promise<{ lapDiff: string; drivers: () => Promise<string> }> {
  const t0 = performance.now();
  const before = await page.locator(LEGEND).innerText();
  await page.getByRole('group', { name: 'FlowGrid mode' }).getByRole('button', { name: 'Lap A − lap B' }).click();
  await page.locator('.flow-grid[data-mode=difference]').waitFor({ timeout: 30_000 });
  const legend = (await page.locator(LEGEND).innerText()).replace(/\s+/g, ' ');
  assert(legend !== before && /Δ net power/.test(legend) && /A − B/.test(legend) && /kW/.test(legend), `the difference legend reads '${legend.slice(0, 160)}'`);
  const ink = await flowInk(page);
  assert(ink.drawn > 0.02, `the difference FlowGrid is nearly blank (${(ink.drawn * 100).toFixed(2)} % drawn)`);
  const readout = await hoverAt(page, 1500);
  for (const want of ['Δ net power', 'Δ braking', 'Δ traction', 'Δ speed', 'kW', 'km/h']) assert(readout.includes(want), `the difference readout lacks '${want}': ${readout}`);
  const totals = (await page.getByTestId('flow-totals').innerText()).replace(/\s+/g, ' ');
  assert(/A − B: [+−±]\d+\.\d{3} s/.test(totals), `the difference totals read '${totals}'`);
  await page.mouse.move(0, 0);
  const lapDiff = `lap A − lap B in ${seconds(t0)} s: legend '${legend.slice(0, 70)}…'; '${totals.slice(totals.indexOf('A − B'))}'`;

  const drivers = async () => {
    const t1 = performance.now();
    await page.getByRole('group', { name: 'FlowGrid mode' }).getByRole('button', { name: 'Driver vs driver' }).click();
    // the FlowGrid's key names lap A's and lap B's sessions: they differ once the other driver's lap is in
    await page.waitForFunction(
      () => {
        const key = document.querySelector('.flow-grid[data-mode=difference]')?.getAttribute('data-key') ?? '';
        const [a, b] = key.split('|');
        return Boolean(a && b) && a.slice(0, a.lastIndexOf(':')) !== b.slice(0, b.lastIndexOf(':'));
      },
      null,
      { timeout: 60_000 },
    );
    const dl = (await page.locator(LEGEND).innerText()).replace(/\s+/g, ' ');
    assert(/B #\d+|B DEMO/.test(dl), `the driver-vs-driver legend does not name the other car: ${dl.slice(0, 120)}`);
    const dInk = await flowInk(page);
    assert(dInk.drawn > 0.02, 'the driver-vs-driver FlowGrid is nearly blank');
    const dt = (await page.getByTestId('flow-totals').innerText()).replace(/\s+/g, ' ');
    return `driver vs driver in ${seconds(t1)} s: '${dl.slice(0, 90)}…'; '${dt.slice(dt.indexOf('A − B'))}'`;
  };
  return { lapDiff, drivers };
}

/** Back to lap A alone for the 3D view. */
export async function showLapA(page: Page): Promise<void> {
  await page.getByRole('group', { name: 'FlowGrid mode' }).getByRole('button', { name: 'Lap A', exact: true }).click();
  await page.locator('.flow-grid[data-mode=lap]').waitFor({ timeout: 30_000 });
}

async function stats3d(page: Page): Promise<{ drawn: number; reddish: number; bluish: number; renderer: string }> {
  const s = await page.evaluate(() => window.__etmEnergy3D?.stats() ?? null);
  assert(s, 'the 3D view reports no statistics (not rendering)');
  return s;
}

/** The 3D ribbon renders on WebGL (power with red and blue, then speed), survives a lost context. */
export async function check3D(page: Page): Promise<string> {
  const t0 = performance.now();
  await page.locator('#ribbon-title').scrollIntoViewIfNeeded();
  await page.locator(`${BOX_3D}[data-status=ready]`).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => Boolean(window.__etmEnergy3D), null, { timeout: 10_000 });
  const power = await stats3d(page);
  assert(power.drawn > 0.03, `the 3D view is nearly blank (${(power.drawn * 100).toFixed(2)} % drawn)`);
  assert(power.reddish > 0.0005 && power.bluish > 0.0005, `the power ribbon lacks red (${(power.reddish * 100).toFixed(3)} %) or blue (${(power.bluish * 100).toFixed(3)} %)`);
  const shownS = seconds(t0);

  await page.getByRole('group', { name: 'The ribbon shows' }).getByRole('button', { name: 'Speed' }).click();
  await page.waitForFunction(() => /km\/h/.test(document.querySelector('[data-testid=energy-3d-legend]')?.textContent ?? ''), null, { timeout: 5_000 });
  const speed = await stats3d(page);
  assert(speed.drawn > 0.03, `the speed ribbon is nearly blank (${(speed.drawn * 100).toFixed(2)} %)`);
  await page.getByRole('group', { name: 'The ribbon shows' }).getByRole('button', { name: 'Power' }).click();

  // orbit with a drag: the picture changes
  const box = (await page.locator(`${BOX_3D} canvas`).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.45, { steps: 5 });
  await page.mouse.up();
  const orbited = await stats3d(page);
  assert(Math.abs(orbited.drawn - power.drawn) > 1e-4, 'dragging the 3D view did not change the picture');
  await page.getByRole('button', { name: 'Reset view' }).click();

  const t1 = performance.now();
  await page.evaluate(() => window.__etmEnergy3D?.loseContext());
  await page.locator(`${BOX_3D}[data-status=lost] .energy-3d-message`).waitFor({ timeout: 5_000 });
  await page.evaluate(() => window.__etmEnergy3D?.restoreContext());
  await page.locator(`${BOX_3D}[data-status=ready]`).waitFor({ timeout: 10_000 });
  const restored = await stats3d(page);
  assert(restored.drawn > 0.03, `after the context was restored the 3D view is blank (${(restored.drawn * 100).toFixed(2)} %)`);
  return `${power.renderer}; power ribbon ${(power.drawn * 100).toFixed(1)} % drawn (${(power.reddish * 100).toFixed(2)} % red, ${(power.bluish * 100).toFixed(2)} % blue) in ${shownS} s; speed ribbon ${(speed.drawn * 100).toFixed(1)} %; orbit drag changes the view; context lost and restored in ${seconds(t1)} s (${(restored.drawn * 100).toFixed(1)} % drawn again)`;
}

/** Corner and sector energies with units, sortable; a row outlines its stretch on the map. */
export async function checkEnergyTable(page: Page): Promise<string> {
  const table = page.getByTestId('energy-table');
  await table.scrollIntoViewIfNeeded();
  const rows = table.locator('tbody tr.energy-row');
  const corners = await rows.count();
  assert(corners >= 3, `${corners} corners in the energy table`);
  const headers = (await table.locator('thead th').allTextContents()).join(' | ');
  for (const unit of ['kJ', 'kW', '%', 's', 'm']) assert(headers.includes(unit), `no energy column in ${unit}: ${headers}`);
  const cells = await rows.first().locator('td').allInnerTexts();
  const numeric = cells.filter((c) => /^-?\d+(\.\d+)?$/.test(c.trim()));
  assert(numeric.length >= 10, `the first corner row has few numbers: ${cells.join(' | ')}`);
  const traction = async () => (await rows.locator('td:nth-of-type(4)').allInnerTexts()).map(Number);
  await table.getByRole('button', { name: 'Traction kJ', exact: true }).click();
  const asc = await traction();
  assert(asc.every((v, i) => i === 0 || v >= asc[i - 1]), `not sorted by traction ascending: ${asc.join(', ')}`);
  await table.getByRole('button', { name: 'Traction kJ', exact: true }).click();
  const desc = await traction();
  assert(desc.every((v, i) => i === 0 || v <= desc[i - 1]), `not sorted by traction descending: ${desc.join(', ')}`);
  const total = Number((await table.locator('tfoot td:nth-of-type(4)').innerText()).trim());
  const sum = asc.reduce((s, v) => s + v, 0);
  assert(Math.abs(total - sum) < 0.2 * asc.length, `the traction total ${total} kJ is not the sum of the corners (${sum.toFixed(1)} kJ)`);
  await rows.first().getByRole('button').click();
  const pressed = await rows.first().getByRole('button').getAttribute('aria-pressed');
  assert(pressed === 'true', 'tapping a corner did not select it');
  await page.getByRole('group', { name: 'Rows' }).getByRole('button', { name: 'Sectors' }).click();
  await page.locator('[data-testid=energy-table][data-kind=sector]').waitFor({ timeout: 5_000 });
  const sectors = await rows.count();
  assert(sectors >= 2, `${sectors} sectors in the energy table`);
  const vehicle = await checkVehicle(page);
  return `${corners} corners (sorted by traction both ways; total ${total.toFixed(1)} kJ = Σ corners), ${sectors} sectors; first corner: ${cells.slice(2, 6).join(' | ')}\n        vehicle: ${vehicle}`;
}

const LAP_TRACTION = '[data-testid=energy-table] tfoot td:nth-of-type(4)';

async function lapTractionKJ(page: Page): Promise<number> {
  return Number((await page.locator(LAP_TRACTION).innerText()).trim());
}

/** Waits until the energy table's lap traction total satisfies `test` (the energies are recomputed in the worker). */
async function waitForLapTraction(page: Page, test: 'above' | 'near', kJ: number): Promise<number> {
  await page.waitForFunction(
    ({ sel, test, kJ }) => {
      const v = Number(document.querySelector(sel)?.textContent?.trim() ?? 'NaN');
      return test === 'above' ? v > kJ + 0.5 : Math.abs(v - kJ) <= 0.15;
    },
    { sel: LAP_TRACTION, test, kJ },
    { timeout: 30_000 },
  ).catch(async () => {
    const now = await lapTractionKJ(page).catch(() => Number.NaN);
    throw new Error(`the lap traction total stays at ${now} kJ (wanted ${test === 'above' ? 'above' : 'within 0.15 kJ of'} ${kJ} kJ)`);
  });
  return lapTractionKJ(page);
}

async function openVehicleForm(page: Page): Promise<void> {
  const summary = page.locator('[data-testid=vehicle-panel] .vehicle-summary');
  await summary.scrollIntoViewIfNeeded();
  if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click();
  await page.getByRole('form', { name: 'Vehicle parameters' }).waitFor({ timeout: 5_000 });
}

/**
 * The vehicle panel: a bad mass is refused with a message at the field; +100 kg saved with the session raises
 * the lap's traction energy in the energy table; after a page reload the saved mass is still in use; Reset to
 * preset brings back the preset's values and the original energies.
 */
export async function checkVehicle(page: Page): Promise<string> {
  const t0 = performance.now();
  await page.getByRole('group', { name: 'Rows' }).getByRole('button', { name: 'Corners' }).click();
  await page.locator('[data-testid=energy-table][data-kind=corner]').waitFor({ timeout: 5_000 });
  const before = await lapTractionKJ(page);
  assert(before > 0, `the lap traction total reads ${before} kJ`);
  const source0 = (await page.getByTestId('vehicle-source').innerText()).trim();
  assert(/^preset /.test(source0), `a fresh session's vehicle source reads '${source0}'`);
  await openVehicleForm(page);
  const form = page.getByRole('form', { name: 'Vehicle parameters' });
  const mass = form.getByLabel(/^Mass/);
  const mass0 = Number(await mass.inputValue());
  assert(mass0 >= 100 && mass0 <= 5000, `the mass field reads '${mass0}'`);
  for (const unit of ['kg', 'm²', 'kg/m³', 'kg·m²', 'm']) assert((await form.innerText()).includes(unit), `the vehicle form shows no '${unit}'`);

  await mass.fill('-5');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const error = form.locator('#vehicle-massKg-error');
  await error.waitFor({ timeout: 5_000 });
  const message = (await error.innerText()).trim();
  assert(/massKg = -5 kg is outside 100–5000 kg/.test(message), `the mass error reads '${message}'`);
  assert((await mass.getAttribute('aria-invalid')) === 'true', 'the bad mass field is not marked invalid');

  await mass.fill(String(mass0 + 100));
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('vehicle-source').filter({ hasText: /^saved with the session$/ }).waitFor({ timeout: 30_000 });
  const heavier = await waitForLapTraction(page, 'above', before);
  assert(!(await error.isVisible()), 'the mass error stays after a valid save');
  const summary = (await page.getByTestId('vehicle-summary').innerText()).replace(/\s+/g, ' ');
  assert(summary.startsWith(`${(mass0 + 100).toFixed(0)} kg`), `the vehicle summary reads '${summary}'`);

  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('.flow-grid[data-mode=lap]').waitFor({ timeout: 60_000 });
  await page.getByTestId('energy-table').waitFor({ timeout: 10_000 });
  const reloaded = await waitForLapTraction(page, 'near', heavier);
  const source1 = (await page.getByTestId('vehicle-source').innerText()).trim();
  assert(source1 === 'saved with the session', `after the reload the vehicle source reads '${source1}'`);
  await openVehicleForm(page);
  const kept = Number(await page.getByRole('form', { name: 'Vehicle parameters' }).getByLabel(/^Mass/).inputValue());
  assert(kept === mass0 + 100, `after the reload the mass field reads ${kept} kg, not the saved ${mass0 + 100} kg`);

  const form2 = page.getByRole('form', { name: 'Vehicle parameters' });
  await form2.getByRole('button', { name: 'Reset to preset' }).click();
  await page.getByTestId('vehicle-source').filter({ hasText: /= preset / }).waitFor({ timeout: 30_000 });
  const reset = await waitForLapTraction(page, 'near', before);
  const massReset = Number(await form2.getByLabel(/^Mass/).inputValue());
  assert(massReset === mass0, `after Reset to preset the mass field reads ${massReset} kg, not ${mass0} kg`);
  const source2 = (await page.getByTestId('vehicle-source').innerText()).trim();
  return `${source0}: ${mass0} kg, lap traction ${before.toFixed(1)} kJ; −5 kg refused ('${message}'); saved ${mass0 + 100} kg → ${heavier.toFixed(1)} kJ; after a reload still ${kept} kg (${reloaded.toFixed(1)} kJ, ${source1}); reset → ${massReset} kg, ${reset.toFixed(1)} kJ (${source2}) in ${seconds(t0)} s`;
}

/** The committed model is evaluated on the session; a short training run in the model worker reports held-out errors. */
export async function checkPowerModel(page: Page): Promise<string> {
  const panel = page.getByTestId('power-model');
  await panel.scrollIntoViewIfNeeded();
  const committed = page.getByTestId('committed-metrics');
  await committed.waitFor({ timeout: 30_000 });
  const committedText = (await committed.locator('tbody').innerText()).replace(/\s+/g, ' ');
  assert(/Traction \d+\.\d+ \d+\.\d+/.test(committedText), `committed model metrics: ${committedText}`);
  const t0 = performance.now();
  await panel.getByRole('group', { name: 'Epochs' }).getByRole('button', { name: '10 epochs' }).click();
  await panel.getByRole('button', { name: 'Train', exact: true }).click();
  await page.locator('progress[aria-label="Training progress"]').waitFor({ timeout: 10_000 });
  const trained = page.getByTestId('trained-metrics');
  await trained.waitFor({ timeout: 90_000 });
  const rows = await trained.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => Number(td.textContent))));
  for (const [name, r] of [['traction', rows[0]], ['braking', rows[1]]] as const) {
    const [mae, rmse, , baseMae, baseRmse] = r;
    assert(mae < baseMae && rmse < baseRmse, `trained ${name}: MAE ${mae} / RMSE ${rmse} kW not better than the baseline ${baseMae} / ${baseRmse} kW`);
  }
  const note = (await page.getByTestId('trained-model').locator('p').first().innerText()).replace(/\s+/g, ' ');
  const backend = /TensorFlow\.js (\w+) backend/.exec(note)?.[1] ?? '?';
  return `committed model on this session: ${committedText}; trained 10 epochs on ${backend} in ${seconds(t0)} s: held-out MAE traction ${rows[0][0]} kW (baseline ${rows[0][3]}), braking ${rows[1][0]} kW (baseline ${rows[1][3]}); lap energy error ${rows[0][2]} % / ${rows[1][2]} %`;
}
