// End-to-end test of live telemetry in the built PWA: the edge server (edge-server/main.ts, as an operator
// runs it) on real PostgreSQL with the system Mosquitto (MQTT_URL) and the project's Kafka broker
// (KAFKA_BROKERS); the demo imported into a temporary DuckDB with `etm demo` and replayed with `etm replay`
// at high speed, first through Mosquitto, then through Kafka. For each: the tablet's live view connects
// with the bootstrap key, the cars move on its map, lap times appear (and match the demo's ground truth),
// and every frame the replay published is in PostgreSQL exactly once (count and checksum per car). Then
// the forensic replay of the tablet's own stored demo (play at 16×, scrub, lap times) and the Sync button.
// Screenshots 14-live.png and 15-replay.png (1366×1024) go to test-output/. Cleans up what it started
// (Kafka only when it was not running); Mosquitto and PostgreSQL stay up.
// Run after `npm run build`: node --import tsx tests/browser/live-e2e.ts — prints 'N passed, N failed'.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import pg from 'pg';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import '../../edge-server/live/kafka/node20-shim.ts';
import { Admin } from '@platformatic/kafka';
import { quoteIdent } from '../../edge-server/storage/sql-client.ts';
import { postgresReachable, TEST_PG_URL, uniqueSchema } from '../../edge-server/storage/test-databases.ts';
import { distIsBuilt, MISSING_BUILD_MESSAGE } from '../../edge-server/start.ts';
import { KAFKA_BROKERS } from '../../scripts/kafka.ts';
import { tcpReachable } from '../live/harness.ts';
import { touchTargetsAndOverflow } from './analysis-steps.ts';
import { assert, Steps } from './harness.ts';
import { apiGet, startEdgeChild, type EdgeChild } from './live-e2e/edge-child.ts';
import { expectedStore, loadReplayInputs, replayStart, type StoredCar } from './live-e2e/replay-check.ts';
import type { ReplayInput } from '../../edge-server/live/replay/replay-plan.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_DIR = join(REPO_ROOT, 'dist');
const OUT_DIR = join(REPO_ROOT, 'test-output');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1366, height: 1024 };
const SMALL_VIEWPORT = { width: 1024, height: 768 };
const MQTT_URL = 'mqtt://127.0.0.1:1883';
const OVERALL_LIMIT_MS = 240_000;
/**
 * Frame time replayed and its speed. Car #11 ends its first flying lap 132 s in; the others start 40 s
 * apart. ~1,000 frames/s: well inside Mosquitto's default queue (1,000 messages per subscriber) even if
 * the bridge stalls for half a second on this shared machine.
 */
const REPLAY_DURATION_S = 150;
const MQTT_SPEED = 12;
const KAFKA_SPEED = 15;
/** The live lap time against the generator's truth: float64 JSON frames, one-sided timing at the line. */
const LAP_TOLERANCE_S = 0.05;

declare global {
  interface Window {
    __etmLiveMap?: { cars: () => Array<{ car: string; xM: number; yM: number; x: number; y: number; stale: boolean }>; outlinePoints: () => number };
    __etmLive?: {
      mode: string;
      state: () => string;
      frames: () => number;
      cars: () => Array<{ car: string; session: string; laps: Array<{ lap: number; lapTimeS: number; sectorsS: number[] }> }>;
      mapSource: () => string;
      replay?: { timeMs: () => number; startMs: number; endMs: number; playing: () => boolean; speed: () => number };
    };
  }
}

