// DuckDB-WASM in Node, through the blocking bindings that ship with @duckdb/duckdb-wasm: the same
// engine and SQL as the browser's AsyncDuckDB, so the store's tests run against the WASM driver too.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConsoleLogger, LogLevel, NODE_RUNTIME, VoidLogger, createDuckDB, type DuckDBBundles } from '@duckdb/duckdb-wasm/blocking';
import { createDuckDBWasmDriver } from '../../workers/storage/duckdb-wasm-driver.ts';
import type { SqlDriver } from '../../workers/storage/sql-driver.ts';

function nodeBundles(): DuckDBBundles {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  return {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
}

/** A fresh in-memory DuckDB-WASM database behind the WASM driver. */
export async function openDuckDBWasmNodeDriver(options: { verbose?: boolean } = {}): Promise<SqlDriver> {
  const logger = options.verbose ? new ConsoleLogger(LogLevel.DEBUG) : new VoidLogger();
  const db = await createDuckDB(nodeBundles(), logger, NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  return createDuckDBWasmDriver(conn, { onClose: () => db.reset() });
}
