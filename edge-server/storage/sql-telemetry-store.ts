// TelemetryStore over any SqlClient (node-postgres pool, PGlite, PGlite+TimescaleDB): one wide row per
// frame (a float8 column per canonical channel + extra name/value arrays), written in one parameterised
// unnest() INSERT … ON CONFLICT DO NOTHING per batch; count/checksum, history and reads by the frame key.

import type { EdgeMetrics } from '../metrics/edge-metrics.ts';
import { StorageError } from './errors.ts';
import { CHANNEL_COLUMN_LIST, CHANNEL_COLUMNS, channelColumnIndex } from './frame-columns.ts';
import { FrameChecksum, frameTsUs } from './frame-checksum.ts';
import { type FrameFlavour } from './frame-schema.ts';
import { validateFrame } from './frame-validate.ts';
import { float8ArrayLiteral, quoteIdent, textArrayLiteral, toNumber, type SqlClient } from './sql-client.ts';
import type {
  CarStats,
  HistoryBucket,
  HistoryQuery,
  ReadQuery,
  StatsQuery,
  StorageBackend,
  StoredSession,
  TelemetryFrame,
  TelemetryStore,
  WriteResult,
} from './telemetry-store.ts';

/** Rows per page when reading a car's frames back for its checksum. */
const CHECKSUM_PAGE_ROWS = 20_000;
const DAY_US = 86_400_000_000;
const TS_FROM_US = (p: string) => `(timestamptz 'epoch' + ${p}::float8 * interval '1 microsecond')`;
const US_OF = (col: string) => `(extract(epoch from ${col}) * 1000000)::int8`;

export interface SqlTelemetryStoreOptions {
  sql: SqlClient;
  schema: string;
  flavour: FrameFlavour;
  backend: StorageBackend;
  /** Close the client with the store (default false: whoever opened it closes it). */
  ownsSql?: boolean;
  metrics?: EdgeMetrics;
}

interface PreparedFrame {
  sessionId: string;
  carId: string;
  us: number;
  frame: TelemetryFrame;
}

type FrameRow = Record<string, unknown> & { us: unknown; extra_names: string[] | null; extra_values: number[] | null };

export class SqlTelemetryStore implements TelemetryStore {
  readonly backend: StorageBackend;
  readonly flavour: FrameFlavour;
  private readonly sql: SqlClient;
  private readonly s: string;
  private readonly schema: string;
  private readonly knownPartitions = new Set<number>();
  private readonly insertSql: string;

  constructor(private readonly options: SqlTelemetryStoreOptions) {
    this.sql = options.sql;
    this.schema = options.schema;
    this.s = quoteIdent(options.schema);
    this.flavour = options.flavour;
    this.backend = options.backend;
    this.insertSql = buildInsertSql(this.s);
  }

  async writeFrames(frames: readonly TelemetryFrame[]): Promise<WriteResult> {
    if (!Array.isArray(frames)) throw new StorageError('bad-argument', 'frames must be an array');
    frames.forEach(validateFrame);
    if (frames.length === 0) return { received: 0, inserted: 0, duplicates: 0 };
    const stop = this.options.metrics?.storeWriteS.startTimer({ backend: this.backend });
    const batch = prepareBatch(frames);
    if (this.flavour === 'partitioned') await this.ensurePartitions(batch);
    const { rows } = await this.sql.query<{ inserted: unknown }>(this.insertSql, batchParams(batch));
    const inserted = toNumber(rows[0]?.inserted ?? 0);
    stop?.();
    const result = { received: frames.length, inserted, duplicates: frames.length - inserted };
    this.options.metrics?.storeRowsInserted.inc(inserted, { backend: this.backend });
    this.options.metrics?.storeRowsDuplicate.inc(result.duplicates, { backend: this.backend });
    return result;
  }

  private async ensurePartitions(batch: PreparedFrame[]): Promise<void> {
    const days = new Set<number>();
    for (const f of batch) days.add(Math.floor(f.us / DAY_US));
    for (const day of days) {
      if (this.knownPartitions.has(day)) continue;
      await this.sql.query(`SELECT ${this.s}.etm_ensure_frame_partition($1, ${TS_FROM_US('$2')})`, [this.schema, day * DAY_US]);
      this.knownPartitions.add(day);
    }
  }

