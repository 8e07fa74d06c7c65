// SqlDriver over a DuckDB-WASM connection: the browser's AsyncDuckDBConnection (database in OPFS)
// or the blocking connection of '@duckdb/duckdb-wasm/blocking' (Node tests). Bulk append goes in as Arrow IPC.

import type { AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { DuckDBConnection as BlockingDuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
// duckdb-wasm's own apache-arrow dependency (17.x, hoisted to the top of node_modules): the same module
// duckdb-wasm imports in the browser bundle. Only plain IPC bytes cross into duckdb-wasm, so the
// blocking Node build (which requires Arrow's CommonJS entry) works with it too.
import { Table, Type, makeVector, tableToIPC, type Data, type Vector } from 'apache-arrow';
import { StoreError } from './errors.ts';
import type { SqlDriver, SqlParam, SqlRow } from './sql-driver.ts';
import { createSqlDriver, normalizeValue, type EngineColumn, type SqlEngine } from './sql-engine.ts';

export type DuckDBWasmConnection = AsyncDuckDBConnection | BlockingDuckDBConnection;

export interface DuckDBWasmDriverOptions {
  /**
   * Run CHECKPOINT after every committed transaction and on close, so that an OPFS database file
   * holds the data rather than only the write-ahead log. Default true.
   */
  checkpointOnCommit?: boolean;
  /** Told when a checkpoint after a commit fails (e.g. another connection holds a transaction open). */
  onCheckpointError?: (error: unknown) => void;
  /** Called after the connection closes, e.g. to terminate the AsyncDuckDB worker. */
  onClose?: () => void | Promise<void>;
}

/** Rows per Arrow IPC message on append: bounds the copy held in memory at once. */
const APPEND_BATCH_ROWS = 1 << 20;

type ArrowTable = Awaited<ReturnType<DuckDBWasmConnection['query']>>;

export function createDuckDBWasmDriver(conn: DuckDBWasmConnection, options: DuckDBWasmDriverOptions = {}): SqlDriver {
  return createSqlDriver(wasmEngine(conn, options));
}

function wasmEngine(conn: DuckDBWasmConnection, options: DuckDBWasmDriverOptions): SqlEngine {
  const checkpoint = options.checkpointOnCommit ?? true;

  async function execute(sql: string, params: readonly SqlParam[]): Promise<ArrowTable> {
    if (params.length === 0) return await conn.query(sql);
    const statement = await conn.prepare(sql);
    try {
      return await statement.query(...params.map(exactParam));
    } finally {
      await statement.close();
    }
  }

  return {
    kind: 'duckdb-wasm',
    async query(sql, params) {
      const table = await execute(sql, params);
      const fields = table.schema.fields;
      const vectors = fields.map((_, i) => table.getChildAt(i));
      const rows: SqlRow[] = new Array(table.numRows);
      for (let r = 0; r < table.numRows; r++) {
        const row: SqlRow = {};
        fields.forEach((f, i) => {
          row[f.name] = normalizeValue(vectors[i]?.get(r));
        });
        rows[r] = row;
      }
      return rows;
    },
    async run(sql, params) {
      await execute(sql, params);
    },
    async append(table, columns: readonly EngineColumn[], rowCount) {
      // insertArrowFromIPCStream with create:false fills the table's columns by position: `columns` is in table order.
      for (let off = 0; off < rowCount; off += APPEND_BATCH_ROWS) {
        const end = Math.min(rowCount, off + APPEND_BATCH_ROWS);
        const vectors: Record<string, Vector> = {};
        for (const c of columns) vectors[c.name] = makeVector(c.data.subarray(off, end));
        const ipc = tableToIPC(new Table(vectors), 'stream');
        await conn.insertArrowFromIPCStream(ipc, { name: table, create: false });
      }
    },
    async readColumns(sql, params) {
      const table = await execute(sql, params);
      const out: Record<string, Float64Array> = {};
      table.schema.fields.forEach((field, i) => {
        const typeId = field.type.typeId as Type;
        const halfFloat = typeId === Type.Float && (field.type as { precision?: number }).precision === 0;
        if (!(typeId === Type.Int || typeId === Type.Float || typeId === Type.Null) || halfFloat) {
          throw new StoreError('bad-argument', `readColumns takes numeric columns; '${field.name}' is ${String(field.type)}`);
        }
        const dst = new Float64Array(table.numRows);
        const vector = table.getChildAt(i);
        if (typeId === Type.Null || !vector) dst.fill(NaN);
        else {
          let pos = 0;
          for (const data of vector.data) {
            copyNumbers(data, dst, pos);
            pos += data.length;
          }
        }
        out[field.name] = dst;
      });
      return out;
    },
    async afterCommit({ wrote }) {
      if (!checkpoint || !wrote) return;
      try {
        await conn.query('CHECKPOINT');
      } catch (e) {
        // The transaction is committed and its write-ahead log is in place; a later checkpoint will fold it in.
        options.onCheckpointError?.(e);
      }
    },
    async close() {
      try {
        if (checkpoint) await conn.query('CHECKPOINT');
      } finally {
        await conn.close();
        await options.onClose?.();
      }
    },
  };
}

/**
 * duckdb-wasm passes prepared-statement parameters as JSON and parses numbers with a fast, inexact
 * parser: about one random double in ten arrives 1 ulp off (measured in 1.32). Integers up to 2^53
 * parse exactly; any other number travels as its shortest round-trip text, which DuckDB converts
 * exactly to the DOUBLE the statement expects (an INSERT column, a comparison, or an explicit ?::DOUBLE).
 */
function exactParam(p: SqlParam): SqlParam {
  if (typeof p !== 'number') return p;
  if (Object.is(p, -0)) return '-0';
  return Number.isSafeInteger(p) ? p : String(p);
}

/** One Arrow data chunk of an Int or Float column into `dst` at `pos`; nulls become NaN. */
function copyNumbers(data: Data, dst: Float64Array, pos: number): void {
  const n = data.length;
  const values = data.values as ArrayLike<number | bigint> & { subarray(a: number, b: number): ArrayLike<number | bigint> };
  const isBig = values instanceof BigInt64Array || values instanceof BigUint64Array;
  if (data.nullCount === 0 && !isBig) {
    dst.set(values.subarray(0, n) as ArrayLike<number>, pos);
    return;
  }
  for (let i = 0; i < n; i++) dst[pos + i] = data.nullCount > 0 && !data.getValid(i) ? NaN : Number(values[i]);
}