const out = (s: string) => process.stdout.write(`${s}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const etm = (...args: string[]) => run(process.execPath, [join(REPO_ROOT, 'bin', 'etm.mjs'), ...args]);

type MapCar = { car: string; xM: number; yM: number; x: number; y: number; stale: boolean };
const mapCars = (page: Page): Promise<MapCar[]> => page.evaluate(() => window.__etmLiveMap?.cars() ?? []);

/**
 * Two readouts of the map 1.5 s apart: how far each car moved (m and px). With `session`, only cars whose
 * latest frames belong to it count (the previous run's cars stay on the map, stale).
 */
async function carsMove(page: Page, session?: string): Promise<string> {
  // a car of the session drawn on the map (the map needs a track outline or a trail first)
  await page.waitForFunction(
    (s) => {
      const drawn = new Set((window.__etmLiveMap?.cars() ?? []).map((c) => c.car));
      return (window.__etmLive?.cars() ?? []).some((c) => (s === null || c.session === s) && drawn.has(c.car));
    },
    session ?? null,
    { timeout: 30_000, polling: 200 },
  );
  const ofSession = async () => {
    const inSession = new Set(await page.evaluate((s) => (window.__etmLive?.cars() ?? []).filter((c) => s === null || c.session === s).map((c) => c.car), session ?? null));
    return (await mapCars(page)).filter((c) => inSession.has(c.car));
  };
  const a = await ofSession();
  await page.waitForTimeout(1500);
  const b = await ofSession();
  const moves = b
    .map((q) => {
      const p = a.find((x) => x.car === q.car);
      return p ? { car: q.car, m: Math.hypot(q.xM - p.xM, q.yM - p.yM), px: Math.hypot(q.x - p.x, q.y - p.y) } : null;
    })
    .filter((m): m is { car: string; m: number; px: number } => m !== null);
  const moved = moves.filter((m) => m.m > 5 && m.px > 2);
  assert(moved.length > 0, `no car moved on the map between two readouts 1.5 s apart: ${JSON.stringify(moves)}`);
  return `${b.length} car(s) on the map; moved in 1.5 s: ${moved.map((m) => `#${m.car} ${m.m.toFixed(0)} m (${m.px.toFixed(0)} px)`).join(', ')}`;
}

interface ReplayReport {
  sessionId: string;
  cars: string[];
  frames: number;
  wallS: number;
  framesPerS: number;
}

/** Polls the store's per-car stats until the total stops short of nothing (or times out), then compares with the plan. */
async function checkStored(edge: EdgeChild, inputs: ReplayInput[], report: ReplayReport): Promise<string> {
  const deadline = Date.now() + 45_000;
  let stored: StoredCar[] = [];
  for (;;) {
    stored = (await apiGet<{ cars: StoredCar[] }>(edge, `/api/sessions/${encodeURIComponent(report.sessionId)}/stats`)).cars;
    const total = stored.reduce((n, c) => n + c.count, 0);
    if (total >= report.frames || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const total = stored.reduce((n, c) => n + c.count, 0);
  const expected = expectedStore(inputs, report.sessionId, replayStart(stored), REPLAY_DURATION_S);
  const expectedTotal = [...expected.values()].reduce((n, c) => n + c.count, 0);
  assert(expectedTotal === report.frames, `the replay reported ${report.frames} frames, its plan has ${expectedTotal}`);
  assert(total === report.frames, `PostgreSQL holds ${total} frames of session ${report.sessionId}, the replay published ${report.frames}`);
  for (const [car, e] of expected) {
    const s = stored.find((x) => x.carId === car);
    assert(s, `car ${car}: nothing stored`);
    assert(s.count === e.count, `car ${car}: ${s.count} stored, ${e.count} published`);
    assert(s.checksum === e.checksum, `car ${car}: checksum ${s.checksum} stored, ${e.checksum} published`);
  }
  assert(stored.length === expected.size, `cars stored: ${stored.map((s) => s.carId).join(', ')}; published: ${[...expected.keys()].join(', ')}`);
  return `${total} frames (${report.framesPerS} frames/s over ${report.wallS} s) = ${report.frames} published; per car ${[...expected].map(([car, e]) => `#${car} ${e.count} ${e.checksum}`).join(', ')}`;
}

interface Truth {
  drivers: Array<{ vehicleNumber: string; laps: Array<{ lap: number; lapTimeS: number }> }>;
}

/** Waits for a lap row of the session's cars on the page, then checks the laps shown against the demo's truth. */
async function lapTimesAppear(page: Page, truth: Truth, untilMs: number, session: string): Promise<string> {
  await page.waitForFunction(
    (s) => {
      const cars = new Set((window.__etmLive?.cars() ?? []).filter((c) => c.session === s).map((c) => c.car));
      return Array.from(document.querySelectorAll('tr[data-lap-row]')).some((r) => cars.has(r.getAttribute('data-car') ?? '') && Number.isFinite(Number(r.getAttribute('data-lap-time-s'))));
    },
    session,
    { timeout: Math.max(5000, untilMs - Date.now()), polling: 250 },
  ).catch(async (e: unknown) => {
    const seen = await page.evaluate(() => ({
      cars: (window.__etmLive?.cars() ?? []).map((c) => `#${c.car} ${c.session} laps ${c.laps.length}`),
      alerts: Array.from(document.querySelectorAll('.alert-item')).slice(0, 8).map((a) => (a as HTMLElement).innerText.replace(/\s+/g, ' ')),
      frames: window.__etmLive?.frames() ?? 0,
    }));
    throw new Error(`no lap time of session ${session} appeared: ${String(e)}; the view has ${JSON.stringify(seen)}`);
  });
  const rows = await page.evaluate((s) => (window.__etmLive?.cars() ?? []).filter((c) => c.session === s).flatMap((c) => c.laps.map((l) => ({ car: c.car, lap: l.lap, lapTimeS: l.lapTimeS, sectorsS: l.sectorsS }))), session);
  assert(rows.length > 0, 'lap rows on the page, but none in the view hook');
  const checked: string[] = [];
  for (const r of rows) {
    const t = truth.drivers.find((d) => d.vehicleNumber === r.car)?.laps.find((l) => l.lap === r.lap);
    assert(t, `car #${r.car} lap ${r.lap} (${r.lapTimeS} s) is not a flying lap of the demo`);
    assert(Math.abs(r.lapTimeS - t.lapTimeS) < LAP_TOLERANCE_S, `car #${r.car} lap ${r.lap}: ${r.lapTimeS.toFixed(3)} s shown, the demo drove it in ${t.lapTimeS.toFixed(3)} s`);
    const sectors = r.sectorsS.filter((s) => Number.isFinite(s) && s > 0);
    assert(sectors.length === r.sectorsS.length && sectors.length >= 3, `car #${r.car} lap ${r.lap}: sectors ${JSON.stringify(r.sectorsS)}`);
    assert(Math.abs(sectors.reduce((a, b) => a + b, 0) - r.lapTimeS) < 0.01, `car #${r.car} lap ${r.lap}: sectors do not add up to the lap time`);
    checked.push(`#${r.car} L${r.lap} ${r.lapTimeS.toFixed(3)} s (truth ${t.lapTimeS.toFixed(3)} s; sectors ${r.sectorsS.map((s) => s.toFixed(2)).join(' / ')} s)`);
  }
  return checked.join('; ');
}

