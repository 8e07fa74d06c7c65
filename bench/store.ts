// Telemetry store write benchmark against the PostgreSQL server (127.0.0.1:5432, database `test`): rows/s
// through the store's batched, idempotent path (one unnest INSERT … ON CONFLICT DO NOTHING per batch, as
// the live bridge writes) next to plain COPY FROM STDIN of the same rows into an identical table, as a
// ratio; plus a full replay (every frame already stored). COPY goes through node-postgres's own
// Connection (CopyData messages from a custom submittable; pg-copy-streams is not installed).
// Run: node --import tsx bench/store.ts [--rows 200000] [--batch 2000] [--parallel 4] [--runs 3]

import pg from 'pg';
import { CHANNEL_COLUMN_LIST, CHANNEL_COLUMNS, channelColumnIndex } from '../edge-server/storage/frame-columns.ts';
import { frameTsUs } from '../edge-server/storage/frame-checksum.ts';
import { migrateFrames } from '../edge-server/storage/frame-schema.ts';
import { openDatabase, openTelemetryStore } from '../edge-server/storage/open-store.ts';
import { quoteIdent, type SqlClient } from '../edge-server/storage/sql-client.ts';
import type { TelemetryFrame } from '../edge-server/storage/telemetry-store.ts';
import { TEST_PG_URL, uniqueSchema } from '../edge-server/storage/test-databases.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const log = (msg: string) => process.stderr.write(`${msg}\n`);

const ROWS = arg('rows', 200_000);
const BATCH = arg('batch', 2000);
const PARALLEL = arg('parallel', 4);
const RUNS = arg('runs', 3);
const CARS = 20;
const T0_MS = Date.UTC(2025, 5, 14, 23, 30); // crosses midnight: two daily partitions

/** 20 cars at 100 Hz, 10 canonical channels and one extra channel on every 10th frame. */
function makeFrames(n: number): TelemetryFrame[] {
  const frames: TelemetryFrame[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const car = i % CARS;
    const k = Math.floor(i / CARS);
    const values: Record<string, number> = {
      speed: 40 + 20 * Math.sin(k / 300 + car),
      throttle: (k * 7) % 100,
      brake_front: k % 50 === 0 ? 35.5 : 0,
      acc_long: Math.sin(k / 50),
      acc_lat: Math.cos(k / 40),
      steering: 30 * Math.sin(k / 100),
      rpm: 5000 + ((k * 13) % 3000),
      gear: 1 + (k % 6),
      lat: 39.793 + k * 1e-7,
      lon: -86.238 - k * 1e-7,
    };
    if (k % 10 === 0) values.tyre_temp_fl = 80 + (k % 20);
    frames[i] = { sessionId: 'bench-session', carId: `car-${car}`, tsMs: T0_MS + k * 10, values };
  }
  return frames;
}

function isoMicro(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(us - ms * 1000).padStart(3, '0')}Z`);
}

/** COPY text format rows (tab-separated, \N for NULL) of the same columns the store writes. */
function copyText(frames: readonly TelemetryFrame[]): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const f of frames) {
    const cols: string[] = new Array(CHANNEL_COLUMNS.length).fill('\\N');
    const extra: string[] = [];
    for (const [name, v] of Object.entries(f.values)) {
      const c = channelColumnIndex(name);
      if (c >= 0) cols[c] = String(v);
      else extra.push(name);
    }
    extra.sort();
    const names = extra.length ? `{${extra.map((n) => `"${n}"`).join(',')}}` : '\\N';
    const vals = extra.length ? `{${extra.map((n) => String(f.values[n])).join(',')}}` : '\\N';
    piece += `${f.sessionId}\t${f.carId}\t${isoMicro(frameTsUs(f.tsMs))}\t${cols.join('\t')}\t${names}\t${vals}\n`;
    if (piece.length > 1 << 20) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** COPY … FROM STDIN over pg's Connection: a submittable that answers CopyInResponse with the data. */
function copyFrom(client: pg.Client, sql: string, pieces: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let error: Error | undefined;
    const submittable = {
      submit(connection: { query(text: string): void }) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
        for (const p of pieces) connection.sendCopyFromChunk(Buffer.from(p));
        connection.endCopyFrom();
      },
      handleCommandComplete(msg: { text: string }) {
        rows = Number(/COPY (\d+)/.exec(msg.text)?.[1] ?? 0);
      },
      handleError(err: Error) {
        error = err;
      },
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve(rows);
      },
    };
    void client.query(submittable as unknown as pg.QueryConfig);
  });
}

async function countRows(sql: SqlClient, schema: string): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.frames`);
  return Number(rows[0].n);
}

