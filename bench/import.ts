// Import benchmark: a generated GR Cup long-format CSV (≥ 200 MB, 20 cars, mixed rates) read by our
// long-csv importer, by DuckDB-WASM read_csv and by native DuckDB read_csv, in one run.
// Run: node --import tsx bench/import.ts [--mb 200] [--runs 2]. Progress goes to stderr.

import { createWriteStream, existsSync, mkdirSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLongCsv } from '../workers/ingest/csv/long-format.ts';
import { importIntoStore } from '../workers/pipeline/import-into-store.ts';
import { SessionStore } from '../workers/storage/session-store.ts';
import type { SqlDriver } from '../workers/storage/sql-driver.ts';
import { openDuckDBNodeDriver } from '../cli/node/duckdb-node-driver.ts';
import { openDuckDBWasmNodeDriver } from '../cli/node/duckdb-wasm-node.ts';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Generator: the GR Cup layout and channel set; 9 channels at ~23 Hz and 3 at ~4.6 Hz per car.
// Rows come in 1-second Kafka-like batches written newest first, as in the real raw export.

const HEADER = 'expire_at,lap,meta_event,meta_session,meta_source,meta_time,original_vehicle_id,outing,telemetry_name,telemetry_value,timestamp,vehicle_id,vehicle_number\n';
const FAST = ['accx_can', 'accy_can', 'aps', 'pbrake_r', 'pbrake_f', 'gear', 'VBOX_Long_Minutes', 'VBOX_Lat_Min', 'Steering_Angle'];
const SLOW = ['Laptrigger_lapdist_dls', 'nmot', 'speed'];
const CARS = 20;
const FAST_MS = 43;
const SLOW_EVERY = 5; // 4.65 Hz
const LAP_S = 98;
const ECU_T0 = Date.UTC(2025, 8, 5, 0, 27, 38, 589);
const WALL_OFFSET_MS = 1 * 86400000 + 18 * 3600000 + 12 * 60000 + 21333;

function channelValue(name: string, car: number, tS: number): string {
  const phase = ((tS + car * 1.7) % LAP_S) / LAP_S; // position on the lap 0..1
  const w = 2 * Math.PI * phase;
  const speedKmh = 125 + 55 * Math.sin(3 * w) + 8 * Math.sin(7 * w + car);
  switch (name) {
    // `n * 0.001` leaves the same float artefacts as the real file (0.34600000000000003)
    case 'accx_can': return String(Math.round(0.9 * Math.cos(3 * w) * 1000) * 0.001);
    case 'accy_can': return String(Math.round(1.3 * Math.sin(5 * w + car) * 1000) * 0.001);
    case 'aps': return String(Math.max(0, Math.min(100, Math.round((60 + 60 * Math.sin(3 * w + 0.4)) * 100) / 100)));
    case 'pbrake_f': return String(Math.max(0, Math.round(-90 * Math.sin(3 * w + 0.4) * 1000) / 1000));
    case 'pbrake_r': return String(Math.max(0, Math.round(-88 * Math.sin(3 * w + 0.4) * 1000) / 1000));
    case 'gear': return String(2 + Math.floor((speedKmh - 60) / 40));
    case 'VBOX_Long_Minutes': return String(Math.fround(-86.6195 + 0.004 * Math.cos(w)));
    case 'VBOX_Lat_Min': return String(Math.fround(33.5325 + 0.003 * Math.sin(w)));
    case 'Steering_Angle': return String(Math.round(90 * Math.sin(5 * w + car) * 10) * 0.1);
    case 'Laptrigger_lapdist_dls': return String(Math.round(phase * 3700));
    case 'nmot': return String(Math.round(4000 + speedKmh * 20));
    default: return String(Math.round(speedKmh * 100) / 100);
  }
}

interface Generated { bytes: number; rows: number; cars: number }

