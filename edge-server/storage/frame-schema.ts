// DDL for the frame tables in one schema, per flavour:
//   'timescaledb'  frames is a hypertable (1-hour chunks on ts), compressed by (session_id, car_id) ordered by ts,
//                  with a compression policy; history uses time_bucket.
//   'partitioned'  plain PostgreSQL (server or PGlite): frames is range-partitioned by ts, one partition per UTC
//                  day created on demand by etm_ensure_frame_partition(schema, day); history uses date_bin.
// Both: a unique index (session_id, car_id, ts) — it includes the time column, as hypertables and partitioned
// tables require — that makes writes idempotent, and frame_streams, a per-(session, car) summary.

import { CHANNEL_COLUMNS } from './frame-columns.ts';
import { quoteIdent, toNumber, type SqlClient } from './sql-client.ts';

export type FrameFlavour = 'timescaledb' | 'partitioned';

export const CHUNK_INTERVAL = '1 hour';
export const COMPRESS_AFTER = '1 day';

export async function migrateFrames(sql: SqlClient, schema: string, flavour: FrameFlavour): Promise<void> {
  const s = quoteIdent(schema);
  await sql.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  const channelDdl = CHANNEL_COLUMNS.map((c) => `${quoteIdent(c)} float8`).join(',\n  ');
  const partitioned = flavour === 'partitioned' ? ' PARTITION BY RANGE (ts)' : '';
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.frames (
  session_id text NOT NULL,
  car_id text NOT NULL,
  ts timestamptz NOT NULL,
  ${channelDdl},
  extra_names text[],
  extra_values float8[]
)${partitioned}`);
  await addMissingChannelColumns(sql, schema);
  await sql.query(`CREATE UNIQUE INDEX IF NOT EXISTS frames_key ON ${s}.frames (session_id, car_id, ts)`);
  await sql.query(`CREATE TABLE IF NOT EXISTS ${s}.frame_streams (
  session_id text NOT NULL,
  car_id text NOT NULL,
  frames int8 NOT NULL,
  first_ts timestamptz NOT NULL,
  last_ts timestamptz NOT NULL,
  PRIMARY KEY (session_id, car_id)
)`);
  if (flavour === 'timescaledb') await makeHypertable(sql, schema);
  else await createPartitionFunction(sql, schema);
}

/** A canonical channel added to channels.ts after the table was made becomes a new nullable column. */
async function addMissingChannelColumns(sql: SqlClient, schema: string): Promise<void> {
  const { rows } = await sql.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
    [schema, 'frames'],
  );
  const have = new Set(rows.map((r) => r.column_name));
  for (const c of CHANNEL_COLUMNS) {
    if (!have.has(c)) await sql.query(`ALTER TABLE ${quoteIdent(schema)}.frames ADD COLUMN IF NOT EXISTS ${quoteIdent(c)} float8`);
  }
}

async function makeHypertable(sql: SqlClient, schema: string): Promise<void> {
  const table = `${quoteIdent(schema)}.frames`;
  await sql.query(`SELECT create_hypertable($1::regclass, by_range('ts', $2::interval), if_not_exists => TRUE)`, [table, CHUNK_INTERVAL]);
  const { rows } = await sql.query<{ compression_enabled: boolean }>(
    'SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_schema = $1 AND hypertable_name = $2',
    [schema, 'frames'],
  );
  if (!rows[0]?.compression_enabled) {
    await sql.query(
      `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'session_id, car_id', timescaledb.compress_orderby = 'ts')`,
    );
  }
  await sql.query(`SELECT add_compression_policy($1::regclass, $2::interval, if_not_exists => TRUE)`, [table, COMPRESS_AFTER]);
}

async function createPartitionFunction(sql: SqlClient, schema: string): Promise<void> {
  // The function formats the partition DDL inside the database with %I / %L quoting; callers pass the
  // schema and the day as parameters. A concurrent creator of the same partition is not an error.
  await sql.query(`CREATE OR REPLACE FUNCTION ${quoteIdent(schema)}.etm_ensure_frame_partition(sch text, day_start timestamptz)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  part text := 'frames_' || to_char(day_start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.frames FOR VALUES FROM (%L) TO (%L)',
                 sch, part, sch, day_start, day_start + interval '1 day');
EXCEPTION WHEN duplicate_table OR unique_violation THEN
  NULL;
END
$fn$`);
}

/** How the database behind a client can hold frames: TimescaleDB when the extension is (or can be) installed. */
export async function detectTimescale(sql: SqlClient, mode: 'auto' | 'require' | 'off'): Promise<{ flavour: FrameFlavour; reason: string }> {
  if (mode === 'off') return { flavour: 'partitioned', reason: 'TimescaleDB disabled by configuration' };
  const installed = await sql.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
  if (installed.rows.length) return { flavour: 'timescaledb', reason: `TimescaleDB ${installed.rows[0].extversion}` };
  const available = await sql.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.rows.length) {
    try {
      await sql.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
      const v = await sql.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
      return { flavour: 'timescaledb', reason: `TimescaleDB ${v.rows[0]?.extversion ?? '?'} (created)` };
    } catch (e) {
      if (mode === 'require') throw e;
      return { flavour: 'partitioned', reason: `TimescaleDB is available but could not be created: ${(e as Error).message}` };
    }
  }
  if (mode === 'require') throw new Error('TimescaleDB is required (ETM_TIMESCALE=require) but the server does not have the extension');
  return { flavour: 'partitioned', reason: 'the server has no TimescaleDB extension' };
}

/** Compresses the hypertable's chunks that end before `olderThanMs` ago (what the policy does in the background). */
export async function compressChunksNow(sql: SqlClient, schema: string, olderThanMs: number): Promise<number> {
  const { rows } = await sql.query<{ n: unknown }>(
    `SELECT count(compress_chunk(c, if_not_compressed => TRUE)) AS n
       FROM show_chunks($1::regclass, older_than => $2::float8 * interval '1 millisecond') AS c`,
    [`${quoteIdent(schema)}.frames`, olderThanMs],
  );
  return toNumber(rows[0]?.n ?? 0);
}
