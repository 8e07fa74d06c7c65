// SqlDriver over native DuckDB (@duckdb/node-api) for the CLI, the edge server and tests:
// a database file (created with its folder) or ':memory:'; bulk append through DataChunks and the Appender.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTypeId,
  FLOAT,
  INTEGER,
  SQLNULL,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { SqlDriver, SqlParam, SqlRow } from '../../workers/storage/sql-driver.ts';
import { createSqlDriver, normalizeValue, type AppendSqlType, type EngineColumn, type SqlEngine } from '../../workers/storage/sql-engine.ts';
import { StoreError } from '../../workers/storage/errors.ts';

/** DuckDB's vector size: rows per DataChunk. */
const CHUNK_ROWS = 2048;

const APPEND_TYPES: Record<AppendSqlType, DuckDBType> = { DOUBLE, FLOAT, INTEGER, BIGINT };

const NUMERIC_RESULT = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.SQLNULL,
]);

/** Opens (or creates) a DuckDB database file, or an in-memory database for ':memory:'. */
export async function openDuckDBNodeDriver(path = ':memory:'): Promise<SqlDriver> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (e) {
    throw new StoreError('sql-failed', `cannot open the database: ${e instanceof Error ? e.message : String(e)}`, { file: path }, { cause: e });
  }
  const conn = await instance.connect();
  return createSqlDriver(nodeEngine(conn, () => instance.closeSync()));
}

function bindTypes(params: readonly SqlParam[]): DuckDBType[] {
  return params.map((p) => (p === null ? SQLNULL : typeof p === 'number' ? DOUBLE : typeof p === 'boolean' ? BOOLEAN : VARCHAR));
}

function numberFrom(item: DuckDBValue): number {
  if (item === null) return NaN;
  if (typeof item === 'number') return item;
  if (typeof item === 'bigint') return Number(item);
  if (item instanceof DuckDBDecimalValue) return item.toDouble();
  return NaN;
}

function nodeEngine(conn: DuckDBConnection, closeInstance: () => void): SqlEngine {
  const exec = (sql: string, params: readonly SqlParam[]) =>
    params.length ? conn.run(sql, params as DuckDBValue[], bindTypes(params)) : conn.run(sql);

  return {
    kind: 'duckdb-node',
    async query(sql, params) {
      const reader = params.length
        ? await conn.runAndReadAll(sql, params as DuckDBValue[], bindTypes(params))
        : await conn.runAndReadAll(sql);
      return reader.getRowObjects().map((row) => {
        const out: SqlRow = {};
        for (const key of Object.keys(row)) out[key] = normalizeValue(row[key]);
        return out;
      });
    },
    async run(sql, params) {
      await exec(sql, params);
    },
    async append(table, columns: readonly EngineColumn[], rowCount) {
      const appender = await conn.createAppender(table);
      try {
        const chunk = DuckDBDataChunk.create(columns.map((c) => APPEND_TYPES[c.sqlType]));
        for (let off = 0; off < rowCount; off += CHUNK_ROWS) {
          const n = Math.min(CHUNK_ROWS, rowCount - off);
          chunk.rowCount = n;
          columns.forEach((col, ci) => {
            const vector = chunk.getColumnVector(ci);
            const src = col.data;
            if (col.sqlType === 'BIGINT') for (let i = 0; i < n; i++) vector.setItem(i, BigInt(src[off + i]));
            else for (let i = 0; i < n; i++) vector.setItem(i, src[off + i]);
            vector.flush();
          });
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    async readColumns(sql, params) {
      const result = await exec(sql, params);
      const names = result.deduplicatedColumnNames();
      names.forEach((name, c) => {
        if (!NUMERIC_RESULT.has(result.columnTypeId(c))) {
          throw new StoreError('bad-argument', `readColumns takes numeric columns; '${name}' is ${result.columnType(c).toString()}`);
        }
      });
      const out = names.map(() => new Float64Array(result.rowCount));
      let row = 0;
      for (let k = 0; k < result.chunkCount; k++) {
        const chunk = result.getChunk(k);
        const n = chunk.rowCount;
        names.forEach((_, c) => {
          const vector = chunk.getColumnVector(c);
          const dst = out[c];
          for (let i = 0; i < n; i++) dst[row + i] = numberFrom(vector.getItem(i));
        });
        row += n;
      }
      return Object.fromEntries(names.map((name, c) => [name, out[c]]));
    },
    async close() {
      conn.closeSync();
      closeInstance();
    },
  };
}
