// Test support for the live bridge: the edge server with the bridge attached (real HTTP server, real
// security layer with test keys), a PGlite or PostgreSQL telemetry store, a WebSocket tablet that
// records what it receives, MQTT publishers of deterministic frames, and stored-vs-sent comparison.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { createDemoSource } from '../../edge-server/demo-source.ts';
import { LiveBridge, type LiveBridgeOptions } from '../../edge-server/live/live-bridge.ts';
import type { LiveFrame } from '../../edge-server/live/frames/live-frame.ts';
import { encodeBinaryFrame } from '../../edge-server/live/frames/binary-frame.ts';
import { securityAuthorizer } from '../../edge-server/live/ws/security-authorizer.ts';
import { MetricsRegistry } from '../../edge-server/metrics/registry.ts';
import { liveMetrics } from '../../edge-server/live/live-metrics.ts';
import { KeyRing } from '../../edge-server/security/api-keys.ts';
import { EdgeSecurity } from '../../edge-server/security/edge-security.ts';
import { startServer, type RunningServer } from '../../edge-server/start.ts';
import { FrameChecksum } from '../../edge-server/storage/frame-checksum.ts';
import { openDatabase, openTelemetryStore, type Database } from '../../edge-server/storage/open-store.ts';
import type { TelemetryStore } from '../../edge-server/storage/telemetry-store.ts';
import { openTestDatabase } from '../../edge-server/storage/test-databases.ts';

export const VIEWER_KEY = 'viewer-key-for-live-tests-0001';
export const ENGINEER_KEY = 'engineer-key-for-live-tests-001';
export const T0 = Date.UTC(2026, 5, 14, 13, 0, 0);

export function testSecurity(): EdgeSecurity {
  return new EdgeSecurity({
    keys: new KeyRing([
      { key: VIEWER_KEY, role: 'viewer' },
      { key: ENGINEER_KEY, role: 'engineer' },
    ]),
    rateLimit: { ratePerS: 1000, burst: 1000 },
  });
}

export interface TestStore {
  store: TelemetryStore;
  db: Database;
  close(): Promise<void>;
}

export async function pgliteStore(): Promise<TestStore> {
  const db = await openDatabase({ kind: 'pglite', schema: 'etm' });
  const store = await openTelemetryStore(db);
  return { store, db, close: () => db.close() };
}

export async function postgresStore(): Promise<TestStore> {
  const db = await openTestDatabase('postgres');
  const store = await openTelemetryStore(db);
  return { store, db, close: () => db.close() };
}

export interface LiveServer {
  server: RunningServer;
  bridge: LiveBridge;
  registry: MetricsRegistry;
  wsUrl: string;
  close(): Promise<void>;
}

