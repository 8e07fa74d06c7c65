// One small SQL client interface over node-postgres (a pool) and PGlite (embedded, either the stock
// 0.5 build or the TimescaleDB build): parameterised queries and transactions, nothing else. Every
// statement in the storage layer goes through `query(text, params)` with $n placeholders.

import type { Pool, PoolClient } from 'pg';

export interface SqlResult<T> {
  rows: T[];
  /** Rows affected by INSERT/UPDATE/DELETE (0 for SELECT on some engines: use rows.length there). */
  rowCount: number;
}

export interface SqlClient {
  readonly engine: 'postgres' | 'pglite';
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<T>>;
  /** Runs fn in one transaction (committed when it resolves, rolled back when it throws). Nested calls join the outer one. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

class PgTxClient implements SqlClient {
  readonly engine = 'postgres';
  constructor(private readonly client: PoolClient) {}
  async query<T>(text: string, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const r = await this.client.query(text, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export class PgPoolClient implements SqlClient {
  readonly engine = 'postgres';
  constructor(
    readonly pool: Pool,
    private readonly ownsPool: boolean,
  ) {}
  async query<T>(text: string, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const r = await this.pool.query(text, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgTxClient(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

/** The part of the PGlite API used here (the same in @electric-sql/pglite 0.5 and the TimescaleDB build). */
export interface PGliteQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
}
export interface PGliteLike extends PGliteQueryable {
  transaction<T>(fn: (tx: PGliteQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed?: boolean;
}

class PGliteTxClient implements SqlClient {
  readonly engine = 'pglite';
  constructor(private readonly tx: PGliteQueryable) {}
  async query<T>(text: string, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const r = await this.tx.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export class PGliteClient implements SqlClient {
  readonly engine = 'pglite';
  constructor(
    readonly db: PGliteLike,
    private readonly ownsDb: boolean,
  ) {}
  async query<T>(text: string, params: readonly unknown[] = []): Promise<SqlResult<T>> {
    const r = await this.db.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
  }
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new PGliteTxClient(tx)));
  }
  async close(): Promise<void> {
    if (this.ownsDb && !this.db.closed) await this.db.close();
  }
}

/** Identifiers (schema names) are never user input: they come from configuration and must match this. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A double-quoted identifier after checking it against a strict pattern (throws otherwise). */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`'${name}' is not an allowed SQL identifier (expected ${IDENTIFIER})`);
  return `"${name}"`;
}

/** PostgreSQL array literal of numbers: shortest round-trip text, NaN / ±Infinity / -0 preserved, null → NULL. */
export function float8ArrayLiteral(values: ArrayLike<number | null | undefined>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : Object.is(v, -0) ? '-0' : String(v);
  }
  return out + '}';
}

/** PostgreSQL array literal of texts: every element double-quoted with \ and " escaped, null → NULL. */
export function textArrayLiteral(values: ArrayLike<string | null | undefined>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`;
  }
  return out + '}';
}

/** int8 / numeric results arrive as strings from node-postgres and as numbers or bigints from PGlite. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string') return Number(v);
  if (v === null || v === undefined) return NaN;
  throw new Error(`not a number: ${String(v)}`);
}
