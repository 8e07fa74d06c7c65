// Edge server entry point: serves the built PWA and the demo API on PORT (default 8000).
// Run: npm run serve (after npm run build), or npm start (builds first).

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoSource } from './demo-source.ts';
import { buildProjectDemo, DEMO_SEED } from './project-demo.ts';
import { distIsBuilt, MISSING_BUILD_MESSAGE, startServer } from './start.ts';
import { edgeMetrics } from './metrics/edge-metrics.ts';
import { securityFromEnv } from './security/edge-security.ts';
import { openEdgeStorage } from './storage/edge-storage.ts';
import { liveConfigFromEnv } from './live/live-config.ts';
import { liveMetrics } from './live/live-metrics.ts';
import { startLive } from './live/live-runtime.ts';
import { securityAuthorizer } from './live/ws/security-authorizer.ts';

function logLine(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra })}\n`);
}

const port = Number(process.env.PORT ?? 8000);
const distDir = resolve(process.env.DIST_DIR ?? fileURLToPath(new URL('../dist/', import.meta.url)));

if (!distIsBuilt(distDir)) logLine('warn', MISSING_BUILD_MESSAGE, { distDir });

const security = securityFromEnv(process.env);
if (security.generatedKey) {
  // Printed once: the PWA opened on this machine fetches it from /api/auth/bootstrap; other devices need it typed in.
  logLine('warn', 'no API keys configured (ETM_API_KEYS / ETM_API_KEYS_FILE): generated an engineer key for this run', { key: security.generatedKey });
}
const storage = await openEdgeStorage(process.env, fileURLToPath(new URL('../.data/', import.meta.url)), edgeMetrics());
logLine('info', 'storage ready', { backend: storage.db.backend, schema: storage.db.schema, why: storage.db.reason, syncDir: storage.syncDir });

// Live telemetry: MQTT (embedded broker on ETM_MQTT_PORT unless MQTT_URL), Kafka when KAFKA_BROKERS is set.
const liveConfig = liveConfigFromEnv(process.env);
const live = liveConfig.enabled
  ? await startLive(liveConfig, { store: storage.telemetry, authorize: securityAuthorizer(security), metrics: liveMetrics(), log: logLine })
  : undefined;
if (live) logLine('info', 'live bridge ready', { ws: '/api/live', mqtt: live.mqttUrl, kafka: liveConfig.kafka?.brokers.join(',') ?? null });

const demo = createDemoSource(() => buildProjectDemo(DEMO_SEED));
const server = await startServer({ port, hostname: process.env.HOST, distDir, demo, security, telemetry: storage.telemetry, sync: storage.sync, live: live?.bridge });
logLine('info', 'listening', { url: server.url, distDir });

// Generate (and gzip) the demo now rather than on the first tablet's request.
Promise.all([demo.get(), demo.getGzip()]).then(
  ([d, gz]) => logLine('info', 'demo ready', { seed: DEMO_SEED, csvBytes: d.csvBytes, gzipBytes: gz.length, generatedInMs: d.generatedInMs }),
  (e: unknown) => logLine('error', 'demo generation failed', { error: String(e) }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logLine('info', 'shutting down', { signal });
    void (live?.close() ?? Promise.resolve())
      .then(() => server.close())
      .then(() => storage.close())
      .then(() => process.exit(0));
  });
}