async function truncate(sql: SqlClient, schema: string): Promise<void> {
  await sql.query(`TRUNCATE ${quoteIdent(schema)}.frames, ${quoteIdent(schema)}.frame_streams`);
}

async function main(): Promise<void> {
  const storeSchema = uniqueSchema('etm_bench_store');
  const copySchema = uniqueSchema('etm_bench_copy');
  const frames = makeFrames(ROWS);
  log(`generated ${ROWS} frames (${CARS} cars, 10–11 channels each); best of ${RUNS} runs, COPY and store alternating`);
  const db = await openDatabase({ kind: 'postgres', connectionString: TEST_PG_URL, schema: storeSchema, timescale: 'auto', poolSize: PARALLEL });
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const store = await openTelemetryStore(db);
    await migrateFrames(db.sql, copySchema, db.flavour);
    const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
    log(`PostgreSQL ${version}, store backend ${store.backend} (${db.reason})`);
    // Partitions exist before any timing (the store makes them on first sight of a day, once).
    for (const schema of [storeSchema, copySchema]) {
      for (const dayMs of [Date.UTC(2025, 5, 14), Date.UTC(2025, 5, 15)]) {
        await db.sql.query(`SELECT ${quoteIdent(schema)}.etm_ensure_frame_partition($1, to_timestamp($2::float8 / 1000))`, [schema, dayMs]);
      }
    }
    const batches: TelemetryFrame[][] = [];
    for (let i = 0; i < frames.length; i += BATCH) batches.push(frames.slice(i, i + BATCH));
    const pieces = copyText(frames);
    const copySql = `COPY ${quoteIdent(copySchema)}.frames (session_id, car_id, ts, ${CHANNEL_COLUMN_LIST}, extra_names, extra_values) FROM STDIN`;
    const best = { copy: Infinity, store: Infinity, parallel: Infinity, replay: Infinity };
    const timed = async (fn: () => Promise<void>) => {
      const t = performance.now();
      await fn();
      return (performance.now() - t) / 1000;
    };

    for (let run = 0; run < RUNS; run++) {
      await truncate(db.sql, copySchema);
      const copyS = await timed(async () => {
        const copied = await copyFrom(client, copySql, pieces);
        if (copied !== ROWS) throw new Error(`COPY wrote ${copied} rows`);
      });
      await truncate(db.sql, storeSchema);
      const storeS = await timed(async () => {
        for (const b of batches) await store.writeFrames(b);
      });
      if ((await countRows(db.sql, storeSchema)) !== ROWS) throw new Error('store row count mismatch');
      const replayS = await timed(async () => {
        let inserted = 0;
        for (const b of batches) inserted += (await store.writeFrames(b)).inserted;
        if (inserted !== 0) throw new Error('a replay inserted rows');
      });
      await truncate(db.sql, storeSchema);
      const parallelS = await timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: PARALLEL }, async () => {
            while (next < batches.length) await store.writeFrames(batches[next++]);
          }),
        );
      });
      if ((await countRows(db.sql, storeSchema)) !== ROWS) throw new Error('parallel store row count mismatch');
      log(`run ${run + 1}: COPY ${copyS.toFixed(2)} s, store ${storeS.toFixed(2)} s, ${PARALLEL} writers ${parallelS.toFixed(2)} s, replay ${replayS.toFixed(2)} s`);
      best.copy = Math.min(best.copy, copyS);
      best.store = Math.min(best.store, storeS);
      best.parallel = Math.min(best.parallel, parallelS);
      best.replay = Math.min(best.replay, replayS);
    }

    const rate = (sec: number) => Math.round(ROWS / sec).toLocaleString('en');
    const lines = [
      `rows: ${ROWS}, batch: ${BATCH} frames, table: ${db.flavour} (${CHANNEL_COLUMNS.length} float8 channel columns + extra arrays, unique (session_id, car_id, ts)); best of ${RUNS}`,
      `COPY FROM STDIN (baseline):              ${rate(best.copy)} rows/s  (${best.copy.toFixed(2)} s)`,
      `store writeFrames, sequential batches:    ${rate(best.store)} rows/s  (${best.store.toFixed(2)} s)  ratio to COPY ${(best.copy / best.store).toFixed(2)}`,
      `store writeFrames, ${PARALLEL} parallel writers:   ${rate(best.parallel)} rows/s  (${best.parallel.toFixed(2)} s)  ratio to COPY ${(best.copy / best.parallel).toFixed(2)}`,
      `store replay (all duplicates, no rows):   ${rate(best.replay)} frames/s  (${best.replay.toFixed(2)} s)  ratio to COPY ${(best.copy / best.replay).toFixed(2)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(storeSchema)} CASCADE`).catch(() => undefined);
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(copySchema)} CASCADE`).catch(() => undefined);
    await client.end();
    await db.close();
  }
}

await main();