async function main(): Promise<number> {
  const started = performance.now();
  if (!distIsBuilt(DIST_DIR)) {
    process.stderr.write(`${MISSING_BUILD_MESSAGE}\n`);
    return 2;
  }
  await mkdir(OUT_DIR, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'etm-live-e2e-'));
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const schema = uniqueSchema('etm_live_e2e');
  const kafkaTopic = `etm-e2e-${runId}`;
  const mqttClientId = `etm-edge-e2e-${runId}`;
  const db = join(tmp, 'demo.duckdb');
  const steps = new Steps();
  const pageErrors: string[] = [];
  let kafkaWasRunning = true;
  let edge: EdgeChild | undefined;
  let context: BrowserContext | undefined;
  const watchdog = setTimeout(() => {
    process.stderr.write(`live e2e: over ${OVERALL_LIMIT_MS / 1000} s, giving up\n`);
    process.exit(1);
  }, OVERALL_LIMIT_MS);

  try {
    let ids: string[] = [];
    let inputs: ReplayInput[] = [];
    let page!: Page;
    let truth!: Truth;

    await steps.run('services up (PostgreSQL, Mosquitto, Kafka) and the demo in a temporary DuckDB (etm demo)', async () => {
      assert(await postgresReachable(), `PostgreSQL is not reachable at ${TEST_PG_URL}`);
      assert(await tcpReachable(1883), 'Mosquitto is not listening on 127.0.0.1:1883');
      kafkaWasRunning = await tcpReachable(9092);
      const [kafka, demo] = await Promise.all([
        kafkaWasRunning ? Promise.resolve({ code: 0, stdout: '', stderr: '' }) : run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'kafka.ts'), 'ensure']),
        etm('demo', '--db', db, '--json'),
      ]);
      assert(kafka.code === 0, `the Kafka broker did not start: ${kafka.stderr.slice(-1500)}`);
      assert(demo.code === 0, `etm demo failed: ${demo.stderr.slice(-1500)}`);
      ids = (JSON.parse(demo.stdout) as { sessions: Array<{ id: string }> }).sessions.map((s) => s.id);
      assert(ids.length === 4, `the demo has ${ids.length} sessions`);
      inputs = await loadReplayInputs(db, ids);
      out(`        demo sessions ${ids.join(', ')}; Kafka ${kafkaWasRunning ? 'was running' : 'started'} at ${KAFKA_BROKERS}`);
    });

    let port = 0;
    /** The edge server's environment: the same port, database schema and data folder on every start. */
    const edgeEnv = (withKafka: boolean): Record<string, string> => ({
      PORT: String(port),
      HOST: '127.0.0.1',
      DIST_DIR,
      ETM_DATA_DIR: join(tmp, 'data'),
      ETM_DATABASE_URL: TEST_PG_URL,
      ETM_DB_SCHEMA: schema,
      ETM_TIMESCALE: 'auto',
      MQTT_URL,
      ETM_MQTT_CLIENT_ID: mqttClientId,
      ETM_RATE_LIMIT: '1000:2000',
      ...(withKafka
        ? {
            KAFKA_BROKERS,
            KAFKA_TOPIC: kafkaTopic,
            KAFKA_GROUP_ID: `etm-e2e-${runId}`,
            KAFKA_CLIENT_ID: `etm-e2e-${runId}`,
            KAFKA_START_FROM: 'earliest',
            ETM_KAFKA_DERIVED: 'off',
          }
        : {}),
    });
    const waitSources = async (want: string[]) => {
      const deadline = Date.now() + 40_000;
      let sources: Array<{ source: string; state: string }> = [];
      while (Date.now() < deadline) {
        sources = (await apiGet<{ sources: Array<{ source: string; state: string }> }>(edge!, '/api/live/status')).sources;
        if (want.every((w) => sources.some((s) => s.source === w && s.state === 'connected'))) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`sources not connected: ${JSON.stringify(sources)}`);
    };

    await steps.run('edge server (main.ts) on PostgreSQL with MQTT_URL (the system Mosquitto): source connected', async () => {
      port = await freePort();
      edge = await startEdgeChild(REPO_ROOT, edgeEnv(false));
      await waitSources(['mqtt']);
      truth = (await (await fetch(`${edge.url}/api/demo/truth.json`)).json()) as Truth;
      const storage = edge.log.find((l) => l.msg === 'storage ready');
      out(`        ${edge.url}; storage ${String(storage?.backend)} schema ${schema}`);
    });

    await steps.run('the live view (#/live) connects over WebSocket with the key the server hands this machine', async () => {
      context = await chromium.launchPersistentContext(join(tmp, 'profile'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: VIEWPORT, deviceScaleFactor: 1 });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(`${edge!.url}/#/live`, { waitUntil: 'domcontentloaded' });
      await page.locator('[data-testid=live-state][data-state=open]').waitFor({ timeout: 20_000 });
      const sources = await page.locator('.pill.source').allInnerTexts();
      assert(sources.some((s) => /mqtt: connected/.test(s)), `the view shows sources ${sources.join(', ')}`);
    });

    for (const transport of ['mqtt', 'kafka'] as const) {
      const label = transport === 'mqtt' ? 'MQTT (Mosquitto)' : 'Kafka';
      if (transport === 'kafka') {
        // A car's new session must be later in time than its last one for the bridge to time its laps;
        // the MQTT replay ran 150 s of frame time ahead of the clock, so the Kafka run gets a fresh bridge.
        await steps.run('edge server restarted with KAFKA_BROKERS too: the live view reconnects by itself (new bootstrap key)', async () => {
          const before = edge!.key;
          await edge!.stop();
          await page.locator('[data-testid=live-state]:not([data-state=open])').waitFor({ timeout: 10_000 });
          const seen = await page.getByTestId('live-state').innerText();
          edge = await startEdgeChild(REPO_ROOT, edgeEnv(true));
          await waitSources(['mqtt', 'kafka']);
          assert(edge.key !== before, 'the restarted server kept its key');
          await page.locator('[data-testid=live-state][data-state=open]').waitFor({ timeout: 30_000 });
          const sources = await page.locator('.pill.source').allInnerTexts();
          assert(sources.some((s) => /kafka: connected/.test(s)), `the view shows sources ${sources.join(', ')}`);
          out(`        while the server was down the view said '${seen.trim()}'; reconnected with the new key; sources ${sources.join(', ')}`);
        });
      }
      const speed = transport === 'mqtt' ? MQTT_SPEED : KAFKA_SPEED;
      let report!: ReplayReport;
      await steps.run(`${label}: etm replay of the 4 demo cars (${REPLAY_DURATION_S} s at ${speed}×): cars move on the live map, lap times appear`, async () => {
        const sessionId = `e2e-${transport}-${runId}`;
        const target = transport === 'mqtt' ? ['--mqtt', MQTT_URL] : ['--kafka', KAFKA_BROKERS, '--topic', kafkaTopic];
        const wallS = REPLAY_DURATION_S / speed;
        const replay = etm('replay', ...ids, ...target, '--speed', String(speed), '--db', db, '--session', sessionId, '--duration', String(REPLAY_DURATION_S), '--json');
        const moved = await carsMove(page, sessionId);
        out(`        ${moved}`);
        const laps = await lapTimesAppear(page, truth, Date.now() + (wallS + 20) * 1000, sessionId);
        out(`        laps: ${laps}`);
        if (transport === 'mqtt') await page.screenshot({ path: join(OUT_DIR, '14-live.png') });
        const r = await replay;
        assert(r.code === 0, `etm replay exited with ${r.code}: ${r.stderr.slice(-1500)}`);
        report = JSON.parse(r.stdout) as ReplayReport;
        assert(report.sessionId === sessionId && report.cars.length === 4, `report ${r.stdout}`);
        const frames = await page.evaluate(() => window.__etmLive?.frames() ?? 0);
        out(`        replay: ${report.frames} frames in ${report.wallS} s; the tablet received ${frames} frames so far (${25} Hz per car asked)`);
      });
      await steps.run(`${label}: every published frame is in PostgreSQL exactly once (count and checksum per car)`, async () => {
        out(`        ${await checkStored(edge!, inputs, report)}`);
      });
    }

    await steps.run('live view at 1024×768: no sideways scroll, touch targets ≥ 44 px', async () => {
      await page.setViewportSize(SMALL_VIEWPORT);
      await page.waitForTimeout(300);
      const layout = await touchTargetsAndOverflow(page, 44);
      await page.setViewportSize(VIEWPORT);
      assert(layout.overflowPx <= 0, `the live view scrolls sideways by ${layout.overflowPx} px`);
      assert(layout.small.length === 0, `touch targets under 44 px: ${layout.small.join('; ')}`);
    });

    await steps.run('forensic replay of the tablet’s stored demo (OPFS): 4 cars, play at 16×, scrub, lap and sector times; tablet layout', async () => {
      // the PWA imported the demo on its first start (while the live part ran)
      await page.goto(`${edge!.url}/#/sessions`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => document.querySelectorAll('tr.session-row').length >= 4, null, { timeout: 120_000, polling: 500 });
      await page.goto(`${edge!.url}/#/live?mode=replay`, { waitUntil: 'domcontentloaded' });
      await page.getByRole('button', { name: /^Replay 4 cars$/ }).click({ timeout: 20_000 });
      await page.locator('[data-testid=replay-controls]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '16×' }).click();
      await page.getByRole('button', { name: 'Play the replay' }).click();
      const moved = await carsMove(page);
      const clock = await page.evaluate(() => ({ t: window.__etmLive!.replay!.timeMs(), start: window.__etmLive!.replay!.startMs, end: window.__etmLive!.replay!.endMs, speed: window.__etmLive!.replay!.speed() }));
      assert(clock.speed === 16, `speed ${clock.speed}`);
      assert(clock.t - clock.start > 16 * 1000, `after 1.5 s at 16× the replay is only ${(clock.t - clock.start) / 1000} s in`);
      await page.getByRole('button', { name: 'Pause the replay' }).click();
      // scrub to 140 s (car #11 has finished its first flying lap): the charts follow the clock
      const scrub = page.locator('[data-testid=replay-scrub]');
      await scrub.fill(String(1400));
      await page.waitForFunction((want) => Math.abs(window.__etmLive!.replay!.timeMs() - want) < 1, clock.start + 140_000, { timeout: 5000 });
      await page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid=live-charts]')?.getAttribute('data-end-ms')) - want) < 1, clock.start + 140_000, { timeout: 5000 });
      // laps come from the analysis worker, car after car
      await page.waitForFunction(() => document.querySelector('tr[data-lap-row][data-car="11"]') !== null, null, { timeout: 90_000, polling: 500 });
      const rows = await page.evaluate(() => (window.__etmLive?.cars() ?? []).flatMap((c) => c.laps.map((l) => ({ car: c.car, lap: l.lap, lapTimeS: l.lapTimeS, sectors: l.sectorsS.length }))));
      const lap11 = rows.find((r) => r.car === '11');
      const t11 = truth.drivers.find((d) => d.vehicleNumber === '11')!.laps[0];
      assert(lap11 && lap11.lap === t11.lap && Math.abs(lap11.lapTimeS - t11.lapTimeS) < LAP_TOLERANCE_S && lap11.sectors >= 3, `replay laps ${JSON.stringify(rows)}; truth #11 L${t11.lap} ${t11.lapTimeS} s`);
      const cars = await mapCars(page);
      assert(cars.length === 4, `${cars.length} cars on the replay map`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUT_DIR, '15-replay.png') });
      await page.setViewportSize(SMALL_VIEWPORT);
      await page.waitForTimeout(300);
      const layout = await touchTargetsAndOverflow(page, 44);
      await page.setViewportSize(VIEWPORT);
      assert(layout.overflowPx <= 0 && layout.small.length === 0, `replay at 1024×768: sideways scroll ${layout.overflowPx} px; small targets: ${layout.small.join('; ')}`);
      out(`        ${moved}; at 140 s: ${rows.map((r) => `#${r.car} L${r.lap} ${r.lapTimeS.toFixed(3)} s`).join(', ')}; 1024×768: no sideways scroll, targets ≥ 44 px`);
    });

    await steps.run('Sync: the tablet pushes its sessions to the edge server (Parquet exports, chunked)', async () => {
      await page.getByTestId('sync-button').click();
      await page.locator('[data-testid=sync-state][data-phase=done], [data-testid=sync-state][data-phase=error]').waitFor({ timeout: 90_000 });
      const phase = await page.getByTestId('sync-state').getAttribute('data-phase');
      const detail = await page.getByTestId('sync-button').getAttribute('title');
      assert(phase === 'done', `sync ended '${phase}': ${detail}`);
      const feed = await apiGet<{ changes: Array<{ id: string; fileName: string; bytes: number; meta: { vehicleNumber?: string } }> }>(edge!, '/api/sync/sessions');
      const cars = feed.changes.map((c) => c.meta.vehicleNumber).sort();
      assert(JSON.stringify(cars) === JSON.stringify(['11', '22', '33', '44']), `the server holds ${JSON.stringify(feed.changes.map((c) => [c.fileName, c.meta.vehicleNumber]))}`);
      out(`        ${detail}; server: ${feed.changes.map((c) => `${c.fileName} ${(c.bytes / 1e6).toFixed(1)} MB`).join(', ')}`);
    });

    await steps.run('Sync on a second tablet (fresh browser profile): the team’s sessions are pulled and imported', async () => {
      const second = await chromium.launchPersistentContext(join(tmp, 'profile-2'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: VIEWPORT, deviceScaleFactor: 1 });
      try {
        // this tablet has no demo of its own: whatever it shows comes from the pull
        await second.addInitScript(() => localStorage.setItem('etm.demoLoaded', '1'));
        const p2 = second.pages()[0] ?? (await second.newPage());
        p2.on('pageerror', (e) => pageErrors.push(`second tablet: ${e.message}`));
        await p2.goto(`${edge!.url}/#/sessions`, { waitUntil: 'domcontentloaded' });
        await p2.getByText('No sessions stored yet').waitFor({ timeout: 30_000 });
        await p2.getByTestId('sync-button').click();
        await p2.locator('[data-testid=sync-state][data-phase=done], [data-testid=sync-state][data-phase=error]').waitFor({ timeout: 90_000 });
        const detail = await p2.getByTestId('sync-button').getAttribute('title');
        assert((await p2.getByTestId('sync-state').getAttribute('data-phase')) === 'done', `sync: ${detail}`);
        await p2.waitForFunction(() => document.querySelectorAll('tr.session-row').length === 4, null, { timeout: 30_000 });
        const files = (await p2.locator('tr.session-row td.source-file').allInnerTexts()).sort();
        assert(files.every((f) => /^etm-demo-session-\d\d-practice-1\.parquet$/.test(f.trim())), `pulled sessions: ${files.join(', ')}`);
        out(`        ${detail}: ${files.join(', ')}`);
      } finally {
        await second.close().catch(() => undefined);
      }
    });

    await steps.run('no uncaught errors in the page', async () => {
      assert(pageErrors.length === 0, `uncaught: ${pageErrors.join(' | ')}`);
    });
  } finally {
    clearTimeout(watchdog);
    await context?.close().catch(() => undefined);
    await edge?.stop().catch(() => undefined);
    await cleanUp({ schema, mqttClientId, kafkaTopic, stopKafka: !kafkaWasRunning });
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }

  const { passed, failed, notRun } = steps.summary();
  out(`\nscreenshots: ${OUT_DIR} (14-live.png, 15-replay.png)\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (notRun) out(`(${notRun} of the failed steps did not run after the first failure)`);
  out(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** Drops the test schema, the bridge's persistent Mosquitto session and the Kafka topic; stops Kafka if this run started it. */
async function cleanUp(o: { schema: string; mqttClientId: string; kafkaTopic: string; stopKafka: boolean }): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client
    .connect()
    .then(() => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(o.schema)} CASCADE`))
    .catch((e: unknown) => out(`cleanup: schema ${o.schema} not dropped: ${String(e)}`));
  await client.end().catch(() => undefined);
  // a clean-session connect with the bridge's client id discards the session Mosquitto keeps for it
  await mqtt
    .connectAsync(MQTT_URL, { clientId: o.mqttClientId, clean: true, connectTimeout: 3000, reconnectPeriod: 0 })
    .then((c) => c.endAsync())
    .catch(() => undefined);
  const admin = new Admin({ clientId: 'etm-e2e-cleanup', bootstrapBrokers: [KAFKA_BROKERS], retries: 1, timeout: 5000 });
  await admin.deleteTopics({ topics: [o.kafkaTopic] }).catch(() => undefined);
  await admin.close().catch(() => undefined);
  if (o.stopKafka) await run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'kafka.ts'), 'stop']).catch(() => undefined);
}

process.exit(await main());
