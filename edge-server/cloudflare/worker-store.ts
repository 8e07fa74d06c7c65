// The telemetry store on Workers: node-postgres over a TCP socket (the `pg` package uses
// cloudflare:sockets under nodejs_compat), reached through Hyperdrive in production or ETM_DATABASE_URL.
// A Worker may not reuse one request's sockets in another, so each request gets its own one-connection
// pool, ended after the response (waitUntil); Hyperdrive does the pooling. The tables are created (or
// migrated) by the first request of an isolate that needs them.

import pg from 'pg';
import { detectTimescale, migrateFrames, type FrameFlavour } from '../storage/frame-schema.ts';
import { PgPoolClient, quoteIdent } from '../storage/sql-client.ts';
import { SqlTelemetryStore } from '../storage/sql-telemetry-store.ts';
import type { TelemetryStore } from '../storage/telemetry-store.ts';

export interface RequestStore {
  store: TelemetryStore;
  /** Ends the request's connection. */
  close(): Promise<void>;
}

/** The Node server's default schema (open-store.ts, not imported: it pulls in PGlite and node:fs). */
const DEFAULT_SCHEMA = 'etm';

/** Per isolate: the schema whose tables are known to exist, and their flavour. */
const ready = new Map<string, FrameFlavour>();

function timescaleMode(v: string | undefined): 'auto' | 'require' | 'off' {
  const mode = v || 'auto';
  if (mode !== 'auto' && mode !== 'require' && mode !== 'off') throw new Error(`ETM_TIMESCALE must be auto, require or off (got '${mode}')`);
  return mode;
}

export async function openRequestStore(connectionString: string, options: { schema?: string; timescale?: string } = {}): Promise<RequestStore> {
  const schema = options.schema || DEFAULT_SCHEMA;
  quoteIdent(schema);
  const pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  const sql = new PgPoolClient(pool, true);
  try {
    const key = `${connectionString}\u0000${schema}`;
    let flavour = ready.get(key);
    if (!flavour) {
      flavour = (await detectTimescale(sql, timescaleMode(options.timescale))).flavour;
      await migrateFrames(sql, schema, flavour);
      ready.set(key, flavour);
    }
    const store = new SqlTelemetryStore({ sql, schema, flavour, backend: flavour === 'timescaledb' ? 'timescaledb' : 'postgres' });
    return { store, close: () => sql.close() };
  } catch (e) {
    await sql.close().catch(() => undefined);
    throw e;
  }
}
