// What each database adapter implements (SqlEngine), and the wrapper that turns it into a SqlDriver:
// one statement at a time, parameter checks, transactions, column matching for bulk append, typed errors.

import { StoreError, errorText, sqlSnippet } from './errors.ts';
import type { NumericArray, SqlDriver, SqlExecutor, SqlParam, SqlRow, SqlValue } from './sql-driver.ts';

/** Column types `appendColumns` can fill. */
export type AppendSqlType = 'DOUBLE' | 'FLOAT' | 'INTEGER' | 'BIGINT';

export interface EngineColumn {
  name: string;
  sqlType: AppendSqlType;
  data: NumericArray;
}

/** The raw adapter: no locking, no checks. Parameters arrive validated, columns in table order. */
export interface SqlEngine {
  readonly kind: string;
  query(sql: string, params: readonly SqlParam[]): Promise<SqlRow[]>;
  run(sql: string, params: readonly SqlParam[]): Promise<void>;
  append(table: string, columns: readonly EngineColumn[], rowCount: number): Promise<void>;
  readColumns(sql: string, params: readonly SqlParam[]): Promise<Record<string, Float64Array>>;
  /**
   * Runs after every successful COMMIT; `wrote` is false when the transaction only queried.
   * Must not throw: the data is committed. (DuckDB-WASM checkpoints here so OPFS holds the data.)
   */
  afterCommit?(info: { wrote: boolean }): Promise<void>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ACCEPTS: Record<AppendSqlType, readonly string[]> = {
  DOUBLE: ['Float64Array', 'Float32Array', 'Int32Array', 'Int16Array', 'Int8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array'],
  FLOAT: ['Float32Array', 'Int16Array', 'Int8Array', 'Uint16Array', 'Uint8Array'],
  INTEGER: ['Int32Array', 'Int16Array', 'Int8Array', 'Uint16Array', 'Uint8Array'],
  BIGINT: ['Int32Array', 'Int16Array', 'Int8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array'],
};

/** BIGINT and HUGEINT results as numbers when exact. */
export function normalizeValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    default:
      return String(v);
  }
}

function checkParams(sql: string, params: readonly SqlParam[] | undefined): readonly SqlParam[] {
  if (!params) return [];
  params.forEach((p, i) => {
    const ok = p === null || typeof p === 'string' || typeof p === 'boolean' || (typeof p === 'number' && Number.isFinite(p));
    if (!ok) {
      const what = typeof p === 'number' ? String(p) : typeof p;
      throw new StoreError('bad-argument', `parameter ${i + 1} is ${what}; bind a string, a finite number, a boolean or null`, { sql: sqlSnippet(sql) });
    }
  });
  return params;
}

function wrapEngineError(e: unknown, sql: string, table?: string): StoreError {
  if (e instanceof StoreError) return e;
  return new StoreError('sql-failed', errorText(e), { sql: sqlSnippet(sql), table }, { cause: e });
}