async function generate(file: string, targetBytes: number): Promise<Generated> {
  const out = createWriteStream(file);
  const write = (s: string) => new Promise<void>((resolve) => { if (out.write(s)) resolve(); else out.once('drain', () => resolve()); });
  await write(HEADER);
  let bytes = HEADER.length;
  let rows = 0;
  let step = 0;
  let nextLog = 20e6;
  const ids = Array.from({ length: CARS }, (_, c) => `GR86-${String(2 + c * 3).padStart(3, '0')}-${c + 2}`);
  const batchSteps = Math.round(1000 / FAST_MS);
  while (bytes < targetBytes) {
    const batch: string[] = [];
    for (let k = 0; k < batchSteps; k++, step++) {
      const tMs = ECU_T0 + step * FAST_MS;
      const tS = (tMs - ECU_T0) / 1000;
      const ts = new Date(tMs).toISOString();
      for (let c = 0; c < CARS; c++) {
        const wall = new Date(tMs + WALL_OFFSET_MS + 150 + ((step * 7 + c * 13) % 40)).toISOString();
        const lap = 1 + Math.floor((tS + c * 1.7) / LAP_S);
        const pre = `,${lap},I_R06_2025-09-07,R1,kafka:gr-raw,${wall},${ids[c]},0,`;
        const post = `,${ts},${ids[c]},${c + 2}\n`;
        const names = step % SLOW_EVERY === 0 ? [...FAST, ...SLOW] : FAST;
        for (const name of names) batch.push(`${pre}${name},${channelValue(name, c, tS)}${post}`);
      }
    }
    batch.reverse();
    const text = batch.join('');
    bytes += Buffer.byteLength(text);
    rows += batch.length;
    await write(text);
    if (bytes >= nextLog) { log(`  generated ${(bytes / 1e6).toFixed(0)} MB`); nextLog += 20e6; }
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return { bytes, rows, cars: CARS };
}

async function ensureFile(mb: number): Promise<{ file: string; info: Generated }> {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `grcup-long-${mb}mb.csv`);
  const infoFile = `${file}.json`;
  if (existsSync(file) && existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as Generated;
    if (statSync(file).size === info.bytes) { log(`reusing ${path.relative(process.cwd(), file)}`); return { file, info }; }
  }
  log(`generating ${path.relative(process.cwd(), file)} (≥ ${mb} MB)…`);
  const info = await generate(file, mb * 1e6);
  writeFileSync(infoFile, JSON.stringify(info));
  return { file, info };
}

// ---------------------------------------------------------------------------------------------

interface Result { label: string; seconds: number; rows: number; bytes: number }

const mbs = (r: Result) => r.bytes / 1e6 / r.seconds;
const rowsPerS = (r: Result) => r.rows / r.seconds;
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

async function ours(file: string, info: Generated, runs: number): Promise<Result> {
  let best = Infinity;
  let samples = 0;
  for (let run = 1; run <= runs; run++) {
    const blob = await openAsBlob(file);
    const t0 = performance.now();
    const sessions = await readLongCsv({ name: path.basename(file), blob }, {});
    const s = (performance.now() - t0) / 1000;
    samples = sessions.reduce((n, x) => n + x.channels.reduce((m, c) => m + c.values.length, 0), 0);
    log(`  ours run ${run}: ${s.toFixed(2)} s, ${sessions.length} sessions, ${samples} samples`);
    best = Math.min(best, s);
  }
  return { label: 'ours (long-csv → Session[])', seconds: best, rows: info.rows, bytes: info.bytes };
}

/** The whole import as the app and the CLI run it: content hash, parse, and the atomic write into the session store. */
async function oursIntoStore(file: string, info: Generated, label: string, open: () => Promise<SqlDriver>): Promise<Result> {
  const driver = await open();
  const store = await SessionStore.open(driver);
  const blob = await openAsBlob(file);
  const t0 = performance.now();
  const r = await importIntoStore(store, { name: path.basename(file), blob });
  const s = (performance.now() - t0) / 1000;
  log(`  ${label}: ${s.toFixed(2)} s, ${r.sessions.length} sessions stored`);
  await driver.close();
  return { label, seconds: s, rows: info.rows, bytes: info.bytes };
}