/** The edge server on a free port with a live bridge over these sources. */
export async function startLiveServer(options: Omit<LiveBridgeOptions, 'authorize' | 'metrics'>): Promise<LiveServer> {
  const registry = new MetricsRegistry();
  const bridge = new LiveBridge({ ...options, authorize: securityAuthorizer(testSecurity()), metrics: liveMetrics(registry) });
  const distDir = mkdtempSync(join(tmpdir(), 'etm-live-dist-'));
  const server = await startServer({
    port: 0,
    hostname: '127.0.0.1',
    distDir,
    demo: createDemoSource(() => ({ csv: ['time_s,channel,value\n'], truthJson: '{}' })),
    log: () => undefined,
    live: bridge,
  });
  await bridge.start();
  return {
    server,
    bridge,
    registry,
    wsUrl: `ws://127.0.0.1:${server.port}/api/live`,
    close: async () => {
      await bridge.close();
      await server.close();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedFrame {
  car: string;
  session: string;
  ts: number;
  values: Record<string, number>;
  derived?: Record<string, number>;
}

/** A tablet: connects with a key and records every frame and control message. */
export class TestTablet {
  readonly frames = new Map<string, ReceivedFrame>();
  readonly messages: Array<Record<string, unknown>> = [];
  duplicates = 0;
  received = 0;
  closeCode: number | undefined;
  closeReason = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown> & { frames?: ReceivedFrame[] };
      if (msg.type === 'frames') {
        for (const f of msg.frames!) {
          const key = frameKey(f.car, f.ts);
          this.received++;
          if (this.frames.has(key)) this.duplicates++;
          this.frames.set(key, f);
        }
      } else this.messages.push(msg);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.wake();
    });
  }

  static async connect(url: string, key: string | null = VIEWER_KEY, query = ''): Promise<TestTablet> {
    const ws = new WebSocket(`${url}${query ? `?${query}` : ''}`, key ? { headers: { Authorization: `Bearer ${key}` } } : {});
    const tablet = new TestTablet(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    await tablet.until(() => tablet.messages.some((m) => m.type === 'hello'), 5000, 'hello');
    return tablet;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when cond() holds; rejects after timeoutMs saying what was awaited. */
  until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return waitFor(cond, timeoutMs, what, (wake) => this.waiters.push(wake));
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }
}

export function frameKey(car: string, ts: number): string {
  return `${car}|${ts}`;
}

/** Polls (and optionally is woken) until cond() holds. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string, register?: (wake: () => void) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 50);
      register?.(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** Deterministic frame i of a car: 100 Hz, a lap every 30 s (1000 m), values exact in JSON and float64. */
export function testFrame(carId: string, i: number, sessionId: string, t0 = T0): LiveFrame {
  const tS = i / 100;
  const lapDistance = (tS * 33.3) % 999;
  return {
    carId,
    sessionId,
    tsMs: t0 + i * 10,
    values: { speed: 33.3 + (i % 7) * 0.125, rpm: 6000 + (i % 50), throttle: (i % 101) * 0.5, lap_distance: Math.round(lapDistance * 10) / 10, lap: 1 + Math.floor((tS * 33.3) / 999) },
  };
}

/** The JSON a sender publishes for a frame. */
export function jsonPayload(f: LiveFrame): string {
  return JSON.stringify({ car: f.carId, ts: f.tsMs, session: f.sessionId, values: f.values });
}

/** Binary payloads carry float32 values: the frame as the server will see it. */
export function asFloat32(f: LiveFrame): LiveFrame {
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(f.values)) values[k] = Math.fround(v);
  return { ...f, values };
}

export function binaryPayload(f: LiveFrame): Buffer {
  return Buffer.from(encodeBinaryFrame(f, { float64: false }));
}

export function checksumOf(frames: Iterable<LiveFrame>): string {
  const c = new FrameChecksum();
  for (const f of frames) c.add({ sessionId: f.sessionId!, carId: f.carId, tsMs: f.tsMs, values: f.values });
  return c.value();
}

/** Count and checksum of one session as stored (all cars together). */
export async function storedSummary(store: TelemetryStore, sessionId: string): Promise<{ count: number; checksums: Record<string, string>; counts: Record<string, number> }> {
  const stats = await store.stats({ sessionId });
  return {
    count: stats.reduce((n, s) => n + s.count, 0),
    checksums: Object.fromEntries(stats.map((s) => [s.carId, s.checksum])),
    counts: Object.fromEntries(stats.map((s) => [s.carId, s.count])),
  };
}

/** What was sent, per car: count and checksum, in the same shape as storedSummary. */
export function sentSummary(frames: LiveFrame[]): { count: number; checksums: Record<string, string>; counts: Record<string, number> } {
  const byCar = new Map<string, LiveFrame[]>();
  for (const f of frames) {
    let list = byCar.get(f.carId);
    if (!list) byCar.set(f.carId, (list = []));
    list.push(f);
  }
  const cars = [...byCar.keys()].sort();
  return {
    count: frames.length,
    checksums: Object.fromEntries(cars.map((c) => [c, checksumOf(byCar.get(c)!)])),
    counts: Object.fromEntries(cars.map((c) => [c, byCar.get(c)!.length])),
  };
}

export async function mqttClient(url: string, clientId: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 200, connectTimeout: 3000, protocolVersion: 4 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

/** Whether something listens on host:port. */
export function tcpReachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}
