// The live telemetry bridge: telemetry sources (MQTT, Kafka) → normalised frames → every frame to the
// TelemetryStore (batched, idempotent, buffered while the database is away) → per-car derived values
// (workers/ lap timing and odometer) → WebSocket fan-out to the tablets, with derived energy vectors
// and strategy alerts produced to Kafka when it is configured.

import type { Server } from 'node:http';
import type { TelemetryStore } from '../storage/telemetry-store.ts';
import { CarAlerts, lapAlert, type StrategyAlert } from './derive/alerts.ts';
import { CarState, type DerivedValues } from './derive/car-state.ts';
import type { LiveFrame } from './frames/live-frame.ts';
import type { KafkaDerivedSink } from './kafka/kafka-derived-sink.ts';
import { liveMetrics, type LiveMetrics } from './live-metrics.ts';
import { RecentKeys } from './recent-keys.ts';
import { FrameWriter, type FrameWriterOptions, type FrameWriterStatus } from './store/frame-writer.ts';
import { nowMs, type FrameMeta, type SourceStatus, type TelemetrySource } from './sources/telemetry-source.ts';
import type { BackpressureLimits } from './ws/live-client.ts';
import { LiveFanout } from './ws/live-fanout.ts';
import { LiveItem } from './ws/live-item.ts';
import { LiveWsServer, type LiveAuthorizer } from './ws/live-ws-server.ts';

export interface LiveBridgeOptions {
  sources: TelemetrySource[];
  /** Where every frame is written; without one, frames are only fanned out. */
  store?: TelemetryStore;
  writer?: Omit<FrameWriterOptions, 'store' | 'onDropped' | 'onHealth'>;
  /** Session of frames that name none (default: live-YYYYMMDD of the frame's UTC date). */
  defaultSessionId?: string;
  kafkaOut?: KafkaDerivedSink;
  /** Energy vectors per car per second produced to Kafka at most (default 10). */
  energyHz?: number;
  authorize: LiveAuthorizer;
  limits?: Partial<BackpressureLimits>;
  maxClients?: number;
  /** Cars with live state at most (default 500); frames of further cars are still stored. */
  maxCars?: number;
  metrics?: LiveMetrics;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

export interface LiveCarStatus {
  carId: string;
  sessionId: string;
  lastTsMs: number;
  frames: number;
  derived: DerivedValues;
}

export interface LiveStatus {
  sources: SourceStatus[];
  clients: number;
  cars: LiveCarStatus[];
  store: FrameWriterStatus | null;
  framesReceived: number;
  duplicates: number;
}

/** Frame times remembered per car and session to recognise a redelivery (41 s at 100 Hz). */
const RECENT_KEYS_PER_CAR = 4096;

interface Car {
  state: CarState;
  alerts: CarAlerts;
  keys: Map<string, RecentKeys>;
  sessionId: string;
  frames: number;
  lastEnergyTsMs: number;
}

export class LiveBridge {
  readonly metrics: LiveMetrics;
  readonly fanout: LiveFanout;
  readonly ws: LiveWsServer;
  readonly writer: FrameWriter | undefined;
  private readonly cars = new Map<string, Car>();
  private readonly sweeper: NodeJS.Timeout;
  private framesReceived = 0;
  private duplicates = 0;
  private started = false;

