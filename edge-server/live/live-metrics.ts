// The live bridge's metrics on the edge server's registry: the shared ingest/clients/drop series
// (metrics/edge-metrics.ts) plus the bridge's own: memory held (WebSocket send buffers, pending frames,
// the store buffer), slow clients, duplicates, source connections and fan-out latency.

import { edgeMetrics, type EdgeMetrics } from '../metrics/edge-metrics.ts';
import { defaultRegistry, type Counter, type Gauge, type Histogram, type MetricsRegistry } from '../metrics/registry.ts';

export interface LiveMetrics {
  edge: EdgeMetrics;
  /** Bytes queued in WebSocket send buffers, all clients together. */
  wsBufferedBytes: Gauge;
  /** Frames waiting for the next fan-out flush, all clients together. */
  wsPendingFrames: Gauge;
  /** Clients currently decimated for being slow. */
  wsDecimatedClients: Gauge;
  /** Clients closed by the server; labels: reason ('slow' | 'protocol' | 'heartbeat'). */
  wsClientsDropped: Counter;
  wsFramesSent: Counter;
  /** Frames a client did not get; labels: reason ('rate' | 'decimated' | 'overflow'). */
  wsFramesSkipped: Counter;
  /** Frames waiting for the telemetry store (grows while the database is away) and its bound. */
  storeBufferedFrames: Gauge;
  storeBufferLimitFrames: Gauge;
  /** 1 while the last store write succeeded. */
  storeUp: Gauge;
  /** Frames seen before (same session, car, ts: QoS 1 / Kafka redeliveries), kept from the live view. */
  duplicateFrames: Counter;
  /** Cars with live state. */
  cars: Gauge;
  /** 1 while the source is connected; labels: source. */
  sourceUp: Gauge;
  sourceReconnects: Counter;
  /** Source receive → WebSocket send, seconds. */
  fanoutS: Histogram;
  /** Derived records produced to Kafka, and those dropped while Kafka was away; labels: topic. */
  kafkaProduced: Counter;
  kafkaDropped: Counter;
}

const FANOUT_BUCKETS_S = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1] as const;
const cache = new WeakMap<MetricsRegistry, LiveMetrics>();

export function liveMetrics(registry: MetricsRegistry = defaultRegistry): LiveMetrics {
  const found = cache.get(registry);
  if (found) return found;
  const m: LiveMetrics = {
    edge: edgeMetrics(registry),
    wsBufferedBytes: registry.gauge('etm_live_ws_buffered_bytes', 'Bytes queued in WebSocket send buffers (all clients).'),
    wsPendingFrames: registry.gauge('etm_live_ws_pending_frames', 'Frames waiting for the next fan-out flush (all clients).'),
    wsDecimatedClients: registry.gauge('etm_live_ws_decimated_clients', 'Live clients currently decimated for being slow.'),
    wsClientsDropped: registry.counter('etm_live_ws_clients_dropped_total', 'Live clients closed by the server.', ['reason']),
    wsFramesSent: registry.counter('etm_live_ws_frames_sent_total', 'Frames sent to live clients.'),
    wsFramesSkipped: registry.counter('etm_live_ws_frames_skipped_total', 'Frames a live client did not get.', ['reason']),
    storeBufferedFrames: registry.gauge('etm_live_store_buffered_frames', 'Frames waiting to be written to the telemetry store.'),
    storeBufferLimitFrames: registry.gauge('etm_live_store_buffer_limit_frames', 'Most frames held for the telemetry store before the oldest are dropped.'),
    storeUp: registry.gauge('etm_live_store_up', '1 while writes to the telemetry store succeed.'),
    duplicateFrames: registry.counter('etm_live_duplicate_frames_total', 'Frames received again (same session, car and time).'),
    cars: registry.gauge('etm_live_cars', 'Cars with live state.'),
    sourceUp: registry.gauge('etm_live_source_up', '1 while the telemetry source is connected.', ['source']),
    sourceReconnects: registry.counter('etm_live_source_reconnects_total', 'Times a telemetry source lost its connection.', ['source']),
    fanoutS: registry.histogram('etm_live_fanout_seconds', 'Time from receiving a frame to sending it to the live clients.', { buckets: FANOUT_BUCKETS_S }),
    kafkaProduced: registry.counter('etm_live_kafka_produced_total', 'Derived records produced to Kafka.', ['topic']),
    kafkaDropped: registry.counter('etm_live_kafka_dropped_total', 'Derived records dropped while Kafka was unreachable.', ['topic']),
  };
  cache.set(registry, m);
  return m;
}
