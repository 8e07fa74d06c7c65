// The interface every telemetry backend implements (TimescaleDB, plain PostgreSQL, embedded PGlite):
// batched idempotent frame writes keyed (sessionId, carId, ts), per-car count + checksum, downsampled
// history and raw read-back. The live bridge writes through this; see docs/sync.md for the layout.

/** One sample instant of one car: channel values in SI units, keyed by canonical channel name. */
export interface TelemetryFrame {
  sessionId: string;
  carId: string;
  /**
   * Wall-clock time, ms since the Unix epoch (UTC). Stored with microsecond resolution: the key is
   * Math.round(tsMs * 1000) µs, so two frames closer than 1 µs are the same frame.
   */
  tsMs: number;
  /**
   * Channel name → value. Canonical names (workers/model/channels.ts) are stored as their own columns;
   * any other name goes to the row's extra channels (kept exactly, NaN and ±Infinity included).
   */
  values: Readonly<Record<string, number>>;
}

export interface WriteResult {
  /** Frames in the batch. */
  received: number;
  /** Rows that were new. */
  inserted: number;
  /** Frames whose (sessionId, carId, ts) was already stored (a replayed batch): nothing written for them. */
  duplicates: number;
}

/** What is stored for one car of one session. */
export interface CarStats {
  sessionId: string;
  carId: string;
  /** Stored rows (one per distinct frame key). */
  count: number;
  /** frameChecksum() over the stored rows: equals the checksum of the distinct frames that were sent. */
  checksum: string;
  firstTsMs: number | null;
  lastTsMs: number | null;
}

export interface StatsQuery {
  sessionId: string;
  /** One car; every car of the session when omitted. */
  carId?: string;
}

export interface HistoryQuery {
  sessionId: string;
  carId: string;
  /** Canonical channel names to aggregate (unknown names are refused with a StorageError 'bad-argument'). */
  channels: readonly string[];
  /** Bucket width in ms (≥ 1 ms, whole microseconds). Buckets are aligned to the Unix epoch. */
  bucketMs: number;
  /** Inclusive start / exclusive end, ms since the epoch; open when omitted. */
  fromMs?: number;
  toMs?: number;
  /** At most this many buckets, the latest ones (default 10,000). */
  limit?: number;
}

export interface ChannelAggregate {
  avg: number | null;
  min: number | null;
  max: number | null;
}

export interface HistoryBucket {
  /** Bucket start, ms since the epoch. */
  bucketMs: number;
  /** Frames in the bucket. */
  frames: number;
  channels: Record<string, ChannelAggregate>;
}

export interface ReadQuery {
  sessionId: string;
  carId: string;
  fromMs?: number;
  toMs?: number;
  /** Default 10,000, at most 100,000. */
  limit?: number;
}

export interface StoredSession {
  sessionId: string;
  cars: number;
  frames: number;
  firstTsMs: number | null;
  lastTsMs: number | null;
}

export type StorageBackend = 'timescaledb' | 'postgres' | 'pglite';

export interface TelemetryStore {
  readonly backend: StorageBackend;
  /**
   * Writes a batch in one statement, idempotently: frames whose key is already stored are skipped
   * (ON CONFLICT DO NOTHING), so replaying a batch never duplicates rows. Frames may mix sessions
   * and cars. Within one batch a repeated key keeps its first frame. Invalid frames throw
   * StorageError('bad-argument') before anything is written.
   */
  writeFrames(frames: readonly TelemetryFrame[]): Promise<WriteResult>;
  /** Count + checksum per car (sorted by carId); an empty list when nothing is stored. */
  stats(query: StatsQuery): Promise<CarStats[]>;
  /** Downsampled history: time_bucket on TimescaleDB, date_bin on plain PostgreSQL/PGlite; oldest bucket first. */
  history(query: HistoryQuery): Promise<HistoryBucket[]>;
  /** Raw frames of one car, oldest first. */
  readFrames(query: ReadQuery): Promise<TelemetryFrame[]>;
  /** Sessions with stored frames, most recent first. */
  listSessions(): Promise<StoredSession[]>;
  /** Releases the connection (pool or embedded database) if the store owns it. */
  close(): Promise<void>;
}
