// The one small interface the session store talks to. Adapters (native DuckDB in Node,
// DuckDB-WASM in the browser) implement it; parameters are always bound, never spliced into SQL.

/**
 * A bound parameter. Numbers must be finite (use NULL or a SQL literal for NaN / ±Infinity) and bind
 * as DOUBLE, exactly, wherever the statement gives the parameter a type: an INSERT column, a comparison
 * with a column, or an explicit cast. Write `?::DOUBLE` where nothing else types it (`SELECT ? + 1`):
 * DuckDB-WASM carries non-integer numbers as text to keep them exact. Cast where an integer is
 * needed (`?::INTEGER`, `?::BIGINT`).
 */
export type SqlParam = string | number | boolean | null;

/** A value in a result row. BIGINT results come back as numbers when they are safe integers. */
export type SqlValue = string | number | boolean | null | bigint;

export type SqlRow = Record<string, SqlValue>;

/** Column data for bulk append. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/** What `query`, `run`, `appendColumns` and `readColumns` run on: the driver, or the handle inside a transaction. */
export interface SqlExecutor {
  /** Rows as plain objects keyed by column name. */
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** A statement whose result is not needed (DDL, INSERT, DELETE...). */
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  /**
   * Bulk insert: one typed array per column of `table` (every column, any order, equal lengths).
   * Column types supported: DOUBLE (any array), FLOAT (Float32Array or small ints),
   * INTEGER (Int8/16/32, Uint8/16), BIGINT (any integer array). Returns the number of rows added.
   */
  appendColumns(table: string, columns: Readonly<Record<string, NumericArray>>): Promise<number>;
  /**
   * Columnar read-back: each result column as a Float64Array of its own (NULL → NaN).
   * Only numeric result columns are accepted.
   */
  readColumns(sql: string, params?: readonly SqlParam[]): Promise<Record<string, Float64Array>>;
}

export interface SqlDriver extends SqlExecutor {
  /** Which adapter this is: 'duckdb-node' or 'duckdb-wasm'. */
  readonly kind: string;
  /**
   * Runs `fn` between BEGIN and COMMIT; a throw inside rolls everything back and is rethrown.
   * Statements inside must go through `tx` (calls on the driver itself wait until the transaction ends).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the connection (and the database when the driver opened it). Later calls fail. */
  close(): Promise<void>;
}