async function duckdbWasm(file: string, info: Generated): Promise<Result> {
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  db.registerFileURL('bench.csv', file, duckdb.DuckDBDataProtocol.NODE_FS, false);
  const t0 = performance.now();
  conn.query(`CREATE TABLE t AS SELECT * FROM read_csv('bench.csv')`);
  const s = (performance.now() - t0) / 1000;
  const n = Number(conn.query('SELECT count(*) AS n FROM t').toArray()[0].toJSON().n);
  if (n !== info.rows) throw new Error(`DuckDB-WASM read ${n} rows, expected ${info.rows}`);
  conn.close();
  db.reset();
  return { label: 'DuckDB-WASM read_csv', seconds: s, rows: n, bytes: info.bytes };
}

async function duckdbNative(file: string, info: Generated): Promise<Result> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const threads = (await conn.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjects()[0].t;
  const t0 = performance.now();
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
  const s = (performance.now() - t0) / 1000;
  const n = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjects()[0].n);
  if (n !== info.rows) throw new Error(`native DuckDB read ${n} rows, expected ${info.rows}`);
  conn.closeSync();
  return { label: `native DuckDB read_csv (${threads} threads)`, seconds: s, rows: n, bytes: info.bytes };
}

async function main(): Promise<void> {
  const mb = arg('mb', 200);
  const runs = arg('runs', 2);
  const { file, info } = await ensureFile(mb);
  log(`file: ${(info.bytes / 1e6).toFixed(1)} MB, ${info.rows} rows, ${info.cars} cars`);

  log('(a) ours…');
  const a = await ours(file, info, runs);
  const rssAfterOurs = maxRssMb();
  log('(a2) ours into the session store (hash + parse + store)…');
  const a2 = await oursIntoStore(file, info, 'ours + store in DuckDB-WASM', () => openDuckDBWasmNodeDriver());
  const a3 = await oursIntoStore(file, info, 'ours + store in native DuckDB', () => openDuckDBNodeDriver(':memory:'));
  log('(b) DuckDB-WASM…');
  const b = await duckdbWasm(file, info);
  log('(c) native DuckDB…');
  const c = await duckdbNative(file, info);

  const line = (r: Result) => `${r.label.padEnd(42)} ${r.seconds.toFixed(2).padStart(7)} s ${mbs(r).toFixed(1).padStart(8)} MB/s ${(rowsPerS(r) / 1e6).toFixed(2).padStart(7)} M rows/s`;
  console.log(`\nGR Cup long CSV: ${(info.bytes / 1e6).toFixed(1)} MB, ${info.rows} rows, ${info.cars} cars (node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
  console.log(line(a));
  console.log(line(a2));
  console.log(line(a3));
  console.log(line(b));
  console.log(line(c));
  const vsWasm = mbs(a) / mbs(b);
  const vsNative = mbs(a) / mbs(c);
  console.log(`ours / DuckDB-WASM: ${vsWasm.toFixed(2)}×   target > 1: ${vsWasm > 1 ? 'HOLDS' : 'MISSED'}`);
  console.log(`ours / native DuckDB: ${vsNative.toFixed(2)}×   target ≥ 1/3: ${vsNative >= 1 / 3 ? 'HOLDS' : 'MISSED'}`);
  console.log(`ours ≥ 100 MB/s: ${mbs(a) >= 100 ? 'HOLDS' : 'MISSED'}`);
  console.log(`whole import into the store (the app's path) / DuckDB-WASM read_csv: ${(mbs(a2) / mbs(b)).toFixed(2)}×; native store / native read_csv: ${(mbs(a3) / mbs(c)).toFixed(2)}×`);
  console.log(`peak RSS: ${rssAfterOurs.toFixed(0)} MB after ours (generation included when it ran), ${maxRssMb().toFixed(0)} MB overall`);
}

await main();