/** Serializes async work: each task starts after the previous one settles. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export function createSqlDriver(engine: SqlEngine): SqlDriver {
  const queue = new Queue();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new StoreError('closed', `the ${engine.kind} connection is closed`);
  };

  const direct: SqlExecutor = {
    async query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
      const p = checkParams(sql, params);
      try {
        return (await engine.query(sql, p)) as T[];
      } catch (e) {
        throw wrapEngineError(e, sql);
      }
    },
    async run(sql, params) {
      const p = checkParams(sql, params);
      try {
        await engine.run(sql, p);
      } catch (e) {
        throw wrapEngineError(e, sql);
      }
    },
    async appendColumns(table, columns) {
      const ordered = await matchTableColumns(engine, table, columns);
      const rowCount = ordered.length ? ordered[0].data.length : 0;
      if (rowCount === 0) return 0;
      try {
        await engine.append(table, ordered, rowCount);
      } catch (e) {
        throw wrapEngineError(e, `append to ${table}`, table);
      }
      return rowCount;
    },
    async readColumns(sql, params) {
      const p = checkParams(sql, params);
      try {
        return await engine.readColumns(sql, p);
      } catch (e) {
        throw wrapEngineError(e, sql);
      }
    },
  };

  const locked =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      queue.run(async () => {
        ensureOpen();
        return f(...args);
      });

  return {
    kind: engine.kind,
    query: locked(direct.query) as SqlExecutor['query'],
    run: locked(direct.run),
    appendColumns: locked(direct.appendColumns),
    readColumns: locked(direct.readColumns),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return queue.run(async () => {
        ensureOpen();
        await direct.run('BEGIN TRANSACTION');
        let active = true;
        let wrote = false;
        const tx: SqlExecutor = {
          query: (sql, params) => (active ? direct.query(sql, params) : Promise.reject(txEnded(sql))),
          run: (sql, params) => {
            if (!active) return Promise.reject(txEnded(sql));
            wrote = true;
            return direct.run(sql, params);
          },
          appendColumns: (table, cols) => {
            if (!active) return Promise.reject(txEnded(`append to ${table}`));
            wrote = true;
            return direct.appendColumns(table, cols);
          },
          readColumns: (sql, params) => (active ? direct.readColumns(sql, params) : Promise.reject(txEnded(sql))),
        };
        let result: T;
        try {
          result = await fn(tx);
          active = false;
          await direct.run('COMMIT');
        } catch (e) {
          active = false;
          try {
            await engine.run('ROLLBACK', []);
          } catch {
            // The engine may already have ended the transaction (a failed COMMIT does); the original error is what matters.
          }
          throw e;
        }
        // Committed: what follows must not turn the transaction into a reported failure.
        await engine.afterCommit?.({ wrote });
        return result;
      });
    },
    close() {
      return queue.run(async () => {
        if (closed) return;
        closed = true;
        await engine.close();
      });
    },
  };
}

function txEnded(sql: string): StoreError {
  return new StoreError('closed', 'the transaction has already ended', { sql: sqlSnippet(sql) });
}

/** The table's columns in definition order, each paired with its array; refuses gaps, extras and length or type mismatches. */
async function matchTableColumns(engine: SqlEngine, table: string, columns: Readonly<Record<string, NumericArray>>): Promise<EngineColumn[]> {
  if (!IDENTIFIER.test(table)) throw new StoreError('bad-argument', `'${table}' is not a plain table name`, { table });
  let defs: SqlRow[];
  try {
    defs = await engine.query(
      `SELECT column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
       ORDER BY column_index`,
      [table],
    );
  } catch (e) {
    throw wrapEngineError(e, 'duckdb_columns()', table);
  }
  if (defs.length === 0) throw new StoreError('bad-argument', 'no such table', { table });
  const known = new Set(defs.map((d) => String(d.column_name)));
  for (const name of Object.keys(columns)) {
    if (!known.has(name)) throw new StoreError('bad-argument', `no column '${name}' (columns: ${[...known].join(', ')})`, { table });
  }
  const out: EngineColumn[] = [];
  let length = -1;
  for (const d of defs) {
    const name = String(d.column_name);
    const sqlType = String(d.data_type);
    const data = columns[name];
    if (!data) throw new StoreError('bad-argument', `column '${name}' is missing from the append`, { table });
    if (!(sqlType in ACCEPTS)) throw new StoreError('bad-argument', `column '${name}' is ${sqlType}; appendColumns fills DOUBLE, FLOAT, INTEGER and BIGINT`, { table });
    const type = sqlType as AppendSqlType;
    const arrayKind = data.constructor.name;
    if (!ACCEPTS[type].includes(arrayKind)) {
      throw new StoreError('bad-argument', `column '${name}' is ${type} and cannot take a ${arrayKind} without loss`, { table });
    }
    if (length >= 0 && data.length !== length) {
      throw new StoreError('bad-argument', `column '${name}' has ${data.length} values, the others ${length}`, { table });
    }
    length = data.length;
    out.push({ name, sqlType: type, data });
  }
  return out;
}
