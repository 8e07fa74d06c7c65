// The database drivers the storage tests run against, each behind the same SqlDriver: native DuckDB
// on a file in a fresh temporary folder (reopenable, to prove persistence) and DuckDB-WASM in memory.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlDriver } from '../../workers/storage/sql-driver.ts';
import { openDuckDBNodeDriver } from './duckdb-node-driver.ts';
import { openDuckDBWasmNodeDriver } from './duckdb-wasm-node.ts';

export interface DriverFixture {
  name: string;
  /** A driver on this fixture's database (the same database on every call while `persistent`). */
  open(): Promise<SqlDriver>;
  /** True when a closed and reopened driver sees the same data. */
  persistent: boolean;
  /** Removes what the fixture created on disk. */
  dispose(): void;
}

export function nativeFileFixture(): DriverFixture {
  const dir = mkdtempSync(join(tmpdir(), 'etm-store-'));
  const path = join(dir, 'data', 'etm.duckdb');
  return {
    name: 'duckdb-node (file)',
    open: () => openDuckDBNodeDriver(path),
    persistent: true,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function wasmMemoryFixture(): DriverFixture {
  return {
    name: 'duckdb-wasm (memory)',
    open: () => openDuckDBWasmNodeDriver(),
    persistent: false,
    dispose: () => undefined,
  };
}

/** Both adapters, for `describe.each`. */
export const DRIVER_FIXTURES: readonly { name: string; persistent: boolean; make: () => DriverFixture }[] = [
  { name: 'duckdb-node (file)', persistent: true, make: nativeFileFixture },
  { name: 'duckdb-wasm (memory)', persistent: false, make: wasmMemoryFixture },
];
