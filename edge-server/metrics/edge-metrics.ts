// The edge server's named metrics, created once per registry so that every module (HTTP layer, storage,
// live bridge) shares the same series. Ingest rate: rate(etm_ingest_frames_total[1m]) in Prometheus, or
// etm_ingest_rate_frames_per_second, the rate between the last two scrapes at least a second apart.

import { defaultRegistry, LATENCY_BUCKETS_S, type Counter, type Gauge, type Histogram, type MetricsRegistry } from './registry.ts';

export interface EdgeMetrics {
  /** Frames received from a live source; labels: source ('mqtt' | 'kafka' | 'http' | …). */
  ingestFrames: Counter;
  /** Frames per second received, all sources, measured between scrapes (read-only, computed). */
  ingestRate: Gauge;
  /** Frames dropped before storage or fan-out; labels: reason ('invalid' | 'backpressure' | 'overflow' | …). */
  droppedFrames: Counter;
  /** Connected live-view clients (WebSocket). */
  clients: Gauge;
  /** Seconds between a frame's timestamp and its arrival, last seen; labels: source. */
  ingestLagS: Gauge;
  /** Seconds one batch write to the telemetry store took; labels: backend. */
  storeWriteS: Histogram;
  /** Rows the store inserted / skipped as already stored; labels: backend. */
  storeRowsInserted: Counter;
  storeRowsDuplicate: Counter;
  /** HTTP requests by method and status class ('2xx' …); duration histogram by method. */
  httpRequests: Counter;
  httpRequestS: Histogram;
  /** Requests refused: by the rate limiter, or for a missing / wrong / insufficient key (reason). */
  rateLimited: Counter;
  authFailures: Counter;
  /** Sync: sessions stored, chunk bytes received. */
  syncSessionsStored: Counter;
  syncChunkBytes: Counter;
}

const cache = new WeakMap<MetricsRegistry, EdgeMetrics>();

export function edgeMetrics(registry: MetricsRegistry = defaultRegistry): EdgeMetrics {
  const found = cache.get(registry);
  if (found) return found;
  const ingestFrames = registry.counter('etm_ingest_frames_total', 'Frames received from live sources.', ['source']);
  let last = { atMs: performance.now(), total: 0, rate: 0 };
  const ingestRate = registry.gauge('etm_ingest_rate_frames_per_second', 'Frames received per second, all sources, since the previous scrape.').collect(() => {
    const now = performance.now();
    const total = ingestFrames.total();
    if (now - last.atMs >= 1000) last = { atMs: now, total, rate: ((total - last.total) * 1000) / (now - last.atMs) };
    return last.rate;
  });
  const m: EdgeMetrics = {
    ingestFrames,
    ingestRate,
    droppedFrames: registry.counter('etm_frames_dropped_total', 'Frames dropped before storage or fan-out.', ['reason']),
    clients: registry.gauge('etm_live_clients', 'Connected live-view WebSocket clients.'),
    ingestLagS: registry.gauge('etm_ingest_lag_seconds', 'Arrival time minus frame timestamp of the last frame, seconds.', ['source']),
    storeWriteS: registry.histogram('etm_store_write_seconds', 'Duration of one batched frame write to the telemetry store.', {
      labelNames: ['backend'],
      buckets: LATENCY_BUCKETS_S,
    }),
    storeRowsInserted: registry.counter('etm_store_rows_inserted_total', 'Frame rows inserted by the telemetry store.', ['backend']),
    storeRowsDuplicate: registry.counter('etm_store_rows_duplicate_total', 'Frames skipped as already stored (replays).', ['backend']),
    httpRequests: registry.counter('etm_http_requests_total', 'HTTP requests answered.', ['method', 'status']),
    httpRequestS: registry.histogram('etm_http_request_seconds', 'HTTP request duration.', { labelNames: ['method'] }),
    rateLimited: registry.counter('etm_http_rate_limited_total', 'Requests refused by the rate limiter (429).'),
    authFailures: registry.counter('etm_http_auth_failures_total', 'Requests refused for a missing, unknown or insufficient key.', ['reason']),
    syncSessionsStored: registry.counter('etm_sync_sessions_stored_total', 'Session files stored through the sync API.'),
    syncChunkBytes: registry.counter('etm_sync_chunk_bytes_total', 'Upload chunk bytes accepted by the sync API.'),
  };
  cache.set(registry, m);
  return m;
}
