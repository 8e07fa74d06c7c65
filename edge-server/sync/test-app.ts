// Test support for the sync and security tests: the edge app with storage on a test database, known keys,
// a fetch that drives app.request() (optionally failing after some chunk uploads, like a dropped network).

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../app.ts';
import { createDemoSource } from '../demo-source.ts';
import { edgeMetrics } from '../metrics/edge-metrics.ts';
import type { LogSink } from '../middleware/request-log.ts';
import { MetricsRegistry } from '../metrics/registry.ts';
import { KeyRing } from '../security/api-keys.ts';
import { EdgeSecurity, type SecurityOptions } from '../security/edge-security.ts';
import { openTelemetryStore, type Database } from '../storage/open-store.ts';
import type { TelemetryStore } from '../storage/telemetry-store.ts';
import { openTestDatabase, type TestBackend } from '../storage/test-databases.ts';
import { SyncService } from './sync-service.ts';

export const ENGINEER_KEY = 'engineer-test-key-000000000001';
export const VIEWER_KEY = 'viewer-test-key-00000000000001';

export interface TestApp {
  app: Hono;
  db: Database;
  telemetry: TelemetryStore;
  sync: SyncService;
  security: EdgeSecurity;
  registry: MetricsRegistry;
  blobDir: string;
  /** fetch over app.request(), from a loopback socket unless told otherwise. */
  fetch: typeof fetch;
  close(): Promise<void>;
}

export async function startTestApp(backend: TestBackend, security: Partial<SecurityOptions> = {}, log: LogSink = () => undefined): Promise<TestApp> {
  const db = await openTestDatabase(backend);
  const base = mkdtempSync(join(tmpdir(), 'etm-sync-'));
  const blobDir = join(base, 'sync');
  const distDir = join(base, 'dist');
  mkdirSync(distDir);
  const registry = new MetricsRegistry();
  const sec = new EdgeSecurity({
    keys: new KeyRing([
      { key: ENGINEER_KEY, role: 'engineer' },
      { key: VIEWER_KEY, role: 'viewer' },
    ]),
    rateLimit: { ratePerS: 10_000, burst: 10_000 },
    metrics: edgeMetrics(registry),
    ...security,
  });
  const telemetry = await openTelemetryStore(db, { metrics: edgeMetrics(registry) });
  const sync = await SyncService.open({ sql: db.sql, schema: db.schema, blobDir, metrics: edgeMetrics(registry) });
  const app = createApp({
    distDir,
    demo: createDemoSource(() => ({ csv: ['time_s,channel,value\n'], truthJson: '{}' })),
    log,
    logError: () => undefined,
    security: sec,
    telemetry,
    sync,
    metricsRegistry: registry,
  });
  const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) =>
    app.request(input instanceof Request ? input : String(input), init, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })) as typeof fetch;
  return {
    app,
    db,
    telemetry,
    sync,
    security: sec,
    registry,
    blobDir,
    fetch: fetchFn,
    close: async () => {
      await db.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A fetch that throws (as a dropped connection would) on the (k+1)-th chunk upload and after. */
export function failingAfterChunks(inner: typeof fetch, k: number): typeof fetch {
  let chunks = 0;
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === 'PUT' && /\/chunks\/\d+$/.test(String(input)) && ++chunks > k) return Promise.reject(new TypeError('fetch failed: network down'));
    return inner(input, init);
  }) as typeof fetch;
}

/** Deterministic pseudo-random bytes. */
export function testBytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}