  constructor(private readonly options: LiveBridgeOptions) {
    const metrics = (this.metrics = options.metrics ?? liveMetrics());
    this.fanout = new LiveFanout(metrics);
    this.ws = new LiveWsServer({
      fanout: this.fanout,
      metrics,
      authorize: options.authorize,
      limits: options.limits,
      maxClients: options.maxClients,
      view: { cars: () => [...this.cars.keys()], sources: () => this.sourceStatuses() },
    });
    if (options.store) {
      const writer = new FrameWriter({
        ...options.writer,
        store: options.store,
        onDropped: (n, reason) => metrics.edge.droppedFrames.inc(n, { reason: reason === 'overflow' ? 'store-overflow' : 'store-invalid' }),
        onHealth: (healthy, detail) => {
          metrics.storeUp.set(healthy ? 1 : 0);
          this.log(healthy ? 'info' : 'warn', healthy ? 'telemetry store writes again' : 'telemetry store write failed; buffering', { detail, buffered: this.writer?.bufferedFrames });
        },
      });
      this.writer = writer;
      metrics.storeUp.set(1);
      metrics.storeBufferLimitFrames.set(writer.maxBufferedFrames);
      metrics.storeBufferedFrames.collect(() => writer.bufferedFrames);
    }
    metrics.cars.collect(() => this.cars.size);
    for (const source of options.sources) {
      source.onFrame((frames, meta) => this.ingest(frames, meta));
      source.onStatus((s) => this.onSourceStatus(s));
      source.onReject((e, meta) => {
        metrics.edge.droppedFrames.inc(1, { reason: 'invalid' });
        this.log('warn', 'telemetry message refused', { source: meta.source, origin: meta.origin, error: e.message });
      });
    }
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  /** Starts the sources (each keeps reconnecting by itself). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(this.options.sources.map((s) => s.start()));
  }

  /** Serves /api/live on this HTTP server. */
  attach(server: Server): void {
    this.ws.attach(server);
  }

  /** Frames from a source (or a test): store, derive, fan out. */
  ingest(frames: LiveFrame[], meta: FrameMeta): void {
    const m = this.metrics;
    m.edge.ingestFrames.inc(frames.length, { source: meta.source });
    this.framesReceived += frames.length;
    for (const frame of frames) {
      const sessionId = frame.sessionId ?? this.options.defaultSessionId ?? defaultSession(frame.tsMs);
      this.writer?.add({ sessionId, carId: frame.carId, tsMs: frame.tsMs, values: frame.values });
      const car = this.car(frame.carId, sessionId);
      if (!car) continue;
      let keys = car.keys.get(sessionId);
      if (!keys) {
        keys = new RecentKeys(RECENT_KEYS_PER_CAR);
        car.keys.set(sessionId, keys);
        if (car.keys.size > 2) car.keys.delete(car.keys.keys().next().value!);
      }
      if (keys.check(frame.tsMs)) {
        this.duplicates++;
        m.duplicateFrames.inc();
        continue;
      }
      car.frames++;
      if (sessionId !== car.sessionId && frame.tsMs > car.alerts.lastFrameTsMs) {
        // the car is in a new session: laps, distance and alerts start over
        car.state = new CarState(frame.carId);
        car.alerts = new CarAlerts(frame.carId);
        car.sessionId = sessionId;
        car.lastEnergyTsMs = -Infinity;
      }
      const inOrder = frame.tsMs > car.alerts.lastFrameTsMs && sessionId === car.sessionId;
      let derived: DerivedValues | undefined;
      if (inOrder) {
        const lap = car.state.update(frame);
        derived = { ...car.state.derived };
        const alerts = car.alerts.onFrame(sessionId, frame.tsMs, meta.receivedAtMs, frame.values.speed);
        if (lap) alerts.push(lapAlert(lap, sessionId));
        for (const a of alerts) this.raise(a);
        this.energy(car, frame, sessionId);
      }
      this.fanout.push(new LiveItem(frame, sessionId, derived, meta.receivedAtMs));
    }
    m.edge.ingestLagS.set(Math.max(0, meta.receivedAtMs - frames[frames.length - 1].tsMs) / 1000, { source: meta.source });
  }

  private car(carId: string, sessionId: string): Car | undefined {
    let car = this.cars.get(carId);
    if (car) return car;
    if (this.cars.size >= (this.options.maxCars ?? 500)) {
      this.metrics.edge.droppedFrames.inc(1, { reason: 'too-many-cars' });
      return undefined;
    }
    car = { state: new CarState(carId), alerts: new CarAlerts(carId), keys: new Map(), sessionId, frames: 0, lastEnergyTsMs: -Infinity };
    this.cars.set(carId, car);
    return car;
  }

  private energy(car: Car, frame: LiveFrame, sessionId: string): void {
    const sink = this.options.kafkaOut;
    const hz = this.options.energyHz ?? 10;
    if (!sink || hz <= 0 || frame.tsMs - car.lastEnergyTsMs < 1000 / hz) return;
    car.lastEnergyTsMs = frame.tsMs;
    const d = car.state.derived;
    sink.energy(frame.carId, {
      carId: frame.carId,
      sessionId,
      tsMs: frame.tsMs,
      lap: d.lap ?? null,
      lapDistanceM: d.lapDistanceM ?? null,
      distanceM: d.distanceM ?? null,
      speedMs: frame.values.speed ?? null,
      kineticJ: d.kineticJ ?? null,
      netPowerW: d.netPowerW ?? null,
      tractionW: d.tractionW ?? null,
      brakingW: d.brakingW ?? null,
      lapTractionJ: d.lapTractionJ ?? null,
      lapBrakingJ: d.lapBrakingJ ?? null,
    });
  }

  private raise(alert: StrategyAlert): void {
    this.fanout.broadcast({ type: 'alert', alert: { ...alert } }, alert.carId);
    this.options.kafkaOut?.alert(alert.carId, alert);
  }

  private sweep(): void {
    const now = nowMs();
    for (const car of this.cars.values()) {
      const a = car.alerts.sweep(car.sessionId, now);
      if (a) this.raise(a);
    }
  }

  private onSourceStatus(s: SourceStatus): void {
    const up = s.state === 'connected' ? 1 : 0;
    const labels = { source: s.source };
    if (this.metrics.sourceUp.get(labels) === 1 && !up) this.metrics.sourceReconnects.inc(1, labels);
    this.metrics.sourceUp.set(up, labels);
    this.log(s.state === 'reconnecting' ? 'warn' : 'info', `${s.source} ${s.state}`, s.detail ? { detail: s.detail } : {});
    this.fanout.broadcast({ type: 'status', sources: this.sourceStatuses() });
  }

  private sourceStatuses(): SourceStatus[] {
    return this.options.sources.map((s) => s.status());
  }

  status(): LiveStatus {
    return {
      sources: this.sourceStatuses(),
      clients: this.fanout.clients.size,
      cars: [...this.cars.entries()].map(([carId, c]) => ({ carId, sessionId: c.sessionId, lastTsMs: c.alerts.lastFrameTsMs, frames: c.frames, derived: { ...c.state.derived } })),
      store: this.writer?.status() ?? null,
      framesReceived: this.framesReceived,
      duplicates: this.duplicates,
    };
  }

  /** Stops the sources, closes the clients, writes what is buffered (up to storeTimeoutMs) and flushes Kafka. */
  async close(storeTimeoutMs = 5000): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all(this.options.sources.map((s) => s.stop()));
    await this.ws.close();
    this.fanout.close();
    const left = (await this.writer?.close(storeTimeoutMs)) ?? 0;
    if (left) this.log('error', 'frames not written to the telemetry store at shutdown', { frames: left });
    await this.options.kafkaOut?.close();
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
    this.options.log?.(level, msg, extra);
  }
}

/** live-YYYYMMDD of the frame's UTC date. */
export function defaultSession(tsMs: number): string {
  return `live-${new Date(tsMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
}
