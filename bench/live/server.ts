// Benchmark child: the edge server with the live bridge subscribed to the broker (QoS 1), writing through
// the telemetry store (PostgreSQL in a scratch schema, or PGlite), serving /api/live on a free port.
// Answers 'stats' with its CPU time, peak memory and stored frame count over IPC.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSource } from '../../edge-server/demo-source.ts';
import { LiveBridge } from '../../edge-server/live/live-bridge.ts';
import { liveMetrics } from '../../edge-server/live/live-metrics.ts';
import { MqttSource } from '../../edge-server/live/sources/mqtt-source.ts';
import { MetricsRegistry } from '../../edge-server/metrics/registry.ts';
import { startServer } from '../../edge-server/start.ts';
import { openDatabase, openTelemetryStore, type Database } from '../../edge-server/storage/open-store.ts';
import type { TelemetryStore } from '../../edge-server/storage/telemetry-store.ts';

const [url, storeKind, pgUrl] = process.argv.slice(2);
const schema = `etm_bench_${process.pid}`;
let db: Database | undefined;
let store: TelemetryStore | undefined;
if (storeKind === 'postgres') db = await openDatabase({ kind: 'postgres', connectionString: pgUrl, schema, timescale: 'auto', poolSize: 4 });
else if (storeKind === 'pglite') db = await openDatabase({ kind: 'pglite', schema });
if (db) store = await openTelemetryStore(db);

const source = new MqttSource({ url, clientId: `etm-bench-edge-${process.pid}` });
const bridge = new LiveBridge({ sources: [source], store, authorize: () => ({ ok: true, role: 'viewer' }), metrics: liveMetrics(new MetricsRegistry()) });
const distDir = mkdtempSync(join(tmpdir(), 'etm-bench-dist-'));
const server = await startServer({ port: 0, hostname: '127.0.0.1', distDir, demo: createDemoSource(() => ({ csv: [''], truthJson: '{}' })), log: () => undefined, live: bridge });
await bridge.start();
while (source.status().state !== 'connected') await new Promise((r) => setTimeout(r, 20));

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 100);

process.send!({ type: 'ready', wsUrl: `ws://127.0.0.1:${server.port}/api/live`, backend: store?.backend ?? 'none' });
process.on('message', async (msg: { type: string; sessionId?: string }) => {
  if (msg.type === 'mark') {
    peakRss = 0;
    peakHeap = 0;
    process.send!({ type: 'mark', cpu: process.cpuUsage(), atMs: performance.now() });
  } else if (msg.type === 'stats') {
    const cpu = process.cpuUsage();
    const atMs = performance.now();
    const t0 = performance.now();
    await bridge.writer?.drain();
    const drainMs = performance.now() - t0;
    const stats = store ? await store.stats({ sessionId: msg.sessionId! }) : [];
    process.send!({
      type: 'stats',
      cpu,
      atMs,
      peakRss,
      peakHeap,
      stored: stats.reduce((n, s) => n + s.count, 0),
      storeDrainMs: drainMs,
      status: { ...bridge.status(), cars: bridge.status().cars.length },
    });
  } else if (msg.type === 'exit') {
    clearInterval(sampler);
    await bridge.close();
    await server.close();
    if (db && storeKind === 'postgres') await db.sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db?.close();
    rmSync(distDir, { recursive: true, force: true });
    process.exit(0);
  }
});