  async stats(query: StatsQuery): Promise<CarStats[]> {
    checkId(query.sessionId, 'sessionId');
    if (query.carId !== undefined) checkId(query.carId, 'carId');
    const params: unknown[] = [query.sessionId];
    let where = 'session_id = $1';
    if (query.carId !== undefined) {
      params.push(query.carId);
      where += ' AND car_id = $2';
    }
    const { rows } = await this.sql.query<{ car_id: string; n: unknown; t0: unknown; t1: unknown }>(
      `SELECT car_id, count(*) AS n, min(${US_OF('ts')}) AS t0, max(${US_OF('ts')}) AS t1
         FROM ${this.s}.frames WHERE ${where} GROUP BY car_id`,
      params,
    );
    rows.sort((a, b) => (a.car_id < b.car_id ? -1 : a.car_id > b.car_id ? 1 : 0));
    const out: CarStats[] = [];
    for (const r of rows) {
      const checksum = await this.checksumOf(query.sessionId, r.car_id);
      out.push({
        sessionId: query.sessionId,
        carId: r.car_id,
        count: toNumber(r.n),
        checksum: checksum.value(),
        firstTsMs: r.t0 === null ? null : toNumber(r.t0) / 1000,
        lastTsMs: r.t1 === null ? null : toNumber(r.t1) / 1000,
      });
    }
    return out;
  }

  /** Reads the car's rows in key order, page by page, folding each into the checksum. */
  private async checksumOf(sessionId: string, carId: string): Promise<FrameChecksum> {
    const sum = new FrameChecksum();
    let afterUs = -1;
    for (;;) {
      const { rows } = await this.sql.query<FrameRow>(
        `SELECT ${US_OF('ts')} AS us, ${CHANNEL_COLUMN_LIST}, extra_names, extra_values
           FROM ${this.s}.frames WHERE session_id = $1 AND car_id = $2 AND ts > ${TS_FROM_US('$3')}
          ORDER BY ts LIMIT $4`,
        [sessionId, carId, afterUs, CHECKSUM_PAGE_ROWS],
      );
      for (const r of rows) sum.add(rowToFrame(sessionId, carId, r));
      if (rows.length < CHECKSUM_PAGE_ROWS) return sum;
      afterUs = toNumber(rows[rows.length - 1].us);
    }
  }

  async history(query: HistoryQuery): Promise<HistoryBucket[]> {
    checkId(query.sessionId, 'sessionId');
    checkId(query.carId, 'carId');
    if (!Array.isArray(query.channels) || query.channels.length === 0) throw new StorageError('bad-argument', 'name at least one channel');
    const columns = query.channels.map((name) => {
      if (channelColumnIndex(name) < 0) throw new StorageError('bad-argument', `'${name}' is not a canonical channel`, { channel: name });
      return quoteIdent(name);
    });
    const bucketUs = Math.round(query.bucketMs * 1000);
    if (!Number.isFinite(bucketUs) || bucketUs < 1000) throw new StorageError('bad-argument', 'bucketMs must be at least 1 ms');
    const limit = clampLimit(query.limit, 10_000, 100_000);
    const params: unknown[] = [bucketUs, query.sessionId, query.carId];
    let where = 'session_id = $2 AND car_id = $3';
    if (query.fromMs !== undefined) {
      params.push(frameTsUs(checkMs(query.fromMs, 'fromMs')));
      where += ` AND ts >= ${TS_FROM_US(`$${params.length}`)}`;
    }
    if (query.toMs !== undefined) {
      params.push(frameTsUs(checkMs(query.toMs, 'toMs')));
      where += ` AND ts < ${TS_FROM_US(`$${params.length}`)}`;
    }
    const bucketFn = this.flavour === 'timescaledb' ? 'time_bucket' : 'date_bin';
    const aggregates = columns.map((c, i) => `avg(${c}) AS a${i}, min(${c}) AS l${i}, max(${c}) AS h${i}`).join(', ');
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${US_OF('b')} AS us, count(*) AS n, ${aggregates}
         FROM (SELECT ${bucketFn}($1::float8 * interval '1 microsecond', ts, timestamptz 'epoch') AS b, ${columns.join(', ')}
                 FROM ${this.s}.frames WHERE ${where}) AS f
        GROUP BY b ORDER BY b DESC LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    rows.reverse();
    const nullable = (v: unknown) => (v === null || v === undefined ? null : toNumber(v));
    return rows.map((r) => {
      const channels: HistoryBucket['channels'] = {};
      query.channels.forEach((name, i) => (channels[name] = { avg: nullable(r[`a${i}`]), min: nullable(r[`l${i}`]), max: nullable(r[`h${i}`]) }));
      return { bucketMs: toNumber(r.us) / 1000, frames: toNumber(r.n), channels };
    });
  }

