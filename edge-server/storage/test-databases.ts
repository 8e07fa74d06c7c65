// Test support: the three databases the storage layer runs on, each opened fresh — PGlite 0.5 and PGlite
// with TimescaleDB in memory, and the PostgreSQL server on 127.0.0.1:5432 (database `test`) in a schema
// unique to the run that `close()` drops. The server is required under CI=true and skipped elsewhere if down.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './open-store.ts';
import { quoteIdent } from './sql-client.ts';

export const TEST_PG_URL = process.env.ETM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the test server answers (checked once per process). */
let reachable: Promise<boolean> | undefined;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI at ${TEST_PG_URL}`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/**
 * The backends a suite runs on: the PostgreSQL server only when it answers. Under CI=true an unreachable
 * server throws in postgresReachable(), so nothing is left out there.
 */
export async function reachableBackends(kinds: TestBackend[]): Promise<TestBackend[]> {
  if (!kinds.includes('postgres') || (await postgresReachable())) return kinds;
  console.warn(`PostgreSQL is not reachable at ${TEST_PG_URL}: the suites on it are left out here (CI=true requires it)`);
  return kinds.filter((k) => k !== 'postgres');
}

export function uniqueSchema(prefix = 'etm_test'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export type TestBackend = 'pglite' | 'pglite-timescaledb' | 'postgres';

/** Opens a fresh database; for the server, in a new schema that close() drops (with everything in it). */
export async function openTestDatabase(kind: TestBackend, schema = uniqueSchema()): Promise<Database> {
  if (kind !== 'postgres') return openDatabase({ kind, schema });
  const db = await openDatabase({ kind: 'postgres', connectionString: TEST_PG_URL, schema, timescale: 'auto', poolSize: 4 });
  return {
    ...db,
    close: async () => {
      try {
        await db.sql.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}