  async readFrames(query: ReadQuery): Promise<TelemetryFrame[]> {
    checkId(query.sessionId, 'sessionId');
    checkId(query.carId, 'carId');
    const limit = clampLimit(query.limit, 10_000, 100_000);
    const params: unknown[] = [query.sessionId, query.carId];
    let where = 'session_id = $1 AND car_id = $2';
    if (query.fromMs !== undefined) {
      params.push(frameTsUs(checkMs(query.fromMs, 'fromMs')));
      where += ` AND ts >= ${TS_FROM_US(`$${params.length}`)}`;
    }
    if (query.toMs !== undefined) {
      params.push(frameTsUs(checkMs(query.toMs, 'toMs')));
      where += ` AND ts < ${TS_FROM_US(`$${params.length}`)}`;
    }
    const { rows } = await this.sql.query<FrameRow>(
      `SELECT ${US_OF('ts')} AS us, ${CHANNEL_COLUMN_LIST}, extra_names, extra_values
         FROM ${this.s}.frames WHERE ${where} ORDER BY ts LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => rowToFrame(query.sessionId, query.carId, r));
  }

  async listSessions(): Promise<StoredSession[]> {
    const { rows } = await this.sql.query<{ session_id: string; cars: unknown; frames: unknown; t0: unknown; t1: unknown }>(
      `SELECT session_id, count(*) AS cars, sum(frames) AS frames, min(${US_OF('first_ts')}) AS t0, max(${US_OF('last_ts')}) AS t1
         FROM ${this.s}.frame_streams GROUP BY session_id ORDER BY t1 DESC, session_id`,
    );
    return rows.map((r) => ({
      sessionId: r.session_id,
      cars: toNumber(r.cars),
      frames: toNumber(r.frames),
      firstTsMs: r.t0 === null ? null : toNumber(r.t0) / 1000,
      lastTsMs: r.t1 === null ? null : toNumber(r.t1) / 1000,
    }));
  }

  async close(): Promise<void> {
    if (this.options.ownsSql) await this.sql.close();
  }
}

function buildInsertSql(s: string): string {
  const n = CHANNEL_COLUMNS.length;
  const channelParams = CHANNEL_COLUMNS.map((_, i) => `$${4 + i}::float8[]`).join(', ');
  const channelAliases = CHANNEL_COLUMNS.map((_, i) => `c${i}`).join(', ');
  return `WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], ${channelParams}, $${4 + n}::text[], $${5 + n}::text[])
    AS u(session_id, car_id, us, ${channelAliases}, en, ev)
), ins AS (
  INSERT INTO ${s}.frames (session_id, car_id, ts, ${CHANNEL_COLUMN_LIST}, extra_names, extra_values)
  SELECT session_id, car_id, ${TS_FROM_US('us')}, ${channelAliases}, en::text[], ev::float8[] FROM input
  ON CONFLICT DO NOTHING
  RETURNING session_id, car_id, ts
), agg AS (
  SELECT session_id, car_id, count(*) AS n, min(ts) AS t0, max(ts) AS t1 FROM ins GROUP BY session_id, car_id
), streams AS (
  INSERT INTO ${s}.frame_streams AS fs (session_id, car_id, frames, first_ts, last_ts)
  SELECT session_id, car_id, n, t0, t1 FROM agg ORDER BY session_id, car_id
  ON CONFLICT (session_id, car_id) DO UPDATE
    SET frames = fs.frames + excluded.frames, first_ts = least(fs.first_ts, excluded.first_ts), last_ts = greatest(fs.last_ts, excluded.last_ts)
  RETURNING 1
)
SELECT coalesce(sum(n), 0)::int8 AS inserted, (SELECT count(*) FROM streams) AS streams FROM agg`;
}

/** Sorted by key (a fixed lock order against deadlocks between concurrent batches), first frame of a key kept. */
function prepareBatch(frames: readonly TelemetryFrame[]): PreparedFrame[] {
  const prepared = frames.map((frame) => ({ sessionId: frame.sessionId, carId: frame.carId, us: frameTsUs(frame.tsMs), frame }));
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // Stable sort: among equal keys the first sent stays first.
  prepared.sort((a, b) => cmp(a.sessionId, b.sessionId) || cmp(a.carId, b.carId) || a.us - b.us);
  const out: PreparedFrame[] = [];
  for (const p of prepared) {
    const last = out[out.length - 1];
    if (last && last.us === p.us && last.carId === p.carId && last.sessionId === p.sessionId) continue;
    out.push(p);
  }
  return out;
}

function batchParams(batch: PreparedFrame[]): unknown[] {
  const n = batch.length;
  const columns: (Float64Array | null)[] = CHANNEL_COLUMNS.map(() => null);
  const present: Uint8Array[] = CHANNEL_COLUMNS.map(() => new Uint8Array(0));
  const extraNames: (string | null)[] = new Array(n).fill(null);
  const extraValues: (string | null)[] = new Array(n).fill(null);
  batch.forEach((p, row) => {
    const extra: string[] = [];
    for (const [name, v] of Object.entries(p.frame.values)) {
      const col = channelColumnIndex(name);
      if (col < 0) {
        extra.push(name);
        continue;
      }
      if (!columns[col]) {
        columns[col] = new Float64Array(n);
        present[col] = new Uint8Array(n);
      }
      columns[col]![row] = v;
      present[col][row] = 1;
    }
    if (extra.length) {
      extra.sort();
      extraNames[row] = textArrayLiteral(extra);
      extraValues[row] = float8ArrayLiteral(extra.map((name) => p.frame.values[name]));
    }
  });
  const channelParams = columns.map((col, c) => {
    if (!col) return '{}'; // unnest pads a shorter array with NULLs
    const withNulls: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) withNulls[i] = present[c][i] ? col[i] : null;
    return float8ArrayLiteral(withNulls);
  });
  return [
    textArrayLiteral(batch.map((p) => p.sessionId)),
    textArrayLiteral(batch.map((p) => p.carId)),
    `{${batch.map((p) => p.us).join(',')}}`,
    ...channelParams,
    textArrayLiteral(extraNames),
    textArrayLiteral(extraValues),
  ];
}

function rowToFrame(sessionId: string, carId: string, r: FrameRow): TelemetryFrame {
  const values: Record<string, number> = {};
  for (const c of CHANNEL_COLUMNS) {
    const v = r[c];
    if (v !== null && v !== undefined) values[c] = toNumber(v);
  }
  const names = r.extra_names;
  const vals = r.extra_values;
  if (names && vals) names.forEach((name, i) => (values[name] = toNumber(vals[i])));
  return { sessionId, carId, tsMs: toNumber(r.us) / 1000, values };
}

function checkId(v: unknown, what: string): void {
  if (typeof v !== 'string' || v.length === 0 || v.includes('\u0000')) throw new StorageError('bad-argument', `${what} must be a non-empty string without NUL`);
}

function checkMs(v: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new StorageError('bad-argument', `${what} must be a finite number of ms`);
  return v;
}

function clampLimit(v: number | undefined, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1) throw new StorageError('bad-argument', 'limit must be a positive integer');
  return Math.min(v, max);
}
